#!/usr/bin/env python3
"""Builds seeded (gold, prediction) pairs from MATH-500 answers for the grader benchmark.

Each pair carries the label the generator intends ("equal": a rewrite of the same answer, or not:
a near miss) and the kind of rewrite. Usage: make_pairs.py MATH500_JSONL COUNT SEED > pairs.jsonl
"""
import json
import random
import re
import sys
from fractions import Fraction

NAMES = ["Evelyn", "Navin", "Luna", "Devon", "Kai", "Mira"]


def top_level_split(text, separator=","):
    parts, depth, current = [], 0, ""
    i = 0
    while i < len(text):
        c = text[i]
        if text.startswith("\\{", i) or text.startswith("\\}", i):
            depth += 1 if c == "\\" and text[i + 1] == "{" else -1
            current += text[i:i + 2]
            i += 2
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += c
        i += 1
    parts.append(current)
    return parts


def is_plain_number(a):
    return re.fullmatch(r"-?\d+(\.\d+)?|-?\.\d+", a) is not None


def is_fraction(a):
    return re.fullmatch(r"-?\\frac\{(\d+)\}\{(\d+)\}", a) is not None


def is_text(a):
    return a.startswith("\\text{") or "\\text{" in a and not any(ch.isdigit() for ch in a)


def bracketed_items(a):
    """(open, items, close) for an answer wrapped in one bracket pair, else None."""
    s = a.replace("\\left", "").replace("\\right", "").strip()
    if len(s) < 2 or s[0] not in "([" or s[-1] not in ")]":
        return None
    inner = s[1:-1]
    depth = 0
    for c in inner:
        depth += c in "([{"
        depth -= c in ")]}"
        if depth < 0:
            return None
    items = top_level_split(inner)
    return (s[0], [x.strip() for x in items], s[-1]) if len(items) >= 2 else None


def is_grouped_number(a):
    """A number written with thousands separators (`10,\\!080`, `58,500`), not a list."""
    return ",\\!" in a or re.fullmatch(r"(\\\$)?-?\d{1,3}(,\d{3})+(\.\d+)?", a) is not None


def bare_list(a):
    if is_grouped_number(a):
        return None
    if a.startswith("\\{") and a.endswith("\\}"):
        items = top_level_split(a[2:-2])
        return ("set", [x.strip() for x in items]) if len(items) >= 2 else None
    if any(s in a for s in ["\\begin", "(", "[", "="]):
        return None
    items = top_level_split(a)
    return ("list", [x.strip() for x in items]) if len(items) >= 2 else None


# ---------------------------------------------------------------- equal rewrites

def rewrite_dfrac(a):
    if "\\frac" in a:
        return a.replace("\\frac", "\\dfrac")
    if "\\dfrac" in a:
        return a.replace("\\dfrac", "\\frac")


def rewrite_frac_shorthand(a):
    out = re.sub(r"\\frac\{(\d)\}\{(\d)\}", r"\\frac\1\2", a)
    return out if out != a else None


def rewrite_decimal(a, rng):
    m = re.fullmatch(r"(-?)\\frac\{(\d+)\}\{(\d+)\}", a)
    if m:
        value = Fraction(int(m.group(2)), int(m.group(3)))
        d = value.denominator
        while d % 2 == 0:
            d //= 2
        while d % 5 == 0:
            d //= 5
        if d != 1:
            return None
        text = format(float(value), ".10f").rstrip("0").rstrip(".")
        return m.group(1) + text
    if re.fullmatch(r"-?\.\d+", a):
        return a.replace(".", "0.", 1)
    if re.fullmatch(r"-?0\.\d+", a):
        return a.replace("0.", ".", 1)
    if re.fullmatch(r"-?\d+", a):
        return a + ".0"


def rewrite_equivalent_fraction(a, rng):
    m = re.fullmatch(r"(-?)\\frac\{(\d+)\}\{(\d+)\}", a)
    if not m:
        return None
    k = rng.choice([2, 3, 5])
    return f"{m.group(1)}\\frac{{{int(m.group(2)) * k}}}{{{int(m.group(3)) * k}}}"


