"""Duplicates and merge: the report, the merge page, undo, and the lead card's panel (in the web namespace)."""

from django.urls import path

from .views.merge import page, panel, report

urlpatterns = [
    path("leads/duplicates/", report.report, name="merge_report"),
    path("leads/duplicates/dismiss/", report.dismiss, name="duplicates_dismiss"),
    path("leads/merge/", page.merge, name="lead_merge"),
    path("leads/<int:lead_id>/duplicates/", panel.panel, name="lead_duplicates"),
    path("merges/<int:merge_id>/undo/", page.undo, name="merge_undo"),
]
