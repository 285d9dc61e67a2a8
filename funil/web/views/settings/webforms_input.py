"""Reading the web-form builder's page into the service's input, and laying its fields out as table rows.

The fields table lists every field a form can ask for; a ticked row is on the form, at the position typed
in its order box. One plain form, so the builder works without a script.
"""

from typing import Any

from django.http import QueryDict

from funil.intake.webforms.fields import LANGUAGES, FormField
from funil.intake.webforms.models import WebForm

TEXT_KEYS = ("name", "redirect_url", "source", "campaign", "allowed_origins")
NUMBER_KEYS = ("min_fill_seconds", "ip_limit_per_hour", "form_limit_per_minute")
FLAG_KEYS = ("active", "consent_enabled", "consent_required")
PER_LANGUAGE = ("consent_text", "thank_you")


def _flag(post: QueryDict, name: str) -> bool:
    return post.get(name, "") in ("1", "on", "true", "yes")


def changes_from(post: QueryDict, known: dict[str, FormField]) -> dict[str, Any]:
    """Every setting on the builder page, as the service takes it."""
    changes: dict[str, Any] = {key: post.get(key, "") for key in (*TEXT_KEYS, *NUMBER_KEYS)}
    changes.update({key: _flag(post, key) for key in FLAG_KEYS})
    changes.update({key: {lang: post.get(f"{key}_{lang}", "") for lang in LANGUAGES} for key in PER_LANGUAGE})
    changes["fields"] = fields_from(post, known)
    return changes


def fields_from(post: QueryDict, known: dict[str, FormField]) -> list[dict[str, Any]]:
    """The ticked rows, in the order typed (ties keep the table's order)."""
    picked = []
    for index, key in enumerate(post.getlist("row")):
        if key not in known or not _flag(post, f"use_{key}"):
            continue
        try:
            order = int(post.get(f"order_{key}", "") or 0)
        except ValueError:
            order = 0
        labels = {lang: post.get(f"label_{key}_{lang}", "") for lang in LANGUAGES}
        picked.append((order, index, {"key": key, "required": _flag(post, f"required_{key}"), "labels": labels}))
    return [entry for _order, _index, entry in sorted(picked, key=lambda item: item[:2])]


def form_values(form: WebForm) -> dict[str, Any]:
    """The page's values for a saved form."""
    values: dict[str, Any] = {key: getattr(form, key) for key in (*NUMBER_KEYS, *FLAG_KEYS, "name", "redirect_url")}
    values.update(
        source=str(form.source_id or ""),
        campaign=str(form.campaign_id or ""),
        allowed_origins="\n".join(form.allowed_origins),
    )
    for key in PER_LANGUAGE:
        values.update({f"{key}_{lang}": getattr(form, key).get(lang, "") for lang in LANGUAGES})
    return values


def posted_values(post: QueryDict) -> dict[str, Any]:
    """The page's values as posted, to show a refused page back as it was sent."""
    values: dict[str, Any] = {key: post.get(key, "") for key in (*TEXT_KEYS, *NUMBER_KEYS)}
    values.update({key: _flag(post, key) for key in FLAG_KEYS})
    for key in PER_LANGUAGE:
        values.update({f"{key}_{lang}": post.get(f"{key}_{lang}", "") for lang in LANGUAGES})
    return values


def rows(known: dict[str, FormField], fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per field a form can have: those on the form first, in their order, then the others."""
    on_form = {entry["key"]: (position, entry) for position, entry in enumerate(fields, start=1)}
    table = []
    for key, spec in known.items():
        position, entry = on_form.get(key, (0, {}))
        labels = entry.get("labels") or {}
        table.append(
            {
                "key": key,
                "label": spec.label,
                "used": bool(entry),
                "order": position or "",
                "required": bool(entry.get("required")),
                "labels": [(lang, labels.get(lang, "")) for lang in LANGUAGES],
            }
        )
    used = sorted((row for row in table if row["used"]), key=lambda row: row["order"])
    return used + [row for row in table if not row["used"]]
