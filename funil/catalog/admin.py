from django.contrib import admin

from .models import Campaign, CustomField, Product, Source


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "sku", "price", "currency", "active", "workspace")
    list_filter = ("active", "workspace")
    search_fields = ("name", "sku")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "active", "workspace")
    list_filter = ("kind", "workspace")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "cost", "currency", "starts_on", "ends_on", "workspace")
    list_filter = ("workspace",)


@admin.register(CustomField)
class CustomFieldAdmin(admin.ModelAdmin):
    list_display = ("label", "key", "entity", "type", "required", "is_qualifier", "active", "workspace")
    list_filter = ("entity", "type", "active", "workspace")
