"""Importing a file: upload, set-up (mapping, format, dates, duplicates) with a preview and a dry run, the
running job's progress (htmx polling), and what it did: counts, rejected rows to download, rollback."""

import json
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, can, require
from funil.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from funil.imports import columns, kinds
from funil.imports.models import DuplicatePolicy, ImportJob, ImportKind, ImportStatus, SavedMapping
from funil.imports.reading import DELIMITERS, ENCODINGS
from funil.imports.services import (
    SetUp,
    custom_fields,
    explain,
    import_cancel,
    import_configure,
    import_preview,
    import_rollback,
    import_start,
    import_upload,
    rejected_rows,
    report,
)
from funil.imports.values import DateOrder

from ..doors import Request, error_text, field_errors, member_view

LIST_TEMPLATE = "web/imports/list.html"
JOB_TEMPLATE = "web/imports/job.html"


def _job(actor: Actor, pk: int) -> ImportJob:
    job = ImportJob.objects.filter(workspace=actor.workspace, pk=pk).select_related("created_by").first()
    if job is None:
        raise NotFound()
    require(actor, kinds.handler(job.kind).entity, "import")
    return job


def _importable(actor: Actor) -> list[str]:
    """The kinds this member may import."""
    return [kind for kind in kinds.supported() if can(actor, kinds.handler(kind).entity, "import")]


