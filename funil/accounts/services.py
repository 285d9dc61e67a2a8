"""Creating workspaces and adding members."""

from django.db import transaction
from django.utils.text import slugify

from funil.core.errors import ValidationFailed
from funil.core.normalize import normalize_country, normalize_currency, normalize_email

from .models import CrmMode, Membership, Team, User, Workspace
from .roles import Role


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
        raise ValidationFailed.single("name", "workspace_name_required", "A workspace needs a name.")
    if crm_mode not in CrmMode.values:
        raise ValidationFailed.single("crm_mode", "choice_invalid", "CRM mode is classic or simple.")
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
        raise ValidationFailed.single("role", "choice_invalid", f"Role must be one of {', '.join(Role.values)}.")
    email = normalize_email(email)
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password, full_name=full_name)
        membership, _ = Membership.objects.update_or_create(
            workspace=workspace, user=user, defaults={"role": role, "team": team, "is_active": True}
        )
    return membership


def team_create(*, workspace: Workspace, name: str) -> Team:
    team, _ = Team.objects.get_or_create(workspace=workspace, name=name.strip())
    return team


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "workspace"
    slug, n = base, 1
    while Workspace.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
