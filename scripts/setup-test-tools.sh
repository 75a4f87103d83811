#!/usr/bin/env bash
# The Python tools the server's tests drive Ponder with, in a virtual environment of their own under
# $PONDER_HOME: the official OpenAI client (the real `ponder serve` answers it) and schemathesis (checks every
# response against /openapi.json). Idempotent; `make test` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
VENV="$PONDER_HOME/test-venv"
PINS="openai==2.54.0 schemathesis==4.32.5"
STAMP="$VENV/.ponder-pins"
if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$PINS" ]]; then
    exit 0
fi
echo "Installing the server tests' Python tools ($PINS) into $VENV" >&2
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $PINS
echo "$PINS" > "$STAMP"