@member_view
def imports(request: Request, actor: Actor) -> HttpResponse:
    """The workspace's imports, newest first, and the upload form."""
    allowed = _importable(actor)
    if not allowed:
        raise Forbidden(_("Your role cannot import."))
    context: dict[str, Any] = {
        "actor": actor,
        "nav": "imports",
        "jobs": ImportJob.objects.filter(workspace=actor.workspace).select_related("created_by").order_by("-pk")[:50],
        "kinds": [(k, label) for k, label in ImportKind.choices if k in allowed],
        "mappings": SavedMapping.objects.filter(workspace=actor.workspace).order_by("name"),
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = _("Choose a CSV or Excel file to import.")
            return render(request, LIST_TEMPLATE, context, status=422)
        try:
            job = import_upload(
                actor=actor,
                kind=request.POST.get("kind", "leads"),
                upload=upload,
                filename=upload.name or "import.csv",
                mapping_name=request.POST.get("mapping", ""),
            )
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            context["error"] = error_text(exc)
            return render(request, LIST_TEMPLATE, context, status=422)
        return redirect("web:import_job", job.pk)
    return render(request, LIST_TEMPLATE, context)


def _job_context(actor: Actor, job: ImportJob, **extra: Any) -> dict[str, Any]:
    targets = columns.targets(job.kind, custom_fields(actor, job.kind))
    context: dict[str, Any] = {
        "actor": actor,
        "nav": "imports",
        "job": job,
        "targets": targets,
        "columns": list(zip(job.headers, job.mapping, strict=False)),
        "encodings": ENCODINGS,
        "delimiters": DELIMITERS,
        "date_orders": [
            (DateOrder.DMY, _("Day first (31/12/2024)")),
            (DateOrder.MDY, _("Month first (12/31/2024)")),
            (DateOrder.YMD, _("Year first (2024-12-31)")),
        ],
        "policies": DuplicatePolicy.choices,
        "errors": {},
        "can_rollback": job.status in (ImportStatus.DONE, ImportStatus.CANCELLED, ImportStatus.FAILED)
        and can(actor, kinds.handler(job.kind).entity, "delete"),
    }
    if job.status == ImportStatus.DRAFT:
        context["unknown_values"] = _unknown_values(actor, job, {t.key: t.label for t in targets})
    context.update(extra)
    return context


def _unknown_values(actor: Actor, job: ImportJob, labels: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per name in the file that matches nothing, with the workspace's rows it could become."""
    options = _reference_options(actor, job)
    may_create = can(actor, "settings", "update")
    lines = []
    for target, values in job.values_seen.items():
        for text, count in values:
            lines.append(
                {
                    "target": target,
                    "target_label": labels.get(target, target),
                    "text": text,
                    "count": count,
                    "choice": job.value_map.get(target, {}).get(text, ""),
                    "options": options.get(target, []),
                    "can_create": may_create and target in ("source", "campaign"),
                }
            )
    return lines


def _reference_options(actor: Actor, job: ImportJob) -> dict[str, list[tuple[str, str]]]:
    from funil.accounts.models import Membership
    from funil.catalog.models import Campaign, Source
    from funil.pipelines.models import Meaning, PipelineKind, Stage

    pipeline_kind = kinds.handler(job.kind).pipeline_kind or PipelineKind.LEAD
    stages = Stage.objects.filter(workspace=actor.workspace, pipeline__kind=pipeline_kind, meaning=Meaning.OPEN)
    members = Membership.objects.filter(workspace=actor.workspace, is_active=True).select_related("user")
    return {
        "stage": [(str(s.pk), s.name) for s in stages.order_by("pipeline_id", "position")],
        "source": [(str(s.pk), s.name) for s in Source.objects.filter(workspace=actor.workspace, active=True)],
        "campaign": [(str(c.pk), c.name) for c in Campaign.objects.filter(workspace=actor.workspace)],
        "owner": [(str(m.user_id), str(m.user)) for m in members],
    }


@member_view
def job_page(request: Request, actor: Actor, pk: int) -> HttpResponse:
    job = _job(actor, pk)
    context = _job_context(actor, job)
    if job.status == ImportStatus.DRAFT:
        context["preview"] = _preview(actor, job)
        labels = {t.key: t.label for t in context["targets"]}
        context["preview_columns"] = [labels.get(t, t) for t in job.mapping if t]
    return render(request, JOB_TEMPLATE, context)


def _preview(actor: Actor, job: ImportJob) -> list[Any]:
    try:
        rows = import_preview(actor=actor, job=job)
    except DomainError:
        return []
    names = {target: dict(options) for target, options in _reference_options(actor, job).items()}
    shown = [(i, t) for i, t in enumerate(job.mapping) if t]
    preview = []
    for r in rows:
        if r.errors:  # what the file says, beside why it cannot be stored
            values = [r.cells[i] if i < len(r.cells) else "" for i, _t in shown]
        else:
            values = [_shown_value(r, t, names) for _i, t in shown]
        preview.append({"row": r.row, "values": values, "errors": explain(r.errors)})
    return preview


def _shown_value(row: Any, target: str, names: dict[str, dict[str, str]]) -> str:
    """A previewed cell as it will be stored: normalised email and phones, names for references."""
    values, entry = row.values, row.entry
    if target == "created_at":
        return row.created_at.date().isoformat() if row.created_at else ""
    if target.startswith("custom:"):
        return str(values.get("custom_fields", {}).get(target.removeprefix("custom:"), ""))
    if target == "full_name":
        return " ".join(p for p in (values.get("first_name", ""), values.get("last_name", "")) if p)
    if target in ("phone", "mobile", "email"):
        return str(values.get(f"{target}_e164") or values.get("email_normalized" if target == "email" else target, ""))
    if target in names:
        found = values.get(f"{target}_id")
        return names[target].get(str(found), "") if found else entry.get(f"{target}_as_written", "")
    if target in entry:
        return entry[target]
    value = values.get(target, "")
    return "" if value is None else str(value)


def _setup(request: Request, job: ImportJob) -> SetUp:
    mapping = [request.POST.get(f"col-{i}", "") for i in range(len(job.headers))]
    choices: dict[str, dict[str, str]] = {}
    index = 0
    while f"value-target-{index}" in request.POST:
        target, text = request.POST[f"value-target-{index}"], request.POST.get(f"value-text-{index}", "")
        choices.setdefault(target, {})[text] = request.POST.get(f"value-choice-{index}", "")
        index += 1
    return SetUp(
        value_map=choices if index else None,
        mapping=mapping,
        encoding=request.POST.get("encoding", ""),
        delimiter=request.POST.get("delimiter", ""),
        date_order=request.POST.get("date_order", ""),
        policy=request.POST.get("policy", DuplicatePolicy.SKIP),
        save_as=request.POST.get("save_as", ""),
    )


@require_POST
@member_view
def job_setup(request: Request, actor: Actor, pk: int) -> HttpResponse:
    """Save the set-up, then preview, dry-run or start as the pressed button says."""
    job = _job(actor, pk)
    action = request.POST.get("action", "preview")
    try:
        import_configure(actor=actor, job=job, setup=_setup(request, job))
        if action in ("dry_run", "start"):
            import_start(actor=actor, job=job, dry_run=action == "dry_run")
    except (Forbidden, NotFound):
        raise
    except ValidationFailed as exc:
        context = _job_context(actor, job, errors=field_errors(exc), error=error_text(exc))
        return render(request, JOB_TEMPLATE, context, status=422)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return redirect("web:import_job", job.pk)


@member_view
def job_progress(request: Request, actor: Actor, pk: int) -> HttpResponse:
    """The progress panel alone, for htmx polling; a finished job sends the whole page back."""
    job = _job(actor, pk)
    response = render(request, "web/imports/_progress.html", _job_context(actor, job))
    if job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@member_view
def job_cancel(request: Request, actor: Actor, pk: int) -> HttpResponse:
    job = _job(actor, pk)
    try:
        import_cancel(actor=actor, job=job)
        messages.success(request, _("The import stops after the batch it is writing."))
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return redirect("web:import_job", job.pk)


@require_POST
@member_view
def job_rollback(request: Request, actor: Actor, pk: int) -> HttpResponse:
    job = _job(actor, pk)
    try:
        done = import_rollback(actor=actor, job=job)
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("web:import_job", job.pk)
    text = _("Rolled back: %(removed)d records removed.") % {"removed": done.removed}
    if done.kept:
        kept = _("%(kept)d kept because they changed since the import.") % {"kept": len(done.kept)}
        text = f"{text} {kept}"
    messages.success(request, text)
    return redirect("web:import_job", job.pk)


@member_view
def job_rejected(request: Request, actor: Actor, pk: int) -> StreamingHttpResponse:
    job = _job(actor, pk)
    response = StreamingHttpResponse((line.encode() for line in rejected_rows(job)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="rejected-rows-{job.pk}.csv"'
    return response


@member_view
def job_report(request: Request, actor: Actor, pk: int) -> StreamingHttpResponse:
    job = _job(actor, pk)

    def lines() -> Any:
        head = {"job": job.pk, "file": job.filename, "status": job.status}
        head["counts"] = {k: getattr(job, k) for k in ("created", "updated", "skipped", "rejected")}
        yield (json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [').encode()
        for index, entry in enumerate(report(job)):
            yield (("," if index else "") + "\n" + json.dumps(entry, ensure_ascii=False)).encode()
        yield b"\n]}\n"

    response = StreamingHttpResponse(lines(), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-report.json"'
    return response


def job_url(job: ImportJob) -> str:
    return reverse("web:import_job", args=[job.pk])
