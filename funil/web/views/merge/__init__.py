"""Duplicates and merge pages: the lead card's possible-duplicates panel, the merge page, the workspace report."""
