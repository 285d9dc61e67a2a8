"""The defaults a new workspace starts with, following the lead lifecycle of the product's source material."""

from django.utils.translation import gettext_noop as _

from .models import Meaning

LEAD_STAGES: list[tuple[str, Meaning, int, str, list[str]]] = [
    # name, meaning, probability, colour, required fields
    (_("New"), Meaning.OPEN, 5, "#64748b", []),
    (_("Contacted"), Meaning.OPEN, 15, "#0ea5e9", []),
    (_("Nurturing"), Meaning.OPEN, 25, "#a855f7", []),
    (_("Qualified"), Meaning.OPEN, 50, "#f59e0b", ["budget"]),
    (_("Converted"), Meaning.CONVERTED, 100, "#16a34a", []),
    (_("Unqualified"), Meaning.JUNK, 0, "#dc2626", []),
]

DEAL_STAGES: list[tuple[str, Meaning, int, str, list[str]]] = [
    (_("Qualification"), Meaning.OPEN, 20, "#0ea5e9", []),
    (_("Proposal"), Meaning.OPEN, 50, "#a855f7", []),
    (_("Negotiation"), Meaning.OPEN, 75, "#f59e0b", []),
    (_("Won"), Meaning.WON, 100, "#16a34a", []),
    (_("Lost"), Meaning.LOST, 0, "#dc2626", []),
]

JUNK_REASONS = [
    _("No budget"),
    _("Not the decision maker"),
    _("No need"),
    _("Wrong contact data"),
    _("Duplicate"),
    _("Spam"),
    _("Chose a competitor"),
    _("Unreachable"),
]

LOST_REASONS = [
    _("Price too high"),
    _("Chose a competitor"),
    _("Project postponed"),
    _("No response"),
    _("Missing feature"),
    _("Budget cut"),
]

SOURCES = [
    (_("Manual entry"), "manual"),
    (_("Web form"), "web_form"),
    (_("Email"), "email"),
    (_("Phone call"), "phone_call"),
    (_("Chat / messenger"), "chat"),
    (_("Import"), "import"),
    (_("Referral"), "referral"),
    (_("Social network"), "social"),
    (_("Campaign"), "campaign"),
    (_("Other"), "other"),
]

PIPELINE_NAMES = (_("Leads"), _("Sales"))

# Names a workspace got by default: shown in the reader's language until the workspace renames them.
DEFAULT_LABELS = frozenset(
    [name for name, *_rest in LEAD_STAGES + DEAL_STAGES]
    + JUNK_REASONS
    + LOST_REASONS
    + [name for name, _kind in SOURCES]
    + list(PIPELINE_NAMES)
)
