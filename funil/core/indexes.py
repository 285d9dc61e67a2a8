"""Indexes that exist on PostgreSQL in their real form and on SQLite in the nearest form it has."""

from typing import Any

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models


class PortableGinIndex(GinIndex):
    """A GIN index (e.g. trigram on an expression) on PostgreSQL; SQLite, which has no GIN nor operator classes,
    gets a plain index on the same expressions so one migration serves both databases."""

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = [e.get_source_expressions()[0] if isinstance(e, OpClass) else e for e in self.expressions]
        return models.Index(*plain, name=self.name).create_sql(model, schema_editor, **kwargs)
