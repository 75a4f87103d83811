#!/usr/bin/env python3
"""Builds seeded (gold, prediction) pairs from MATH-500 and AIME24 answers for the grader benchmark.

Each pair carries the label the generator intends ("equal": a rewrite of the same answer, or not:
a near miss), the kind of rewrite, its category and the answer convention its prediction is written
in. Real model outputs (real_outputs.jsonl beside this script: problem ids and output texts, no
answers) are joined with their gold answers from the data files and appended.

Usage: make_pairs.py MATH500_JSONL AIME24_JSONL COUNT SEED [REAL_OUTPUTS_JSONL] > pairs.jsonl

Fields: id, gold, pred, label, kind, category (rewrite, base, rounding, unicode, convention, real),
convention (bare, or the answer convention of a model-style prediction), source (generated, styled,
real); pred_is_text marks predictions that are model output, passed to math-verify as they are.
"""
import json
import math
import os
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



# ---------------------------------------------------------------- values of simple answers

def exact_value(a):
    """The exact Fraction of an integer, decimal or `\frac{p}{q}` answer (with sign), else None."""
    a = a.replace("\\dfrac", "\\frac").replace(" ", "")
    m = re.fullmatch(r"(-?)\\frac\{(\d+)\}\{(\d+)\}", a)
    if m and int(m.group(3)) != 0:
        return (-1 if m.group(1) else 1) * Fraction(int(m.group(2)), int(m.group(3)))
    if re.fullmatch(r"-?\d*\.?\d+", a):
        return Fraction(a if not a.startswith(".") and not a.startswith("-.") else a.replace(".", "0.", 1))
    return None


def is_terminating(value):
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


class _Reader:
    """A float value for small LaTeX answers made of numbers, +, -, implicit products, \\frac, \\sqrt, \\pi."""

    def __init__(self, text):
        self.s, self.i = text, 0

    def peek(self):
        return self.s[self.i] if self.i < len(self.s) else ""

    def expr(self):
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.s[self.i]
            self.i += 1
            value = value + self.term() if op == "+" else value - self.term()
        return value

    def term(self):
        value = self.factor()
        while self.peek() and self.peek() not in "+-})":
            value *= self.factor()
        return value

    def arg(self):
        if self.peek() == "{":
            self.i += 1
            value = self.expr()
            if self.peek() != "}":
                raise ValueError
            self.i += 1
            return value
        if self.peek().isdigit():
            self.i += 1
            return float(self.s[self.i - 1])
        raise ValueError

    def factor(self):
        c = self.peek()
        if c == "-":
            self.i += 1
            return -self.factor()
        if c == "(":
            self.i += 1
            value = self.expr()
            if self.peek() != ")":
                raise ValueError
            self.i += 1
            return value
        if c == "{":
            return self.arg()
        m = re.match(r"\d*\.?\d+", self.s[self.i:])
        if m:
            self.i += m.end()
            return float(m.group())
        for name in ("\\frac", "\\sqrt", "\\pi"):
            if self.s.startswith(name, self.i):
                self.i += len(name)
                if name == "\\pi":
                    return math.pi
                if name == "\\sqrt":
                    return math.sqrt(self.arg())
                top = self.arg()
                return top / self.arg()
        raise ValueError


def float_value(a):
    s = a.replace("\\dfrac", "\\frac").replace(" ", "").replace("\\left", "").replace("\\right", "")
    if not re.fullmatch(r"[-+\d.\\{}()a-z]+", s) or re.search(r"\\(?!frac|sqrt|pi)[a-z]+", s):
        return None
    if re.search(r"(?<!\\)(?<![a-z])[a-z]", s.replace("\\frac", "").replace("\\sqrt", "").replace("\\pi", "")):
        return None
    try:
        reader = _Reader(s)
        value = reader.expr()
        return value if reader.i == len(s) and math.isfinite(value) else None
    except (ValueError, ZeroDivisionError, IndexError):
        return None


