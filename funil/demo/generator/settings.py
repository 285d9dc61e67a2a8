"""Sizes and proportions of generated data."""

CHUNK = 5_000
LEAD_STAGES = (
    ("New", 20),
    ("Contacted", 20),
    ("Nurturing", 15),
    ("Qualified", 10),
    ("Converted", 15),
    ("Unqualified", 20),
)
DEAL_STAGES = (("Qualification", 25), ("Proposal", 20), ("Negotiation", 15), ("Won", 25), ("Lost", 15))
EXTRA_CONTACT_RATE = 0.15  # besides converted leads' contacts: about 0.3 contacts per lead in all
COMPANIES_PER_LEAD = 5  # one company per five leads
