"""Helpers for names, companies and timeline sizes that any chunk can compute from an index alone."""

import unicodedata

from .. import pools


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def company_name_of(index: int | None) -> str:
    return Company.profile(index)[1] if index is not None else ""


def activities_for(index: int) -> int:
    """Timeline rows of the lead at `index` (4 or 5: about 4.4 a lead, the deals bring the rest to 5)."""
    return 4 + (1 if index % 5 < 2 else 0)


class Company:
    """A company is a pure function of its index, so any chunk can name the company a lead works at."""

    @staticmethod
    def profile(index: int) -> tuple[pools.Locale, str, str]:
        h = (index * 2654435761 + 97) & 0xFFFFFFFF
        locale = pools.LOCALES[h % len(pools.LOCALES)]
        name = (
            f"{pools.COMPANY_WORDS[(h >> 4) % len(pools.COMPANY_WORDS)]} "
            f"{pools.COMPANY_TRADES[(h >> 10) % len(pools.COMPANY_TRADES)]} "
            f"{locale.company_suffixes[(h >> 16) % len(locale.company_suffixes)]}"
        )
        domain = f"{ascii_slug(name)[:20]}{index}.com" + (".br" if locale.country == "BR" else "")
        return locale, name, domain
