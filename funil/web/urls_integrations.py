"""Integrations in Settings (email, calls, messengers), mounted under settings/ in the web namespace."""

from django.urls import path

from .views.settings import integrations

urlpatterns = [
    path("integrations/", integrations.integrations, name="settings_integrations"),
    path("integrations/new/<slug:kind>/", integrations.new, name="settings_integration_new"),
    path("integrations/<int:pk>/", integrations.detail, name="settings_integration"),
    path("integrations/<int:pk>/rotate/", integrations.rotate, name="settings_integration_rotate"),
    path("integrations/<int:pk>/active/", integrations.set_active, name="settings_integration_active"),
]