def is_irrational(a):
    """sqrt of a non-square or pi in a small answer (not a list, equation or set)."""
    if "\\pi" in a:
        return True
    for m in re.finditer(r"\\sqrt\{?(\d+)\}?", a):
        n = int(m.group(1))
        if math.isqrt(n) ** 2 != n:
            return True
    return False


# ---------------------------------------------------------------- category: bases

def parse_base(a):
    m = re.fullmatch(r"(\d+)_\{?(\d{1,2})\}?", a)
    if not m:
        return None
    digits, base = m.group(1), int(m.group(2))
    if not 2 <= base <= 10 or any(int(d) >= base for d in digits):
        return None
    return digits, base, int(digits, base)


def to_base(value, base):
    out = ""
    while True:
        out = str(value % base) + out
        value //= base
        if value == 0:
            return out


def base_pair(gold, rng):
    parsed = parse_base(gold)
    if not parsed:
        return None
    digits, base, value = parsed
    other_bases = [b for b in range(2, 11) if b != base]
    valid_other = [b for b in other_bases if all(int(d) < b for d in digits)]
    equal = {
        "base-as-decimal": str(value),
        "base-in-other-base": (lambda b: f"{to_base(value, b)}_{{{b}}}" if b > 9 else f"{to_base(value, b)}_{b}")(
            rng.choice(other_bases)),
        "base-left-out": digits,
        "base-braced": f"{digits}_{{{base}}}" if "{" not in gold else f"{digits}_{base}",
    }
    miss = {
        "base-changed": f"{digits}_{rng.choice(valid_other)}" if valid_other else None,
        "base-digit-changed": None,
        "base-decimal-off-by-one": str(value + rng.choice([1, -1])),
    }
    position = rng.randrange(len(digits))
    new_digit = (int(digits[position]) + 1) % base
    if not (position == 0 and new_digit == 0):
        miss["base-digit-changed"] = f"{digits[:position]}{new_digit}{digits[position + 1:]}_{base}"
    table = equal if rng.random() < 0.5 else miss
    choices = [(k, v) for k, v in table.items() if v is not None and v != gold]
    kind, pred = rng.choice(choices)
    return pred, table is equal, kind


# ---------------------------------------------------------------- category: rounding

def rounding_pair(gold, rng):
    exact = exact_value(gold)
    decimal_gold = re.fullmatch(r"-?\d*\.\d+", gold) is not None
    if decimal_gold:
        places = len(gold.split(".")[1])
        options = []
        if places > 1:
            rounded = format(float(exact), f".{rng.randrange(max(1, places - 2), places)}f")
            if Fraction(rounded) != exact:
                options.append(("decimal-gold-rounded", rounded, False))
        options.append(("decimal-gold-trailing-zero", gold + "0", True))
        fraction = f"\\frac{{{abs(exact.numerator)}}}{{{exact.denominator}}}"
        options.append(("decimal-gold-as-fraction", ("-" if exact < 0 else "") + fraction, True))
        kind, pred, label = rng.choice(options)
        return pred, label, kind
    if exact is not None and exact.denominator != 1:
        if is_terminating(exact):
            text = format(float(exact), ".10f").rstrip("0").rstrip(".")
            return text, True, "exact-decimal-of-fraction"
        places = rng.choice([2, 3, 4, 6])
        return format(float(exact), f".{places}f"), False, f"repeating-rounded-{places}"
    if not is_irrational(gold):
        return None
    value = float_value(gold)
    if value is None:
        return None
    places = rng.choice([2, 3, 4, 6])
    return format(value, f".{places}f"), False, f"irrational-rounded-{places}"


# ---------------------------------------------------------------- category: unicode

VULGAR = {(1, 2): "½", (1, 3): "⅓", (2, 3): "⅔", (1, 4): "¼", (3, 4): "¾", (1, 5): "⅕", (2, 5): "⅖", (3, 5): "⅗",
          (4, 5): "⅘", (1, 6): "⅙", (5, 6): "⅚", (1, 7): "⅐", (1, 8): "⅛", (3, 8): "⅜", (5, 8): "⅝", (7, 8): "⅞",
          (1, 9): "⅑", (1, 10): "⅒"}