def rewrite_spacing(a, rng):
    if rng.random() < 0.5 and not is_grouped_number(a):
        out = re.sub(r"\s*([,+=])\s*", r" \1 ", a).strip()
        out = re.sub(r"\s+", " ", out)
    else:
        out = re.sub(r"(?<![A-Za-z])\s+|\s+(?![A-Za-z])", "", a)
    return out if out != a else None


def rewrite_left_right(a, rng):
    if "\\left" in a or not re.search(r"[\(\[]", a) or "\\begin" in a:
        return None
    out = re.sub(r"(?<!\\)\(", r"\\left(", a)
    out = re.sub(r"(?<!\\)\[", r"\\left[", out)
    out = re.sub(r"(?<!\\)\)", r"\\right)", out)
    out = re.sub(r"(?<!\\)\]", r"\\right]", out)
    return out


def rewrite_x_prefix(a, rng):
    if "=" in a or "\\in" in a or bracketed_items(a) or bare_list(a) or is_text(a) or "\\begin" in a:
        return None
    return rng.choice(["x = ", "x=", "y = ", "k = "]) + a


def rewrite_units(a, rng):
    if not is_plain_number(a):
        return None
    return rng.choice([a + "^\\circ", a + "^{\\circ}", a + "\\text{ cm}", a + " \\text{ units}", "\\$" + a])


def rewrite_thousands(a, rng):
    if not re.fullmatch(r"\d{4,}", a):
        return None
    grouped = f"{int(a):,}"
    return grouped.replace(",", rng.choice([",", "{,}", ",\\!"]))


def rewrite_reorder(a, rng):
    listed = bare_list(a)
    if not listed:
        return None
    kind, items = listed
    if len(set(items)) < 2:
        return None
    shuffled = items[:]
    while shuffled == items:
        rng.shuffle(shuffled)
    body = ", ".join(shuffled)
    return "\\{" + body + "\\}" if kind == "set" else body


def rewrite_sqrt_brace(a, rng):
    out = re.sub(r"\\sqrt\{(\d)\}", r"\\sqrt\1", a)
    if out != a:
        return out
    out = re.sub(r"\\sqrt(\d)", r"\\sqrt{\1}", a)
    return out if out != a else None


def rewrite_boxed_sentence(a, rng):
    return rng.choice([
        f"Therefore, the final answer is $\\boxed{{{a}}}$.",
        f"So we get $\\boxed{{{a}}}$",
        f"The final answer is ${a}$. I hope it is correct.",
    ])


def rewrite_commute(a, rng):
    m = re.fullmatch(r"([^+\-\s(){}]+)\s*([+-])\s*([^+\-\s(){}]+)", a)
    if not m or "=" in a or "," in a:
        return None
    first, op, second = m.groups()
    return f"{'-' if op == '-' else ''}{second} + {first}"


def rewrite_text(a, rng):
    m = re.fullmatch(r"\\text\{\(?([A-Za-z]+)\)?\}", a)
    if not m:
        return None
    return m.group(1) if rng.random() < 0.5 else m.group(1).lower()


EQUAL = {
    "dfrac": lambda a, rng: rewrite_dfrac(a),
    "frac-shorthand": lambda a, rng: rewrite_frac_shorthand(a),
    "decimal": rewrite_decimal,
    "equivalent-fraction": rewrite_equivalent_fraction,
    "spacing": rewrite_spacing,
    "left-right": rewrite_left_right,
    "x-prefix": rewrite_x_prefix,
    "units": rewrite_units,
    "thousands": rewrite_thousands,
    "reorder": rewrite_reorder,
    "sqrt-brace": rewrite_sqrt_brace,
    "boxed-sentence": rewrite_boxed_sentence,
    "commute": rewrite_commute,
    "text-case": rewrite_text,
}

# ---------------------------------------------------------------- near misses

def miss_off_by_one(a, rng):
    # Base subscripts (52_8) and unit exponents (cm^2) are not values; decimals' digits may be rounding.
    if "_" in a or "\\text" in a or "\\mbox" in a:
        return None
    runs = list(re.finditer(r"(?<![\d.])\d+(?![\d.])", a))
    if not runs:
        return None
    m = rng.choice(runs)
    value = int(m.group())
    delta = rng.choice([1, -1]) if value > 1 else 1
    return a[:m.start()] + str(value + delta) + a[m.end():]


