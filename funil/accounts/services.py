"""Creating and configuring workspaces, their teams and their members."""

import zoneinfo
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from funil.core.errors import DomainError, ValidationFailed
from funil.core.normalize import normalize_country, normalize_currency, normalize_email

from .access import Actor, require
from .audit import setting_changed
from .errors import AccountError
from .models import CrmMode, IntakePolicy, Membership, Team, User, Workspace
from .roles import Role
from .settings_kit import read_name, reader_for, refuse_clash, refuse_duplicate, refuse_unknown, save_changes


def workspace_create(
    *,
    name: str,
    currency: str = "BRL",
    country: str = "BR",
    language: str = "pt-br",
    time_zone: str = "America/Sao_Paulo",
    crm_mode: str = CrmMode.CLASSIC,
) -> Workspace:
    """A new tenant with the default pipelines, stages, close reasons and sources."""
    from funil.pipelines.services import pipelines_install_defaults

    name = name.strip()
    if not name:
        raise ValidationFailed.single("name", "workspace_name_required", _("A workspace needs a name."))
    if crm_mode not in CrmMode.values:
        raise ValidationFailed.single("crm_mode", "choice_invalid", _("CRM mode is classic or simple."))
    with transaction.atomic():
        workspace = Workspace.objects.create(
            name=name,
            slug=_unique_slug(name),
            currency=normalize_currency(currency),
            country=normalize_country(country) or "BR",
            language=language,
            time_zone=time_zone,
            crm_mode=crm_mode,
        )
        pipelines_install_defaults(workspace=workspace)
    return workspace


def member_add(
    *,
    workspace: Workspace,
    email: str,
    role: str = Role.SALESPERSON,
    full_name: str = "",
    password: str | None = None,
    team: Team | None = None,
) -> Membership:
    """Add a user (created when new) to the workspace with a role."""
    if role not in Role.values:
        raise ValidationFailed.single(
            "role", "choice_invalid", _("Role must be one of %(roles)s.") % {"roles": ", ".join(Role.values)}
        )
    email = normalize_email(email)
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password, full_name=full_name)
        membership, _created = Membership.objects.update_or_create(
            workspace=workspace, user=user, defaults={"role": role, "team": team, "is_active": True}
        )
    return membership


def team_create(*, workspace: Workspace, name: str) -> Team:
    team, _created = Team.objects.get_or_create(workspace=workspace, name=name.strip())
    return team


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "workspace"
    slug, n = base, 1
    while Workspace.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# Workspace settings ------------------------------------------------------------------------------------------------
WORKSPACE_FIELDS = ("name", "currency", "country", "language", "time_zone", "crm_mode", "intake_policy")


def workspace_update(*, actor: Actor, changes: dict[str, Any]) -> Workspace:
    """The actor's workspace: name, currency, country, language, time zone, CRM mode (classic or simple) and
    intake policy (attach a known person's message to their record, or create and flag)."""
    require(actor, "settings", "update")
    refuse_unknown(changes, WORKSPACE_FIELDS)
    reader = reader_for(actor)
    for key, value in changes.items():
        if key == "name":
            read_name(reader, value, max_length=200)
        elif key == "currency":
            reader.currency(key, value)
        elif key == "country":
            reader.country_code(key, value)
            if not reader.values.get(key) and not reader.errors:
                reader.fail(key, "country_invalid", _("Pick the country phone numbers are read in."))
        elif key == "language":
            _read_listed(
                reader, key, value, [code for code, _name in settings.LANGUAGES], AccountError.LANGUAGE_INVALID
            )
        elif key == "time_zone":
            _read_listed(reader, key, value, zoneinfo.available_timezones(), AccountError.TIME_ZONE_INVALID)
        elif key == "crm_mode":
            _read_listed(reader, key, value, CrmMode.values, AccountError.CRM_MODE_INVALID)
        elif key == "intake_policy":
            _read_listed(reader, key, value, IntakePolicy.values, AccountError.INTAKE_POLICY_INVALID)
    reader.raise_if_errors()
    with transaction.atomic():
        workspace = Workspace.objects.select_for_update().get(pk=actor.workspace.pk)
        save_changes(actor, workspace, reader.values, area="workspace")
    return workspace


def _read_listed(reader: Any, field: str, value: Any, allowed: Any, code: str) -> None:
    value = str(value or "").strip()
    if value not in allowed:
        reader.fail(field, code, _("Pick one of the values offered."))
    reader.values[field] = value


