"""Applying an indicator import: the previewed batch (the file kept with its result), confirming it, and
`run_import`, which writes every value (or rate) in one transaction with one `IndicatorImport` and one audit
event per created row, the batch as parent. The same file (SHA-256) is never imported twice."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AuditEvent
from ngoaivu.core import context, files
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.indicators.importer.rates import PlannedRate, plan_rates
from ngoaivu.indicators.importer.reading import SHAPES, Problem
from ngoaivu.indicators.importer.validation import (
    ImportResult,
    PlannedValue,
    may_import_rates,
    may_import_values,
    plan_values,
)
from ngoaivu.indicators.models import ExchangeRate, IndicatorImport, IndicatorValue

Planned = list[PlannedValue] | list[PlannedRate]


def _plan(
    actor: Actor, content: bytes, shape: str, filename: str, progress: Callable[[int, int], None] | None
) -> tuple[Planned, ImportResult]:
    if shape not in SHAPES:
        raise ServiceError(_("Dạng bảng không hợp lệ: %(s)s.") % {"s": shape})
    if shape == "rates":
        return plan_rates(actor, content, filename=filename)
    return plan_values(actor, content, shape=shape, filename=filename, progress=progress)


def run_import(
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    shape: str = "long",
    dry_run: bool = False,
    submit: bool = False,
    progress: Callable[[int, int], None] | None = None,
    batch: IndicatorImport | None = None,
) -> ImportResult:
    """Check the whole file; if anything is wrong, or on a dry run, write nothing (a failed real run records
    the failed batch and its errors). Otherwise write every row in one transaction. `submit`: the values are
    sent to the ministry at once (status submitted) instead of staying drafts."""
    started = timezone.now()
    if not (may_import_rates(actor) if shape == "rates" else may_import_values(actor)):
        raise Forbidden()
    digest = hashlib.sha256(content).hexdigest()
    if (earlier := _imported_before(digest)) is not None:
        message = _("Tệp này đã được nhập trước đây (lần nhập %(id)s).") % {"id": earlier}
        if not dry_run:
            raise StateConflict(message)
        return ImportResult(shape=shape, errors=[Problem(0, "", message)], dry_run=True)
    planned, result = _plan(actor, content, shape, filename, progress)
    result.dry_run = dry_run
    if dry_run:
        result.created = len(planned) if result.ok else 0
        result.seconds = (timezone.now() - started).total_seconds()
        return result
    ctx = context.current()
    token = context.set_context(context.RequestContext(ctx.request_id or uuid.uuid4().hex, ctx.ip, "import"))
    try:
        with files.atomic():  # one transaction; a failed write deletes the copy of the file it stored
            if result.ok:
                result.batch = _write(
                    actor, planned, result, content, filename, digest, batch, submit, progress
                )
            else:
                result.batch = _save_batch(
                    actor, batch, content, filename, digest, IndicatorImport.Status.FAILED, result
                )
    finally:
        context.reset_context(token)
    result.seconds = (timezone.now() - started).total_seconds()
    return result


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def _owner(actor: Actor) -> int:
    scope = actor.scope
    if scope.org_id is not None:
        return scope.org_id
    org = Organisation.objects.filter(kind=Organisation.Kind.MOFA).order_by("pk").first()
    if org is None:
        raise Forbidden()
    return org.pk


def _save_batch(
    actor: Actor,
    batch: IndicatorImport | None,
    content: bytes,
    filename: str,
    digest: str,
    status: str,
    result: ImportResult,
    created: int = 0,
    options: dict[str, object] | None = None,
) -> IndicatorImport:
    if batch is None:
        batch = IndicatorImport(owner_org_id=_owner(actor), created_by=_user(actor), shape=result.shape)
        if (
            status != IndicatorImport.Status.FAILED
        ):  # a refused file is recorded (name, hash, errors), not kept
            files.store(batch.file, f"{digest[:16]}.xlsx", ContentFile(content))
    batch.filename = clean_text(filename)[:255] or "import.xlsx"
    batch.sha256 = digest
    batch.status = status
    batch.row_count = result.rows
    batch.created_count = created
    batch.errors = [p.as_dict() for p in result.errors[:2000]]
    batch.warnings = [p.as_dict() for p in result.warnings[:2000]]
    if options is not None:
        batch.options = options
    batch.updated_by = _user(actor)
    batch.save()
    return batch


def preview_batch(
    *, actor: Actor, content: bytes, filename: str, shape: str, submit: bool = False
) -> tuple[IndicatorImport, ImportResult]:
    """The upload page: check the file, keep it with its result, import nothing yet."""
    result = run_import(actor=actor, content=content, filename=filename, shape=shape, dry_run=True)
    digest = hashlib.sha256(content).hexdigest()
    with files.atomic():
        status = IndicatorImport.Status.PREVIEWED if result.ok else IndicatorImport.Status.FAILED
        batch = _save_batch(
            actor,
            None,
            content,
            filename,
            digest,
            status,
            result,
            created=0,
            options={"submit": submit, "would_create": result.created, "skipped": result.skipped},
        )
        audit.record(
            actor=actor, action="indicator_import.preview", target=batch, after=audit.snapshot(batch)
        )
    return batch, result


def confirm_batch(*, actor: Actor, batch_id: int) -> ImportResult:
    """Import a previewed file. The same file cannot be imported twice."""
    batch = get_for_action(IndicatorImport, actor, Action.CHANGE, pk=batch_id)
    if batch.status != IndicatorImport.Status.PREVIEWED:
        raise StateConflict(_("Lần nhập này đã được xử lý (%(s)s).") % {"s": batch.get_status_display()})
    allowed = may_import_rates(actor) if batch.shape == "rates" else may_import_values(actor)
    if not allowed:
        raise Forbidden()
    with batch.file.open("rb") as fh:
        content = fh.read()
    return run_import(
        actor=actor,
        content=content,
        filename=batch.filename,
        shape=batch.shape,
        batch=batch,
        submit=bool(batch.options.get("submit")),
    )


def _imported_before(digest: str) -> int | None:
    """Whoever imported it: the same bytes are the same figures, whichever organisation sent them first."""
    return (
        IndicatorImport.objects.system(reason="import: the same file once")
        .filter(sha256=digest, status=IndicatorImport.Status.IMPORTED, deleted_at__isnull=True)
        .values_list("pk", flat=True)
        .first()
    )


def _refuse_repeat(digest: str) -> None:
    earlier = _imported_before(digest)
    if earlier is not None:
        raise StateConflict(_("Tệp này đã được nhập trước đây (lần nhập %(id)s).") % {"id": earlier})


def _write(
    actor: Actor,
    planned: Planned,
    result: ImportResult,
    content: bytes,
    filename: str,
    digest: str,
    batch: IndicatorImport | None,
    submit: bool,
    progress: Callable[[int, int], None] | None,
) -> IndicatorImport:
    _refuse_repeat(digest)
    options = {**(batch.options if batch is not None else {}), "submit": submit, "skipped": result.skipped}
    batch = _save_batch(
        actor, batch, content, filename, digest, IndicatorImport.Status.IMPORTED, result, options=options
    )
    user = _user(actor)
    now = timezone.now()
    created: list[IndicatorValue] | list[ExchangeRate]
    if result.shape == "rates":
        rates = [
            ExchangeRate(
                currency=p.currency,
                period_kind=p.period.kind,
                period_start=p.period.start,
                period_end=p.period.end,
                vnd_per_unit=p.rate,
                source=p.source,
                note=p.note,
                created_by=user,
            )
            for p in planned
            if isinstance(p, PlannedRate)
        ]
        created = ExchangeRate.objects.bulk_create(rates, batch_size=1000)
        action, target_type = "exchange_rate.import", "indicators.exchangerate"
    else:
        status = IndicatorValue.Status.SUBMITTED if submit else IndicatorValue.Status.DRAFT
        values = [
            IndicatorValue(
                owner_org_id=p.owner_org_id,
                created_by=user,
                updated_by=user,
                indicator=p.indicator,
                province=p.province,
                former_province=p.former_province,
                unit_key=p.unit_key,
                country=p.country,
                market_key=p.country.iso2 if p.country else "",
                period_kind=p.period.kind,
                period_start=p.period.start,
                period_end=p.period.end,
                year=p.period.year,
                value=p.value,
                currency=p.currency,
                source=p.source,
                note=p.note,
                status=status,
                submitted_at=now if submit else None,
                submitted_by=user if submit else None,
                import_batch=batch,
            )
            for p in planned
            if isinstance(p, PlannedValue)
        ]
        made: list[IndicatorValue] = []
        for i in range(0, len(values), 1000):
            made.extend(IndicatorValue.objects.system(reason="bulk import").bulk_create(values[i : i + 1000]))
            if progress is not None:
                progress(len(made), len(values))
        created = made
        action, target_type = "indicator_value.import", "indicators.indicatorvalue"
    label = audit.actor_label(actor)
    ctx = context.current()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=user,
                actor_label=label,
                organisation_id=getattr(actor, "organisation_id", None),
                verb=AuditEvent.Verb.CREATE,
                action=action,
                target_type=target_type,
                target_id=str(obj.pk),
                target_repr=str(obj)[:300],
                target_org_id=getattr(obj, "owner_org_id", batch.owner_org_id),
                parent_type="indicators.indicatorimport",
                parent_id=str(batch.pk),
                changes=audit.diff({}, audit.snapshot(obj)),
                request_id=ctx.request_id,
                ip=ctx.ip,
                channel=ctx.channel,
                search_text=search_key(label, action, str(obj)),
            )
            for obj in created
        ],
        batch_size=1000,
    )
    batch.created_count = len(created)
    batch.save(update_fields=["created_count"])
    audit.record(actor=actor, action="indicator_import.run", target=batch, after=audit.snapshot(batch))
    result.created = len(created)
    return batch


def import_batch_get(*, user: Actor, pk: int) -> IndicatorImport:
    return get_for_action(IndicatorImport, user, Action.VIEW, pk=pk)


def import_batch_list(*, user: Actor, limit: int = 20) -> list[IndicatorImport]:
    """The recent imports the reader may see (their organisation's; the ministry sees all)."""
    return list(
        IndicatorImport.objects.visible_to(user, Action.VIEW).select_related("created_by", "owner_org")[
            :limit
        ]
    )


def import_batch_values_filter(*, user: Actor, batch: IndicatorImport) -> dict[str, str]:
    """The filters of the values list (`/indicators/values/`) that show this run's values. The list has no
    filter by import run, so: the province, indicator and market when the run's values share one, the years
    they span, and the status when they all still have the same one. Empty when the reader sees none of them."""
    rows = list(
        IndicatorValue.objects.visible_to(user, Action.VIEW)
        .filter(import_batch=batch)
        .values_list(
            "province__code", "indicator__code", "country__iso2", "period_start", "period_end", "status"
        )
    )
    if not rows:
        return {}
    query: dict[str, str] = {}
    for i, name in enumerate(("province", "indicator", "country")):
        found = {r[i] for r in rows}
        if len(found) == 1 and (only := found.pop()):
            query[name] = str(only)
    query["period_from"] = str(min(r[3] for r in rows).year)
    query["period_to"] = str(max(r[4] for r in rows).year)
    statuses = {r[5] for r in rows}
    if len(statuses) == 1:
        query["status"] = statuses.pop()
    return query
