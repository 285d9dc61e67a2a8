from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "funil.contacts"
    label = "contacts"
