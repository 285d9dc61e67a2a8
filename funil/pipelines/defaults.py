"""The defaults a new workspace starts with, following the lead lifecycle of the product's source material."""

from .models import Meaning

LEAD_STAGES: list[tuple[str, Meaning, int, str, list[str]]] = [
    # name, meaning, probability, colour, required fields
    ("New", Meaning.OPEN, 5, "#64748b", []),
    ("Contacted", Meaning.OPEN, 15, "#0ea5e9", []),
    ("Nurturing", Meaning.OPEN, 25, "#a855f7", []),
    ("Qualified", Meaning.OPEN, 50, "#f59e0b", ["budget"]),
    ("Converted", Meaning.CONVERTED, 100, "#16a34a", []),
    ("Unqualified", Meaning.JUNK, 0, "#dc2626", []),
]

DEAL_STAGES: list[tuple[str, Meaning, int, str, list[str]]] = [
    ("Qualification", Meaning.OPEN, 20, "#0ea5e9", []),
    ("Proposal", Meaning.OPEN, 50, "#a855f7", []),
    ("Negotiation", Meaning.OPEN, 75, "#f59e0b", []),
    ("Won", Meaning.WON, 100, "#16a34a", []),
    ("Lost", Meaning.LOST, 0, "#dc2626", []),
]

JUNK_REASONS = [
    "No budget",
    "Not the decision maker",
    "No need",
    "Wrong contact data",
    "Duplicate",
    "Spam",
    "Chose a competitor",
    "Unreachable",
]

LOST_REASONS = [
    "Price too high",
    "Chose a competitor",
    "Project postponed",
    "No response",
    "Missing feature",
    "Budget cut",
]

SOURCES = [
    ("Manual entry", "manual"),
    ("Web form", "web_form"),
    ("Email", "email"),
    ("Phone call", "phone_call"),
    ("Chat / messenger", "chat"),
    ("Import", "import"),
    ("Referral", "referral"),
    ("Social network", "social"),
    ("Campaign", "campaign"),
    ("Other", "other"),
]
