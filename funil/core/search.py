"""The text a record is found by: lower-case, accents stripped, phones as digits, in one column.

One column per table (not one index per field) keeps the cost of search indexes low on intake and import;
on PostgreSQL it carries a trigram index, so `contains` lookups stay fast at a million rows.
"""

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=8192)  # names and companies repeat a lot, and bulk loads fold millions of them
def fold(text: str) -> str:
    """Lower-case without accents: "João" and "joao" find each other."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


def email_domain(email: str) -> str:
    return email.rpartition("@")[2] if "@" in email else ""


def search_blob(*parts: str) -> str:
    """Phones (E.164) are kept as digits only, emails by their domain (a whole address is found through its own
    index): every trigram here is paid for in the index, on every write and every bulk load."""
    words = [fold(email_domain(p) if "@" in p else p) for p in parts if p and not p.startswith("+")]
    digits = ["".join(ch for ch in p if ch.isdigit()) for p in parts if p and p.startswith("+")]
    return " ".join(words + [d for d in dict.fromkeys(digits) if d])


def search_terms(query: str) -> list[str]:
    """The folded words of a query; a phone typed with spaces or dashes becomes one run of digits."""
    folded = fold(query)
    compact = "".join(ch for ch in folded if ch.isdigit())
    if len(compact) >= 6 and not any(ch.isalpha() for ch in folded):
        return [compact]
    return [w for w in folded.split() if w]


def is_email(term: str) -> bool:
    return "@" in term and "." in term.rpartition("@")[2]
