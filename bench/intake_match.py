"""Identity matching for one incoming lead, with one million leads in the workspace: p95 of a few hundred varied
lookups (existing people by email, by a phone written another way, by a misspelt name at their company, and
new people who match nothing), through the same `find_matches` that lead_capture calls."""

import os
import random
import time

from common import DATASET, database_url, ensure_database, ensure_dataset, setup_django

LOOKUPS = int(os.environ.get("BENCH_RUNS", "400"))


def misspell(name: str, rng: random.Random) -> str:
    """One letter doubled: "Priscila" → "Prisscila", the kind of slip a second form fill makes."""
    if len(name) < 3:
        return name
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i] + name[i:]


def national(e164: str) -> str:
    """+5581988887777 → "(81) 98888-7777": the same number as someone types it."""
    digits = e164.removeprefix("+55")
    return f"({digits[:2]}) {digits[2:-4]}-{digits[-4:]}" if e164.startswith("+55") else e164


def people(workspace, rng: random.Random) -> list[tuple[str, dict, dict]]:  # type: ignore[no-untyped-def]
    from funil.leads.models import Lead

    bounds = Lead.objects.filter(workspace=workspace).order_by("pk").values_list("pk", flat=True)
    low, high = bounds.first(), bounds.last()
    ids = [rng.randint(low, high) for _ in range(LOOKUPS)]
    rows = list(
        Lead.objects.filter(pk__in=ids).values("first_name", "last_name", "company_name", "email", "phone_e164")
    )
    cases = []
    for i, row in enumerate(rows):
        kind = ("email", "phone", "name_company", "miss")[i % 4]
        if kind == "email":
            person = {"full_name": f"{row['first_name']} {row['last_name']}", "email": row["email"].upper()}
        elif kind == "phone":
            person = {"first_name": row["first_name"], "phone": national(row["phone_e164"])}
        elif kind == "name_company":
            person = {
                "first_name": misspell(row["first_name"], rng),
                "last_name": row["last_name"],
                "company_name": row["company_name"].lower(),
                "email": f"{row['first_name'].lower()}.{i}@gmail.com",
            }
        else:
            person = {
                "first_name": f"Nobody{i}",
                "last_name": row["last_name"],
                "company_name": row["company_name"],
                "email": f"nobody.{i}@example.org",
                "mobile": f"(11) 9{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            }
        cases.append((kind, person, {"whatsapp": person["mobile"]} if "mobile" in person else {}))
    return cases


def main() -> None:
    url = database_url()
    ensure_database(url)
    setup_django(url)
    ensure_dataset()
    from funil.accounts.access import Actor
    from funil.accounts.models import Workspace
    from funil.intake.matching import find_matches

    workspace = Workspace.objects.get(name=DATASET)
    actor = Actor.system(workspace, "bench")
    cases = people(workspace, random.Random(4))
    for _kind, person, messenger in cases[:20]:  # warm-up
        find_matches(actor, person, messenger)
    times, found = [], {"email": 0, "phone": 0, "name_company": 0, "miss": 0}
    for kind, person, messenger in cases:
        started = time.perf_counter()
        matches = find_matches(actor, person, messenger)
        times.append((time.perf_counter() - started) * 1000)
        found[kind] += any(m.reason == kind for m in matches) if kind != "miss" else not any(m.strong for m in matches)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"# {len(cases)} lookups, as expected: {found}; median {times[len(times) // 2]:.1f} ms", flush=True)
    print(f"match_1m: p95 {p95:.1f} ms", flush=True)


if __name__ == "__main__":
    main()
