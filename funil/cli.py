"""The `funil` command: run, worker, demo, createworkspace; anything else goes to Django's manage.py."""

import argparse
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

USAGE = """funil <command> [options]

  run              migrate, load the demo workspace if the database is empty, start a worker, serve on :8000
  worker           run background tasks and the recurring-job scheduler
  demo [--leads N] create and fill the demo workspace (reused when it exists)
  createworkspace  create a workspace with an admin member
  fetchmail        poll the workspaces' IMAP mailboxes once (the worker also does it every 2 minutes)
  <other>          any Django management command (migrate, shell, createsuperuser, ...)
"""


def _django(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "funil.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["funil", *argv])


def _bounded(low: int, high: int, what: str) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {raw!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be between {low} and {high}, got {value}")
        return value

    return parse


_port = _bounded(1, 65535, "the port (FUNIL_PORT)")
_workers = _bounded(1, 64, "the number of web workers (FUNIL_WEB_WORKERS)")


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="funil run", description="Serve Funil with a background worker.")
    parser.add_argument("--host", default=os.environ.get("FUNIL_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=_port, default=os.environ.get("FUNIL_PORT", "8000"))
    parser.add_argument("--workers", type=_workers, default=os.environ.get("FUNIL_WEB_WORKERS", "2"))
    parser.add_argument("--no-worker", action="store_true", help="Do not start a background worker.")
    parser.add_argument("--no-demo", action="store_true", help="Do not load the demo workspace.")
    args = parser.parse_args(argv)

    _django(["compiletranslations", "-v", "0"])
    _django(["migrate", "--no-input", "-v", "0"])
    _django(["collectstatic", "--no-input", "-v", "0"])
    if not args.no_demo:
        _django(["demo", "--if-empty"])
    worker = None if args.no_worker else subprocess.Popen([sys.executable, "-m", "funil.cli", "worker"])
    from django.conf import settings

    granian = shutil.which("granian", path=str(Path(sys.executable).parent)) or "granian"
    command = [
        granian,
        "--interface",
        "wsgi",
        "funil.wsgi:application",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
        "--blocking-threads",
        "4",
        "--static-path-route",
        "/static",
        "--static-path-mount",
        str(settings.STATIC_ROOT),
    ]
    print(f"Funil is serving on http://{args.host}:{args.port} (Ctrl-C to stop)", flush=True)
    server = subprocess.Popen(command)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.send_signal(signal.SIGINT)
        return server.wait()
    finally:
        if worker:
            worker.terminate()
            worker.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "run":
        return _run(rest)
    _django([command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
