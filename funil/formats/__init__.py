"""Per-language format overrides on top of Django's (see FORMAT_MODULE_PATH)."""
