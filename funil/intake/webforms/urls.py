"""Public (non-session) endpoints of this channel, mounted under /in/forms/."""

from django.urls import path

from . import views

app_name = "intake_webforms"

urlpatterns = [
    path("<str:public_id>/", views.endpoint, name="form"),
    path("<str:public_id>/embed.js", views.embed_script, name="embed"),
]
