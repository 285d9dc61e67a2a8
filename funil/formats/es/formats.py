"""Spanish as our users write amounts: 1.234,56 € (Django groups with a no-break space, the RAE's typographic rule)."""

from django.conf.locale.es.formats import *  # noqa: F403  (every other Spanish format stays Django's)

THOUSAND_SEPARATOR = "."
