from django.contrib import admin

from .models import Company, Contact


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "workspace", "owner", "created_at")
    search_fields = ("name", "domain")
    list_filter = ("workspace",)
    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("__str__", "email", "company", "lifecycle", "workspace", "owner")
    search_fields = ("first_name", "last_name", "email_normalized", "phone_e164")
    list_filter = ("lifecycle", "workspace")
    raw_id_fields = ("company",)
    readonly_fields = ("email_normalized", "phone_e164", "mobile_e164", "version", "created_at", "updated_at")
