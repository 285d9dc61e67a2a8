"""Public (non-session) endpoints of this channel, mounted under /in/hooks/."""

from django.urls import path

from . import views

urlpatterns = [path("<uuid:public_id>/", views.hook, name="intake_hook")]
