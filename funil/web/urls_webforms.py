"""Web forms in Settings, mounted under settings/ in the web namespace."""

from django.urls import path

from .views.settings import webforms, webforms_embed

urlpatterns = [
    path("webforms/", webforms.webforms, name="settings_webforms"),
    path("webforms/<int:pk>/", webforms.edit, name="settings_webform"),
    path("webforms/<int:pk>/embed/", webforms_embed.embed, name="settings_webform_embed"),
    path("webforms/<int:pk>/active/", webforms.set_active, name="settings_webform_active"),
    path("webforms/<int:pk>/delete/", webforms.delete, name="settings_webform_delete"),
]