# Teams -------------------------------------------------------------------------------------------------------------
def team_add(*, actor: Actor, name: str) -> Team:
    require(actor, "settings", "update")
    reader = reader_for(actor)
    read_name(reader, name, max_length=120)
    refuse_duplicate(reader, Team.objects.filter(workspace=actor.workspace))
    reader.raise_if_errors()
    with transaction.atomic():
        with refuse_clash():
            team = Team.objects.create(workspace=actor.workspace, name=reader.values["name"])
        setting_changed(actor, area="team", action="created", obj=team, changes={"name": team.name})
    return team


def team_rename(*, actor: Actor, team: Team, name: str) -> Team:
    require(actor, "settings", "update", team)
    reader = reader_for(actor)
    read_name(reader, name, max_length=120)
    refuse_duplicate(reader, Team.objects.filter(workspace=actor.workspace), exclude=team)
    reader.raise_if_errors()
    with transaction.atomic():
        save_changes(actor, team, reader.values, area="team")
    return team


def team_set_members(*, actor: Actor, team: Team, user_ids: list[Any]) -> Team:
    """Exactly these members are on the team. A member is on one team, so joining this one leaves any other;
    records keep the team they were assigned with, and follow the owner's new team at their next assignment."""
    require(actor, "settings", "update", team)
    wanted = _member_ids(actor, user_ids, field="members")
    with transaction.atomic():
        memberships = Membership.objects.select_for_update().filter(workspace=actor.workspace)
        before = set(memberships.filter(team=team).values_list("user_id", flat=True))
        memberships.filter(team=team).exclude(user_id__in=wanted).update(team=None)
        memberships.filter(user_id__in=wanted).update(team=team)
        if before != wanted:
            setting_changed(
                actor, area="team", action="members", obj=team, changes={"members": [sorted(before), sorted(wanted)]}
            )
    return team


def _member_ids(actor: Actor, user_ids: list[Any], *, field: str) -> set[int]:
    try:
        wanted = {int(pk) for pk in user_ids}
    except (TypeError, ValueError):
        raise ValidationFailed.single(field, AccountError.MEMBER_INVALID, _("Pick members from the list.")) from None
    known = set(
        Membership.objects.filter(workspace=actor.workspace, user_id__in=wanted).values_list("user_id", flat=True)
    )
    if known != wanted:
        raise ValidationFailed.single(field, AccountError.MEMBER_INVALID, _("Pick members from the list."))
    return wanted


# Members -----------------------------------------------------------------------------------------------------------
def member_set_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    require(actor, "settings", "update", membership)
    if role not in Role.values:
        raise ValidationFailed.single("role", AccountError.ROLE_INVALID, _("Pick a role from the list."))
    with transaction.atomic():
        membership = _locked(membership)
        if membership.role == Role.ADMIN and role != Role.ADMIN:
            _keep_an_admin(membership, field="role")
        save_changes(actor, membership, {"role": role}, area="member")
    return membership


def member_set_team(*, actor: Actor, membership: Membership, team_id: Any) -> Membership:
    require(actor, "settings", "update", membership)
    team = _team(actor, team_id)
    with transaction.atomic():
        save_changes(actor, _locked(membership), {"team": team}, area="member")
    return membership


def member_deactivate(*, actor: Actor, membership: Membership) -> Membership:
    """They can no longer act in this workspace; their records stay theirs, visible to managers and admins,
    who can reassign them."""
    require(actor, "settings", "update", membership)
    with transaction.atomic():
        membership = _locked(membership)
        if membership.is_active and membership.role == Role.ADMIN:
            _keep_an_admin(membership, field="is_active")
        save_changes(actor, membership, {"is_active": False}, area="member", action="deactivated")
    return membership


def member_reactivate(*, actor: Actor, membership: Membership) -> Membership:
    require(actor, "settings", "update", membership)
    with transaction.atomic():
        membership = _locked(membership)
        save_changes(actor, membership, {"is_active": True}, area="member", action="reactivated")
    return membership


def _locked(membership: Membership) -> Membership:
    return Membership.objects.select_for_update(of=("self",)).select_related("user", "team").get(pk=membership.pk)


def _keep_an_admin(membership: Membership, *, field: str) -> None:
    """Refuse a change that would leave the workspace with no active admin to manage it."""
    others = (
        Membership.objects.select_for_update(of=("self",))
        .filter(workspace_id=membership.workspace_id, role=Role.ADMIN, is_active=True, user__is_active=True)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise DomainError(
            AccountError.LAST_ADMIN,
            _("The workspace needs at least one active admin: make someone else admin first."),
            field=field,
        )


def _team(actor: Actor, team_id: Any) -> Team | None:
    if team_id in (None, ""):
        return None
    try:
        return Team.objects.get(workspace=actor.workspace, pk=int(team_id))
    except (TypeError, ValueError, Team.DoesNotExist):
        raise ValidationFailed.single("team", AccountError.TEAM_INVALID, _("Pick a team from the list.")) from None
