"""Runs every benchmark (or the one named) and prints their `name: value unit` lines."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"run.py", "common.py"}


def main(argv: list[str]) -> int:
    scripts = sorted(p for p in HERE.glob("*.py") if p.name not in SKIP)
    if argv and argv[0]:
        scripts = [p for p in scripts if p.stem == argv[0]]
        if not scripts:
            names = ", ".join(p.stem for p in sorted(HERE.glob("*.py")) if p.name not in SKIP)
            print(f"No benchmark named {argv[0]!r}. Known: {names}", file=sys.stderr)
            return 2
    failed = 0
    for script in scripts:
        print(f"# {script.stem}", flush=True)
        failed += subprocess.call([sys.executable, str(script)]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
