"""Abstract field groups several entities share (person, address, contact channels, consent)."""

from django.db import models


class PersonFields(models.Model):
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=120, blank=True)

    class Meta:
        abstract = True

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class AddressFields(models.Model):
    street = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=120, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")

    class Meta:
        abstract = True


class ChannelFields(models.Model):
    """Email and phones, each kept as entered and normalised (lower-cased email, E.164 phone)."""

    email = models.CharField(max_length=254, blank=True)
    email_normalized = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    phone_e164 = models.CharField(max_length=20, blank=True)
    phone_extension = models.CharField(max_length=10, blank=True)
    mobile = models.CharField(max_length=40, blank=True)
    mobile_e164 = models.CharField(max_length=20, blank=True)
    website = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


class ConsentFields(models.Model):
    marketing_consent = models.BooleanField(null=True, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_source = models.CharField(max_length=200, blank=True, help_text="How consent was given.")

    class Meta:
        abstract = True


class OwnedFields(models.Model):
    """Owner and team: what the none/own/team/all scopes are computed from."""

    ACCESS_OWNER_FIELDS = ("owner",)
    ACCESS_TEAM_FIELDS = ("team",)

    owner = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        abstract = True
