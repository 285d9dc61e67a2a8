from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "funil.catalog"
    label = "catalog"
    verbose_name = "Products, sources, campaigns and custom fields"
