"""Public (non-session) endpoints of this channel, mounted under /in/mail/."""

from django.urls import path

from . import views

urlpatterns = [path("<uuid:public_id>/", views.inbound, name="intake_mail")]
