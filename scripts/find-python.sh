#!/usr/bin/env bash
# Prints the path of the first Python that actually runs and is 3.12 or newer.
# pyenv shims on PATH exist but refuse to run unless selected, so each candidate is executed, not just found.
# It must also be able to build a virtual environment (Debian splits venv/ensurepip into python3-venv).
ok() { "$1" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
candidates=("${PYTHON:-}" python3.14 python3.13 python3.12 python3)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for v in $(ls -1 "$root/versions" 2>/dev/null | sort -rV); do candidates+=("$root/versions/$v/bin/python3"); done
elif [ -d "$HOME/.pyenv/versions" ]; then
  for v in $(ls -1 "$HOME/.pyenv/versions" | sort -rV); do candidates+=("$HOME/.pyenv/versions/$v/bin/python3"); done
fi
for c in "${candidates[@]}"; do
  [ -n "$c" ] || continue
  if ok "$c"; then command -v "$c" || echo "$c"; exit 0; fi
done
exit 1
