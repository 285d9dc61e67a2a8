"""`funil compiletranslations`: every locale/*/LC_MESSAGES/*.po to its .mo, in pure Python.

Django's own `compilemessages` needs GNU gettext's msgfmt, which a user's machine often lacks; polib does the
same job (fuzzy and untranslated entries are left out, as msgfmt leaves them). Only the .po files are committed:
`make` and `funil run` compile them, and a catalogue whose .mo is newer than its .po is left alone.
"""

import os
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def catalogues() -> list[Path]:
    """Every .po file under the project's locale directories, in a stable order."""
    found: list[Path] = []
    for root in settings.LOCALE_PATHS:
        found.extend(sorted(Path(root).glob("*/LC_MESSAGES/*.po")))
    return found


def compile_catalogue(po_path: Path, *, force: bool = False) -> bool:
    """Write po_path's .mo beside it unless it is already up to date; True when it was (re)written."""
    mo_path = po_path.with_suffix(".mo")
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    try:
        catalogue = polib.pofile(str(po_path))
    except (OSError, ValueError) as exc:
        raise CommandError(f"{po_path}: {exc}") from exc
    # Written to a temporary file and renamed, so a running server never reads half a catalogue.
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(dir=mo_path.parent, prefix=".", suffix=".mo.tmp")
        os.close(fd)
        catalogue.save_as_mofile(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, mo_path)
    except OSError as exc:
        raise CommandError(f"Could not write {mo_path}: {exc}") from exc
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
    return True


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po to .mo) without GNU gettext."
    requires_system_checks = []  # it only reads files; it runs before the database is ready

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Recompile even catalogues that look up to date.")

    def handle(self, *args: object, **options: Any) -> None:
        found = catalogues()
        if not found:
            raise CommandError(f"No .po catalogues under {', '.join(map(str, settings.LOCALE_PATHS))}.")
        written = [po for po in found if compile_catalogue(po, force=options["force"])]
        if options["verbosity"] >= 1:
            self.stdout.write(f"Translations: {len(written)} compiled, {len(found) - len(written)} already up to date.")
