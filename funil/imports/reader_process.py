"""What runs inside a reading process. Nothing here imports a model at load time: a spawned process loads
this module before Django is set up, and the row context arrives pickled, to be opened after set-up."""

import os
import pickle
from typing import Any

_CONTEXT: Any = None


def start(context: bytes) -> None:
    global _CONTEXT
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "funil.settings")
    import django

    django.setup()
    _CONTEXT = pickle.loads(context)


def read(chunk: list[Any]) -> list[Any]:
    from .kinds import handler

    return handler(_CONTEXT.kind).read_batch(_CONTEXT, chunk)