def miss_sign_flip(a, rng):
    if (bracketed_items(a) or bare_list(a) or "=" in a or is_text(a) or "\\begin" in a or "\\pm" in a
            or "\\cup" in a):
        return None
    if re.fullmatch(r"-?0+(\.0+)?", a):
        return None
    if a.startswith("-") and not re.search(r"[+-]", a[1:]):
        return a[1:]
    if not re.search(r"(?<!^)[+-]", a):
        return "-" + a
    return "-(" + a + ")"


def miss_swap(a, rng):
    b = bracketed_items(a)
    if not b:
        return None
    open_, items, close = b
    if items[0] == items[1]:
        return None
    items = [items[1], items[0]] + items[2:]
    return open_ + ", ".join(items) + close


def miss_bracket(a, rng):
    b = bracketed_items(a)
    if not b or len(b[1]) != 2:
        return None
    open_, items, close = b
    ends = []
    if "infty" not in items[0]:
        ends.append(0)
    if "infty" not in items[1]:
        ends.append(1)
    if not ends:
        return None
    if rng.choice(ends) == 0:
        open_ = "[" if open_ == "(" else "("
    else:
        close = "]" if close == ")" else ")"
    return open_ + ", ".join(items) + close


def miss_drop_element(a, rng):
    listed = bare_list(a)
    if not listed:
        return None
    kind, items = listed
    if items[-1] in items[:-1]:
        return None
    body = ", ".join(items[:-1])
    return "\\{" + body + "\\}" if kind == "set" else body


def miss_pm(a, rng):
    if "\\pm" not in a:
        return None
    return a.replace("\\pm", rng.choice(["+", "-"]), 1)


def miss_variable(a, rng):
    # In `x \\in [a, b]` the variable is a label of the set, not part of the value.
    if is_text(a) or "\\text" in a or "\\in" in a:
        return None
    letters = set(re.findall(r"(?<![\\A-Za-z])([a-hj-z])(?![A-Za-z])", a)) - {"e", "i"}
    if not letters:
        return None
    old = rng.choice(sorted(letters))
    new = next(c for c in "tuvwzs" if c not in a)
    return re.sub(r"(?<![\\A-Za-z])" + old + r"(?![A-Za-z])", new, a)


def miss_swap_fraction(a, rng):
    m = re.search(r"\\frac\{([^{}]+)\}\{([^{}]+)\}", a)
    if not m or m.group(1) == m.group(2):
        return None
    return a[:m.start()] + f"\\frac{{{m.group(2)}}}{{{m.group(1)}}}" + a[m.end():]


def miss_text(a, rng):
    m = re.fullmatch(r"\\text\{(\(?)([A-Za-z]+)(\)?)\}", a)
    if not m:
        return None
    word = m.group(2)
    if len(word) == 1:
        other = rng.choice([c for c in "ABCDE" if c != word])
    else:
        other = rng.choice([n for n in NAMES + ["odd", "west", "parabola"] if n.lower() != word.lower()])
    return f"\\text{{{m.group(1)}{other}{m.group(3)}}}"


NEAR_MISS = {
    "off-by-one": miss_off_by_one,
    "sign-flip": miss_sign_flip,
    "swapped-elements": miss_swap,
    "open-closed": miss_bracket,
    "dropped-element": miss_drop_element,
    "pm-one-sign": miss_pm,
    "different-variable": miss_variable,
    "swapped-fraction": miss_swap_fraction,
    "different-text": miss_text,
}


def main():
    path, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    answers = [json.loads(line)["answer"] for line in open(path, encoding="utf-8")]
    rng = random.Random(seed)
    produced = 0
    attempts = 0
    while produced < count and attempts < count * 200:
        attempts += 1
        gold = rng.choice(answers)
        equal = rng.random() < 0.5
        table = EQUAL if equal else NEAR_MISS
        # Among the rewrites that apply to this gold, one at random: every gold gets varied pairs.
        kinds = sorted(table)
        rng.shuffle(kinds)
        for kind in kinds:
            pred = table[kind](gold, rng)
            if pred is not None and pred != gold:
                break
        else:
            continue
        print(json.dumps({"id": produced, "gold": gold, "pred": pred, "label": equal, "kind": kind}))
        produced += 1


if __name__ == "__main__":
    main()
