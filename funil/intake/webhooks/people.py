"""Turning what a channel knows of a person (a display name, a profile name) into lead fields."""

import re
import unicodedata

# Leads keep names of at most 100 characters each (leads.services.fields.TEXT_FIELDS).
NAME_LIMIT = 100


def split_name(display: str) -> dict[str, str]:
    """ "Maria da Silva" → first "Maria da", last "Silva"; "Silva, Maria" → first "Maria", last "Silva";
    comments in parentheses ("F. Lima (personal)") are dropped.

    The last word is the family name, which is right for most Portuguese, Spanish and English names and never
    loses a word; a person can correct it on the lead card.
    """
    text = re.sub(r"\([^)]*\)", " ", unicodedata.normalize("NFC", display or "").replace("\x00", ""))
    name = " ".join(text.split()).strip(" \"'")
    if not name or "@" in name:  # an address written as a name says nothing the address does not
        return {}
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if first and last:
            return {"first_name": first[:NAME_LIMIT], "last_name": last[:NAME_LIMIT]}
        name = (first or last).strip()
    words = name.split(" ")
    if len(words) == 1:
        return {"first_name": name[:NAME_LIMIT]}
    return {"first_name": " ".join(words[:-1])[:NAME_LIMIT], "last_name": words[-1][:NAME_LIMIT]}