def unicode_pair(gold, rng):
    exact = exact_value(gold)
    if exact is None:
        return None
    if exact.denominator == 1:
        return f"{exact}½", False, "integer-plus-half"
    sign = "-" if exact < 0 else ""
    whole, rest = divmod(abs(exact), 1)
    key = (rest.numerator, rest.denominator)
    if key not in VULGAR:
        return None
    glyph = VULGAR[key]
    if rng.random() < 0.6:
        return f"{sign}{int(whole) if whole else ''}{glyph}", True, "vulgar-fraction"
    others = [g for k, g in VULGAR.items() if k[1] != key[1] or k[0] != key[0]]
    return f"{sign}{int(whole) if whole else ''}{rng.choice(others)}", False, "other-vulgar-fraction"


# ---------------------------------------------------------------- conventions (model-style predictions)

PROSE = [
    "We compute $3 + 4 = 7$ and simplify step by step.",
    "Let's check that the answer is correct: substituting back, both sides agree.",
    "First, note that 12 items remain after 5 are removed.",
    "Combining the two cases gives the result below.",
]


def is_simple_number(a):
    return re.fullmatch(r"-?\d+(\.\d+)?", a) is not None


CONVENTIONS = {
    "answer-label": lambda v, p, rng: f"{p}\n\nAnswer: {v}",
    "answer-label-math": lambda v, p, rng: f"{p}\n\nAnswer: ${v}$",
    "bold-answer-label": lambda v, p, rng: f"{p}\n\n**Answer:** ${v}$",
    "bold-answer-inside": lambda v, p, rng: f"{p}\n\n**Answer: {v}**",
    "final-answer-label": lambda v, p, rng: f"{p}\n\nFinal Answer: ${v}$",
    "final-answer-heading": lambda v, p, rng: rng.choice([
        f"{p}\n\n### Final Answer\n\n$${v}$$", f"{p}\n\n**Final Answer**\n\\[ {v} \\]"]),
    "final-answer-is": lambda v, p, rng: f"{p}\n\nThe final answer is ${v}$.",
    "answer-is-paren": lambda v, p, rng: f"{p} Therefore, the answer is \\({v}\\).",
    "uppercase-answer": lambda v, p, rng: f"{p}\n\nANSWER: {v}",
    "gsm8k": lambda v, p, rng: f"{p}\n#### {v}" if is_simple_number(v) else None,
    "last-line": lambda v, p, rng: f"{p}\n\n${v}$",
    "reasoning-boxed": lambda v, p, rng: (
        f"<think>\nOkay, let me see. {p}\n</think>\n\n{p}\n\n**Final Answer**\n\\[\n\\boxed{{{v}}}\n\\]"),
    "llama-boxed": lambda v, p, rng: f"{p}\n\nThe final answer is: $\\boxed{{{v}}}$",
    "mistral": lambda v, p, rng: f"{p} Therefore, the answer is $\\boxed{{{v}}}$.",
    "gemma": lambda v, p, rng: f"{p}\n\n**Final Answer:** The final answer is $\\boxed{{{v}}}$",
    "minerva": lambda v, p, rng: f"{p}\n\nFinal Answer: The final answer is ${v}$. I hope it is correct.",
    "llama-3-steps": lambda v, p, rng: (
        f"## Step 1: Understand the problem\n{p}\n\n## Step 2: Simplify\nCombining the terms gives the value.\n\n"
        f"The final answer is: $\\boxed{{{v}}}$"),
    "answer-is-bold": lambda v, p, rng: f"{p}\n\nThe answer is **{v}**.",
    "display-last-line": lambda v, p, rng: f"{p}\n\n\\[\n{v}\n\\]",
    "final-answer-bold-paren": lambda v, p, rng: f"{p}\n\n**Final Answer:** \\({v}\\)",
    "answer-sentence": lambda v, p, rng: f"{p}\n\nAnswer: The value is ${v}$.",
}


def styled(value, rng):
    """`value` written as a model would state it, in one convention that applies: (text, convention)."""
    names = sorted(CONVENTIONS)
    rng.shuffle(names)
    prose = rng.choice(PROSE)
    for name in names:
        text = CONVENTIONS[name](value, prose, rng)
        if text is not None:
            return text, name
    return None


