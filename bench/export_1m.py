"""Exporting every lead of the one-million-lead workspace to CSV as its admin, through the real export
(`export_records`: scope, names, custom fields, formula safety, audit), the file thrown away as it streams.
Prints `export_1m: N s, peak RSS M MB`; the resident memory is also sampled as the rows go, to show it stays flat.
"""

import os
import resource
import sys
import time

from common import DATASET, ROOT, database_url

SAMPLES = 10


def rss_mb() -> float:
    """Resident memory now (not the peak), from /proc."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    # The shared dataset is only read here: no migration is run against it.
    os.environ["DATABASE_URL"] = database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "funil.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from funil.accounts.access import actor_for
    from funil.accounts.models import Membership, Workspace
    from funil.core.models import AuditEntry
    from funil.exports.service import export_records
    from funil.leads.models import Lead

    workspace = Workspace.objects.get(name=DATASET)
    admin = actor_for(Membership.objects.filter(workspace=workspace, role="admin").first().user, workspace)
    before = rss_mb()
    started = time.perf_counter()
    _name, _type, chunks = export_records(admin, "lead", Lead.objects.all(), "csv")
    entry = AuditEntry.objects.filter(workspace=workspace, action="export").latest("id")
    rows, size, samples, every = entry.details["count"], 0, [], None
    with open(os.devnull, "wb") as sink:
        for i, chunk in enumerate(chunks):
            sink.write(chunk)
            size += len(chunk)
            every = every or max(1, int(rows * 340 / 131072 / SAMPLES))  # about SAMPLES samples over the file
            if i % every == 0:
                samples.append(rss_mb())
    seconds = time.perf_counter() - started
    entry.delete()  # a measurement, not an export anyone made
    print(
        f"# {rows:,} leads, {size / 1e6:.0f} MB of CSV; RSS before {before:.0f} MB, "
        f"during {' '.join(f'{s:.0f}' for s in samples)} MB",
        file=sys.stderr,
    )
    print(f"export_1m: {seconds:.1f} s, peak RSS {peak_rss_mb():.0f} MB", flush=True)


if __name__ == "__main__":
    main()
