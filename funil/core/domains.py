"""Email domains that identify a company, as opposed to public mail providers."""

PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.es",
        "hotmail.com.br",
        "outlook.com",
        "outlook.es",
        "outlook.pt",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.com.br",
        "yahoo.es",
        "icloud.com",
        "me.com",
        "aol.com",
        "uol.com.br",
        "bol.com.br",
        "terra.com.br",
        "ig.com.br",
        "sapo.pt",
        "telefonica.net",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "zoho.com",
    }
)


def company_domain(email: str) -> str:
    """The domain of a work email ("" for a public mail provider or no email)."""
    domain = email.rpartition("@")[2].lower() if "@" in email else ""
    return "" if domain in PUBLIC_MAIL_DOMAINS else domain