# ---------------------------------------------------------------- assembly

def generic_pair(gold, rng):
    equal = rng.random() < 0.5
    table = EQUAL if equal else NEAR_MISS
    kinds = sorted(table)
    rng.shuffle(kinds)
    for kind in kinds:
        pred = table[kind](gold, rng)
        if pred is not None and pred != gold:
            return pred, equal, kind
    return None


CATEGORIES = {
    "base": base_pair,
    "rounding": rounding_pair,
    "unicode": unicode_pair,
}


def applies(category, gold):
    """Whether a category's rewrites apply to `gold` (integers only get Unicode's integer-plus-half)."""
    if category == "base":
        return parse_base(gold) is not None
    exact = exact_value(gold)
    if category == "unicode":
        if exact is None or exact.denominator == 1:
            return False
        rest = abs(exact) % 1
        return (rest.numerator, rest.denominator) in VULGAR
    if category == "rounding":
        return (exact is not None and exact.denominator != 1) or (is_irrational(gold) and float_value(gold) is not None)
    return True


def real_pairs(path, golds_by_id):
    """The fixture's outputs joined with their gold answers (the fixture holds no answers)."""
    pairs = []
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        row = json.loads(line)
        pairs.append({
            "gold": golds_by_id[row["problem"]], "pred": row["text"], "label": row["label"],
            "kind": f"real-{row['model']}" + ("-truncated" if row.get("finish") == "length" else ""),
            "category": "real", "convention": row.get("convention", "model"), "source": "real",
            "pred_is_text": True, "labelled_by": row.get("labelled_by", ""), "problem": row["problem"],
        })
    return pairs


def main():
    math500, aime24, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    real = sys.argv[5] if len(sys.argv) > 5 and os.path.exists(sys.argv[5]) else None
    rows = [json.loads(line) for line in open(math500, encoding="utf-8")]
    aime_rows = [json.loads(line) for line in open(aime24, encoding="utf-8")]
    answers = [row["answer"] for row in rows] + [str(row["answer"]) for row in aime_rows]
    golds_by_id = {row["id"]: row["answer"] for row in rows}
    golds_by_id.update({row["id"]: str(row["answer"]) for row in aime_rows})
    rng = random.Random(seed)

    # Half the pairs are the rewrites and near misses of bare answers; a quarter are those written as
    # a model would state them, in one of the conventions; a quarter exercise bases, roundings and
    # Unicode fractions (bare or styled).
    produced = 0
    attempts = 0
    category_names = sorted(CATEGORIES)
    pools = {name: [a for a in answers if applies(name, a)] for name in category_names}
    integers = [a for a in answers if re.fullmatch(r"\d+", a)]
    while produced < count and attempts < count * 400:
        attempts += 1
        slot = produced % 4
        gold = rng.choice(answers)
        if slot == 3:
            category = category_names[(produced // 4) % len(category_names)]
            pool = integers if category == "unicode" and rng.random() < 0.2 else pools[category]
            gold = rng.choice(pool)
            made = CATEGORIES[category](gold, rng)
        else:
            category = "rewrite"
            made = generic_pair(gold, rng)
        if made is None:
            continue
        pred, label, kind = made
        convention, source = "bare", "generated"
        if slot == 2 or (slot == 3 and rng.random() < 0.5):
            if kind == "boxed-sentence":
                continue  # already a model-style sentence
            wrapped = styled(pred, rng)
            if wrapped is None:
                continue
            pred, convention = wrapped
            source = "styled"
        print(json.dumps({"id": produced, "gold": gold, "pred": pred, "label": label, "kind": kind,
                          "category": category if source == "generated" or category != "rewrite" else "convention",
                          "convention": convention, "source": source, "pred_is_text": source == "styled"},
                         ensure_ascii=False))
        produced += 1
    if real:
        for pair in real_pairs(real, golds_by_id):
            pair["id"] = produced
            print(json.dumps(pair, ensure_ascii=False))
            produced += 1


if __name__ == "__main__":
    main()
