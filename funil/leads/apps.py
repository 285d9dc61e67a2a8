from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "funil.leads"
    label = "leads"
