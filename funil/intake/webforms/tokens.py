"""The submission token each rendered form carries: signed, so it cannot be forged, and it says when the form
was shown (minimum fill time) and which submission it is (a double submit carries the same token)."""

import secrets
import time
from dataclasses import dataclass

from django.core import signing

SALT = "funil.intake.webforms.token"
MAX_AGE_SECONDS = 2 * 24 * 3600  # a form left open over a weekend is still accepted (after a fresh token)


@dataclass(frozen=True)
class Token:
    form_id: int
    issued_at: float
    nonce: str
    min_seconds: int  # this token's minimum fill time, fixed when it was issued

    def age(self, now: float) -> float:
        return now - self.issued_at

    @property
    def key(self) -> str:
        """The idempotency key of the submission this token belongs to."""
        return f"webform:{self.form_id}:{self.nonce}"


def issue(form_id: int, *, min_seconds: int, now: float | None = None) -> str:
    payload = {"f": form_id, "t": round(time.time() if now is None else now, 3), "n": secrets.token_urlsafe(12)}
    if min_seconds:
        payload["m"] = min_seconds
    return signing.dumps(payload, salt=SALT, compress=False)


def read(raw: object, *, form_id: int, now: float | None = None) -> Token | None:
    """The token, or None when it is missing, forged, for another form or too old."""
    if not isinstance(raw, str) or not raw or len(raw) > 300:
        return None
    try:
        data = signing.loads(raw, salt=SALT)
        token = Token(int(data["f"]), float(data["t"]), str(data["n"]), int(data.get("m", 0)))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    now = time.time() if now is None else now
    if token.form_id != form_id or not 0 <= token.age(now) + 5 <= MAX_AGE_SECONDS:
        return None
    return token
