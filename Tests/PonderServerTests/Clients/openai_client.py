"""The official OpenAI Python client against a real `ponder serve`: every check raises on failure.

    python openai_client.py BASE_URL API_KEY MODEL

The server must run with --max-running 1 --max-waiting 0 --max-body-bytes 100000 (the 429 and 413 checks).
Prints one JSON line of what it measured.
"""

import json
import sys
import threading
import time
import urllib.request

import openai

base_url, api_key, model = sys.argv[1:4]
client = openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=1800)
question = [{"role": "user", "content": "What is 7 times 8?"}]
tokens = 192
measured = {}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


# Chat, not streamed, with test-time scaling through extra_body.
start = time.monotonic()
reply = client.chat.completions.create(
    model=model, messages=question, max_completion_tokens=tokens, seed=3,
    extra_body={"ponder": {"strategy": "majority", "budget": 3}})
measured["chat_seconds"] = round(time.monotonic() - start, 1)
check(reply.object == "chat.completion", f"object {reply.object}")
check(reply.choices[0].message.content, "empty content")
check(reply.choices[0].finish_reason in ("stop", "length"), reply.choices[0].finish_reason)
ponder = reply.model_extra["ponder"]
check(ponder["strategy"] == "majority" and ponder["budget"] == 3, ponder)
usage = reply.usage
check(usage.prompt_tokens > 0 and usage.completion_tokens == ponder["policy"]["generated_tokens"], usage)
check(usage.total_tokens == usage.prompt_tokens + usage.completion_tokens, usage)
check(0 <= usage.completion_tokens_details.reasoning_tokens < usage.completion_tokens, usage)
measured["answer"] = ponder.get("answer")

# n = 2: the best distinct answers of one search.
reply = client.chat.completions.create(
    model=model + "@majority-3", messages=question, max_completion_tokens=tokens, n=2, temperature=1.0, seed=5)
check(1 <= len(reply.choices) <= 2, len(reply.choices))
check([choice.index for choice in reply.choices] == list(range(len(reply.choices))), "indices")
answers = [vote["answer"] for vote in reply.model_extra["ponder"]["votes"]]
check(len(reply.choices) == min(2, len(answers)) or not answers, (len(reply.choices), answers))
measured["n2_choices"] = len(reply.choices)

# Strategy auto: the server's planner (the profile shipped for the default model) plans within the budget.
check(model + "@auto-8" in [entry.id for entry in client.models.list()], "auto is not listed")
reply = client.chat.completions.create(model=model + "@auto-2", messages=question)
ponder = reply.model_extra["ponder"]
check(ponder["strategy"] == "auto" and "plan" in ponder, ponder)
plan = ponder["plan"]
check(plan["budget"]["generations"] == 2 and 1 <= plan["spent"]["generations"] <= 2, plan)
check(reply.choices[0].message.content, "empty content")
measured["auto_decision"] = plan["decision"]

# Streamed, with the search's progress as reasoning and the usage chunk at the end.
start = time.monotonic()
first = None
reasoning, content, finish, usage_chunks = [], [], [], []
stream = client.chat.completions.create(
    model=model, messages=question, max_completion_tokens=tokens, stream=True,
    stream_options={"include_usage": True}, extra_body={"ponder": {"strategy": "best-of-n", "budget": 2}})
for chunk in stream:
    if first is None:
        first = time.monotonic() - start
    if chunk.usage is not None:
        usage_chunks.append(chunk)
        check(chunk.choices == [], "the usage chunk has no choices")
        continue
    delta = chunk.choices[0].delta
    extra = delta.model_extra or {}
    if extra.get("reasoning_content"):
        check(not content, "progress after the answer began")
        reasoning.append(extra["reasoning_content"])
    if delta.content:
        content.append(delta.content)
    if chunk.choices[0].finish_reason:
        finish.append(chunk.choices[0].finish_reason)
check(reasoning and "best-of-n" in "".join(reasoning), "no progress streamed")
check(content, "no content streamed")
check(finish and finish[0] in ("stop", "length"), finish)
check(len(usage_chunks) == 1 and usage_chunks[0].usage.completion_tokens > 0, "usage chunk")
measured["stream_first_chunk_seconds"] = round(first, 2)
measured["stream_seconds"] = round(time.monotonic() - start, 1)


def expect_error(kind, status, call, param=None):
    try:
        call()
    except kind as error:
        check(error.status_code == status, f"{kind.__name__}: status {error.status_code}")
        body = error.body or {}
        check(isinstance(body, dict) and "message" in body and "type" in body, f"envelope {body}")
        if param is not None:
            check(body.get("param") == param, f"param {body.get('param')} for {kind.__name__}")
        return
    raise AssertionError(f"expected {kind.__name__}")


def chat(**arguments):
    fields = {"model": model, "messages": question, "max_completion_tokens": 8}
    fields.update(arguments)
    return client.chat.completions.create(**fields)


wrong_key = openai.OpenAI(base_url=base_url, api_key="wrong", max_retries=0)
expect_error(openai.AuthenticationError, 401, lambda: wrong_key.chat.completions.create(
    model=model, messages=question))
expect_error(openai.NotFoundError, 404, lambda: chat(model="gpt-4o"))
expect_error(openai.BadRequestError, 400, lambda: chat(extra_body={"ponder": {"budget": -3}}), "ponder.budget")
expect_error(openai.BadRequestError, 400, lambda: chat(extra_body={"ponder": {"strategy": "mcts"}}), "ponder.strategy")
expect_error(openai.BadRequestError, 400, lambda: chat(
    tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]), "tools")
expect_error(openai.BadRequestError, 400, lambda: chat(logprobs=True), "logprobs")
expect_error(openai.APIStatusError, 413, lambda: chat(messages=[{"role": "user", "content": "x" * 200_000}]))

# 429 while the one slot is taken by a search. The holder ends when its answer is done; should it end between the
# moment the server counts it running and the probe (a stalled machine), the probe finds the slot free and gets an
# answer: that proves nothing either way, so the check starts over with a new holder.
def probe_while_held():
    holder = threading.Thread(target=lambda: chat(max_completion_tokens=tokens, extra_body={"ponder": {"deadline": 20}}))
    holder.start()
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            text = urllib.request.urlopen(base_url.rsplit("/v1", 1)[0] + "/metrics").read().decode()
            running = [line for line in text.splitlines() if line.startswith("ponder:num_requests_running")]
            if running and float(running[0].split()[-1]) >= 1:
                break
            time.sleep(0.05)
        try:
            chat()
        except openai.RateLimitError as error:
            return error
        return None
    finally:
        holder.join()


refused = next((error for error in (probe_while_held() for _ in range(3)) if error is not None), None)
check(refused is not None, "a request while the one slot is taken gets 429 (three holders ended before their probe)")
check(refused.status_code == 429, f"RateLimitError: status {refused.status_code}")
check(isinstance(refused.body, dict) and "message" in refused.body and "type" in refused.body, f"envelope {refused.body}")
print(json.dumps(measured))
