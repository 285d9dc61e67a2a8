"""Reading rows on every core: checking an email and two phone numbers costs about a hundred and fifty
microseconds a row in the standard libraries, so a big file's batches are read by worker processes while
this one writes the previous batch. Small files (and tests) are read in-process.

Workers are spawned, not forked: a forked child would share this process's database socket."""

import os
import pickle
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from django.conf import settings

from . import reader_process
from .kinds import handler
from .lead_rows import LeadRow, RowContext
from .reading import Row


def processes() -> int:
    return settings.FUNIL_IMPORT_PROCESSES or (os.cpu_count() or 1)


def read_batches(
    ctx: RowContext, chunks: Iterator[list[Row]], *, big: int
) -> Iterator[tuple[list[Row], list[LeadRow]]]:
    """(raw batch, read batch) in file order."""
    workers = processes()
    if workers <= 1 or big < settings.FUNIL_IMPORT_PARALLEL_ROWS:
        for chunk in chunks:
            yield chunk, handler(ctx.kind).read_batch(ctx, chunk)
        return
    context = pickle.dumps(ctx)
    spawn = get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=spawn, initializer=reader_process.start, initargs=(context,)) as pool:
        pending: deque[tuple[list[Row], Future[list[LeadRow]]]] = deque()
        for chunk in chunks:
            pending.append((chunk, pool.submit(reader_process.read, chunk)))
            if len(pending) > 2 * workers:  # a few batches ahead, never the whole file
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
