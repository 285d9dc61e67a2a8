"""Public intake endpoints (no session): web forms, inbound email, call and messenger webhooks."""

from django.urls import include, path

urlpatterns = [
    path("forms/", include("funil.intake.webforms.urls")),
    path("mail/", include("funil.intake.mail.urls")),
    path("hooks/", include("funil.intake.webhooks.urls")),
]
