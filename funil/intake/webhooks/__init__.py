"""Calls and messengers: signed webhooks whose callers and senders enter through lead_capture."""
