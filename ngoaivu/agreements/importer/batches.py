"""Applying an import: the previewed batch (the file kept with its result), confirming it, and `run_import`,
which writes every row in one transaction with one `ImportBatch` and one audit event per created agreement."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.agreements import selectors
from ngoaivu.agreements.importer.validation import ImportResult, PlannedRow, plan
from ngoaivu.agreements.models import Agreement, AgreementEvent, DeadlineRule, ImportBatch, LegalStep
from ngoaivu.agreements.services import index_agreement, owner_for
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AuditEvent
from ngoaivu.core import context, files
from ngoaivu.core.exceptions import Forbidden, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.tasks import enqueue_on_commit
from ngoaivu.core.text import clean_text, fold, search_key
from ngoaivu.directory import services as directory_services
from ngoaivu.directory.models import Partner, Province

T = TypeVar("T")


def _chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def run_import(
    *,
    actor: User,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    create_partners: bool = False,
    allow_duplicates: bool = False,
    progress: Callable[[int, int], None] | None = None,
    batch: ImportBatch | None = None,
) -> ImportResult:
    """Check the whole file; if anything is wrong, or on a dry run, write nothing (a failed real run records
    the failed batch and its errors). Otherwise write every row in one transaction."""
    started = timezone.now()
    planned, result = plan(
        actor,
        content,
        create_partners=create_partners,
        allow_duplicates=allow_duplicates,
        progress=progress,
        filename=filename,
    )
    result.dry_run = dry_run
    if dry_run:
        result.created = len(planned) if result.ok else 0
        result.seconds = (timezone.now() - started).total_seconds()
        return result
    digest = hashlib.sha256(content).hexdigest()
    ctx = context.current()
    token = context.set_context(context.RequestContext(ctx.request_id or uuid.uuid4().hex, ctx.ip, "import"))
    try:
        result.batch = _run_in_transaction(actor, planned, result, content, filename, digest, batch, progress)
    finally:
        context.reset_context(token)
    result.seconds = (timezone.now() - started).total_seconds()
    return result


def _run_in_transaction(
    actor: User,
    planned: list[PlannedRow],
    result: ImportResult,
    content: bytes,
    filename: str,
    digest: str,
    batch: ImportBatch | None,
    progress: Callable[[int, int], None] | None,
) -> ImportBatch:
    with files.atomic():  # a failed write deletes the copy of the file it stored
        if result.ok:
            return _write(actor, planned, result, content, filename, digest, batch, progress)
        return _save_batch(actor, batch, content, filename, digest, ImportBatch.Status.FAILED, result)


def _save_batch(
    actor: User,
    batch: ImportBatch | None,
    content: bytes,
    filename: str,
    digest: str,
    status: str,
    result: ImportResult,
    created: int = 0,
    partners_created: int = 0,
) -> ImportBatch:
    if batch is None:
        batch = ImportBatch(owner_org_id=actor.scope.org_id or _owner_any(actor), created_by=_user(actor))
        if status != ImportBatch.Status.FAILED:  # a refused file is recorded (name, hash, errors), not kept
            files.store(batch.file, f"{digest[:16]}.xlsx", ContentFile(content))
    batch.filename = clean_text(filename)[:255] or "import.xlsx"
    batch.sha256 = digest
    batch.status = status
    batch.row_count = result.rows
    batch.created_count = created
    batch.partners_created = partners_created
    batch.errors = [p.as_dict() for p in result.errors[:2000]]
    batch.warnings = [p.as_dict() for p in result.warnings[:2000]]
    batch.updated_by = _user(actor)
    batch.save()
    return batch


def _user(actor: User) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _owner_any(actor: User) -> int:
    province = Province.objects.order_by("code").first()
    if province is None:
        raise Forbidden()
    return owner_for(actor, province)


def preview_batch(
    *, actor: User, content: bytes, filename: str, create_partners: bool, allow_duplicates: bool
) -> tuple[ImportBatch, ImportResult]:
    """The upload page: check the file, keep it with its result, import nothing yet."""
    result = run_import(
        actor=actor,
        content=content,
        filename=filename,
        dry_run=True,
        create_partners=create_partners,
        allow_duplicates=allow_duplicates,
    )
    digest = hashlib.sha256(content).hexdigest()
    with files.atomic():
        status = ImportBatch.Status.PREVIEWED if result.ok else ImportBatch.Status.FAILED
        batch = _save_batch(actor, None, content, filename, digest, status, result)
        batch.options = {"create_partners": create_partners, "allow_duplicates": allow_duplicates}
        batch.save(update_fields=["options"])
        audit.record(
            actor=actor, action="agreement_import.preview", target=batch, after=audit.snapshot(batch)
        )
    return batch, result


def confirm_batch(*, actor: User, batch_id: int) -> ImportResult:
    """Import a previewed file. The same file cannot be imported twice."""
    batch = get_for_action(ImportBatch, actor, Action.CHANGE, pk=batch_id)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise StateConflict(_("Lần nhập này đã được xử lý (%(s)s).") % {"s": batch.get_status_display()})
    with batch.file.open("rb") as fh:
        content = fh.read()
    return run_import(
        actor=actor,
        content=content,
        filename=batch.filename,
        batch=batch,
        create_partners=bool(batch.options.get("create_partners")),
        allow_duplicates=bool(batch.options.get("allow_duplicates")),
    )


def _write(
    actor: User,
    planned: list[PlannedRow],
    result: ImportResult,
    content: bytes,
    filename: str,
    digest: str,
    batch: ImportBatch | None,
    progress: Callable[[int, int], None] | None,
) -> ImportBatch:
    already = ImportBatch.objects.visible_to(actor, Action.VIEW).filter(
        sha256=digest, status=ImportBatch.Status.IMPORTED
    )
    earlier = already.first()
    if earlier is not None:
        raise StateConflict(_("Tệp này đã được nhập trước đây (lần nhập %(id)s).") % {"id": earlier.pk})
    batch = _save_batch(actor, batch, content, filename, digest, ImportBatch.Status.IMPORTED, result)
    partner_pks: dict[tuple[int, str], int] = {}
    for row in planned:  # each new partner once, spelled as it first appears in the file
        for name, country_id in row.new_partners:
            if (country_id, fold(name)) not in partner_pks:
                partner = directory_services.partner_create(
                    actor=actor,
                    data={"kind": "other", "name": name, "country_id": country_id, "visibility": "shared"},
                )
                partner_pks[(country_id, fold(name))] = partner.pk
    user = _user(actor)
    today = timezone.localdate()
    agreements: list[Agreement] = []
    partner_names = dict(
        Partner.objects.visible_to(actor, Action.VIEW)
        .filter(pk__in={pk for row in planned for pk in row.partner_ids} | set(partner_pks.values()))
        .values_list("pk", "name")
    )
    for row in planned:
        values = dict(row.values)
        agreement = Agreement(
            owner_org_id=owner_for(actor, values["province"]),
            created_by=user,
            updated_by=user,
            import_batch=batch,
            **values,
        )
        agreement.last_activity_on = agreement.signed_on or today
        row.partner_ids += [partner_pks[(cid, fold(n))] for n, cid in row.new_partners]
        partners = [Partner(name=partner_names.get(pk, "")) for pk in row.partner_ids]
        index_agreement(agreement, partners)
        agreements.append(agreement)
    created: list[Agreement] = []
    for chunk in _chunks(agreements, 1000):
        created.extend(Agreement.objects.system(reason="bulk import").bulk_create(chunk))
        if progress is not None:
            progress(len(created), len(agreements))
    through_partners = Agreement.partners.through
    through_fields = Agreement.fields.through
    links_p = [
        through_partners(agreement_id=a.pk, partner_id=p)
        for a, r in zip(created, planned, strict=True)
        for p in dict.fromkeys(r.partner_ids)
    ]
    links_f = [
        through_fields(agreement_id=a.pk, cooperationfield_id=f)
        for a, r in zip(created, planned, strict=True)
        for f in r.field_ids
    ]
    through_partners.objects.bulk_create(links_p, batch_size=2000)
    through_fields.objects.bulk_create(links_f, batch_size=2000)
    label = audit.actor_label(actor)
    AgreementEvent.objects.bulk_create(
        [
            AgreementEvent(
                agreement_id=a.pk,
                actor=user,
                actor_label=label,
                action="import",
                from_state="-",
                to_state=a.state,
                happened_on=today,
                text=batch.filename,
            )
            for a in created
        ],
        batch_size=2000,
    )
    steps = []
    for a in created:
        if a.state == Agreement.State.SIGNED and a.kind.needs_pm_report and a.signed_on:
            rule = selectors.rule_for(DeadlineRule.Key.POST_SIGNING_REPORT, a.province.code)
            steps.append(
                LegalStep(
                    agreement_id=a.pk,
                    kind=LegalStep.Kind.POST_SIGNING_REPORT,
                    body=_("Thủ tướng Chính phủ (gửi Bộ Ngoại giao)"),
                    started_on=a.signed_on,
                    due_on=selectors.due_date(rule, a.signed_on),
                    rule=rule.describe()[:300],
                )
            )
    LegalStep.objects.bulk_create(steps, batch_size=2000)
    ctx = context.current()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=user,
                actor_label=label,
                organisation_id=getattr(actor, "organisation_id", None),
                verb=AuditEvent.Verb.CREATE,
                action="agreement.import",
                target_type="agreements.agreement",
                target_id=str(a.pk),
                target_repr=str(a)[:300],
                target_org_id=a.owner_org_id,
                parent_type="agreements.importbatch",
                parent_id=str(batch.pk),
                changes=audit.diff({}, audit.snapshot(a)),
                request_id=ctx.request_id,
                ip=ctx.ip,
                channel=ctx.channel,
                search_text=search_key(label, "agreement.import", str(a)),
            )
            for a in created
        ],
        batch_size=1000,
    )
    # bulk inserts send no signals: the search index is told once, after the import commits
    enqueue_on_commit("ngoaivu.search.tasks.reindex_many", "agreement", [a.pk for a in created])
    batch.created_count = len(created)
    batch.partners_created = len(partner_pks)
    batch.save(update_fields=["created_count", "partners_created"])
    audit.record(actor=actor, action="agreement_import.run", target=batch, after=audit.snapshot(batch))
    result.created = len(created)
    return batch
