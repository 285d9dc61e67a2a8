#!/usr/bin/env bash
# The whole suite: lint, types, then pytest on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== translations"
$BIN/python manage.py compiletranslations
echo "== ruff"
$BIN/ruff check .
$BIN/ruff format --check .
echo "== mypy"
$BIN/mypy funil

run_pytest() {
  local rc=0
  "$BIN/pytest" "$@" || rc=$?
  # pytest exits 5 when it collected nothing: for this project that means the suite went missing, a failure.
  if [ "$rc" -eq 5 ]; then echo "pytest collected no tests: the suite is missing" >&2; fi
  return "$rc"
}

echo "== tests on SQLite"
# A file, not memory: the browser tests' live server answers on its own thread and connection.
DATABASE_URL="sqlite:///$(pwd)/var/test-unused.sqlite3" FUNIL_TEST_SQLITE_FILE=true run_pytest
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== tests on PostgreSQL ($TEST_DATABASE_URL)"
  DATABASE_URL="$TEST_DATABASE_URL" run_pytest
fi
