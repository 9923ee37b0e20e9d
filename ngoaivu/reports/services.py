"""Writes of the report builder (issue 22): asking for a report (`report_run_create`, in the request, audited,
the build enqueued after commit) and building it (`report_run_build`, in the worker).

The build runs outside any request and outside one long transaction: the figures are counted as the asker
(`reports.figures.build`, through the apps' selectors, so the report holds only what the asker may read), the
officers' narratives and proposals replace the prefilled skeleton, the writers lay it out (Word, PDF through
LibreOffice, Excel), and the result is kept twice — as the run's file, for its download, and as a version of a
document in the library (`ingest`): a new run with the same parameters adds a version to the same document.
Each step writes its progress at once, so the run page shows it while the worker goes on."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError
from ngoaivu.core.scoping import Action
from ngoaivu.core.tasks import enqueue_on_commit
from ngoaivu.core.text import clean_line, clean_text, fold
from ngoaivu.core.versioning import save_versioned
from ngoaivu.ingest import services as library
from ngoaivu.ingest.models import Document
from ngoaivu.reports import documents, figures
from ngoaivu.reports.content import ReportContent
from ngoaivu.reports.documents import pdf
from ngoaivu.reports.documents.vietnamese import MAX_SYMBOL_CHARS
from ngoaivu.reports.models import ReportRun
from ngoaivu.reports.periods import check_period
from ngoaivu.reports.selectors.runs import kinds_for

logger = logging.getLogger(__name__)

MAX_NARRATIVE_CHARS = 20_000
MAX_SECTIONS = 40
SYMBOL = re.compile(r"[\w.&-]+(/[\w.&-]+)?")  # BC-UBND, BC-ĐSQ, BC-NG/VP
MAX_SIGNER_CHARS = 200  # ReportRun.signer_title / signer_name
STALE = dt.timedelta(minutes=15)  # a running run with no progress written for this long: its worker died
REDACT: frozenset[str] = frozenset()
STEP_QUEUED = "Đang chờ máy chủ soạn báo cáo"
STEP_COUNTING = "Đang tính số liệu từ các hồ sơ"
STEP_WRITING = "Đang soạn văn bản"
STEP_PDF = "Đang chuyển sang PDF (LibreOffice)"
STEP_LIBRARY = "Đang lưu vào thư viện tài liệu"
STEP_DONE = "Đã xong"
GONE = "Bạn không còn quyền lập báo cáo này (phạm vi hoặc vai trò đã thay đổi)."
MOVED = (
    "Không lập được báo cáo: người yêu cầu không còn thuộc đơn vị đã yêu cầu báo cáo này hoặc không còn quyền "
    "lập loại báo cáo này. Người có quyền của đơn vị hãy yêu cầu lại."
)
BROKEN = "Không soạn được báo cáo do lỗi hệ thống; quản trị hệ thống đã được ghi nhận lỗi. Hãy thử lại sau."


@dataclass
class RunInput:
    kind: str = ""
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    format: str = ReportRun.Format.DOCX
    organisation_id: int | None = None
    period_label: str = ""
    narratives: dict[str, str] = field(default_factory=dict)
    proposals: str = ""
    signer_title: str = ""
    signer_name: str = ""
    symbol: str = ""


def _invalid(name: str, message: str) -> ServiceError:
    return ServiceError(message, {name: [message]})


def _organisation(actor: User, kind: str, organisation_id: int | None) -> Organisation | None:
    """The organisation the report is about: none for the national review; for a province's or a mission's
    report the one named, or the actor's own when none is named. An unknown id is "not found", as one outside
    the actor's scope is (`figures.check_scope`)."""
    if kind == ReportRun.Kind.NATIONAL_REVIEW:
        return None
    if organisation_id is None:  # the actor's own province or mission; the ministry names one
        wanted = (
            Organisation.Kind.PROVINCE
            if kind == ReportRun.Kind.PROVINCE_PERIODIC
            else Organisation.Kind.MISSION
        )
        return Organisation.objects.filter(pk=actor.scope.org_id or 0, kind=wanted).first()
    found = Organisation.objects.filter(pk=organisation_id, is_active=True).first()
    if found is None:
        raise NotFound()
    return found


def _narratives(raw: dict[str, Any]) -> dict[str, str]:
    if not isinstance(raw, dict) or len(raw) > MAX_SECTIONS:
        raise _invalid("narratives", f"Tối đa {MAX_SECTIONS} phần.")
    cleaned: dict[str, str] = {}
    for key, text in raw.items():
        if not isinstance(key, str) or not key or len(key) > 60 or not isinstance(text, str):
            raise _invalid("narratives", "Mỗi phần là một mã phần và một đoạn văn bản.")
        if len(text) > MAX_NARRATIVE_CHARS:
            raise _invalid("narratives", f"Mỗi phần tối đa {MAX_NARRATIVE_CHARS:,} ký tự.".replace(",", "."))
        cleaned[clean_line(key)] = clean_text(text)
    return cleaned


def validate(actor: User, data: RunInput) -> Organisation | None:
    """Every rule of a request for a report, in the order a reader fixes them; the organisation it is about.
    Raises ServiceError (a field named), Forbidden (a kind the actor may not build) or NotFound."""
    scope = actor.scope
    if not scope.active or scope.org_id is None or not scope.can_write:
        raise Forbidden()
    if data.kind not in ReportRun.Kind.values:
        raise _invalid("kind", "Chọn loại báo cáo.")
    if data.kind not in {k for k, _label in kinds_for(actor)}:
        raise Forbidden()
    if data.format not in ReportRun.Format.values:
        raise _invalid("format", "Chọn định dạng: Word (.docx), PDF hoặc Excel (.xlsx).")
    # the one rule for a report's dates (the national-review API and figures.build apply the same)
    check_period(data.period_from, data.period_to, today=timezone.localdate())
    if len(data.proposals) > MAX_NARRATIVE_CHARS:
        raise _invalid("proposals", f"Tối đa {MAX_NARRATIVE_CHARS:,} ký tự.".replace(",", "."))
    for name, label, value in (
        ("signer_title", "Chức vụ, thẩm quyền người ký", clean_text(data.signer_title)),
        ("signer_name", "Họ tên người ký", clean_line(data.signer_name)),
    ):
        if len(value) > MAX_SIGNER_CHARS:  # stored whole or refused: never cut without a word
            raise _invalid(name, f"{label} tối đa {MAX_SIGNER_CHARS} ký tự (đang có {len(value)}).")
    symbol = clean_line(data.symbol).lstrip("/")
    if len(symbol) > MAX_SYMBOL_CHARS:
        raise _invalid("symbol", f"Ký hiệu văn bản tối đa {MAX_SYMBOL_CHARS} ký tự (vd. BC-UBND).")
    if symbol and not SYMBOL.fullmatch(symbol):
        raise _invalid(
            "symbol", "Ký hiệu văn bản gồm chữ, số, dấu gạch ngang (vd. BC-UBND), không có khoảng trắng."
        )
    narratives = _narratives(data.narratives)
    organisation = _organisation(actor, data.kind, data.organisation_id)
    figures.check_scope(data.kind, actor=actor, organisation=organisation)
    if data.format == ReportRun.Format.PDF and not pdf.available():
        raise _invalid("format", pdf.UNAVAILABLE)
    if narratives:
        _check_sections(actor, data, organisation, narratives)
    return organisation


def _check_sections(
    actor: User, data: RunInput, organisation: Organisation | None, narratives: dict[str, str]
) -> None:
    """A narrative for a section the report does not have would be stored and never printed: refused, naming
    the sections. The sections are the ones `figures.build` gives for this report (counted only when the asker
    sent narratives, which the page does from the preview it has just shown)."""
    assert data.period_from is not None and data.period_to is not None  # noqa: PT018 - checked above
    content = figures.build(
        data.kind,
        actor=actor,
        period_from=data.period_from,
        period_to=data.period_to,
        organisation=organisation,
    )
    unknown = sorted(set(narratives) - {section.key for section in content.sections})
    if unknown:
        raise _invalid(
            "narratives",
            "Báo cáo này không có phần: "
            + ", ".join(unknown)
            + ". Nhận định chỉ viết cho các phần của báo cáo.",
        )


@transaction.atomic
def report_run_create(*, actor: User, data: RunInput) -> ReportRun:
    """Ask for a report: checked, recorded (queued) and audited now; built by the worker after the commit."""
    organisation = validate(actor, data)
    org_id, start, end = actor.scope.org_id, data.period_from, data.period_to
    if org_id is None or start is None or end is None:  # validate() refused these already
        raise Forbidden()
    run = ReportRun(
        owner_org_id=org_id,
        created_by=actor,
        updated_by=actor,
        kind=data.kind,
        period_from=start,
        period_to=end,
        period_label=clean_line(data.period_label)[:200],
        organisation=organisation,
        format=data.format,
        narratives=_narratives(data.narratives),
        proposals=clean_text(data.proposals),
        signer_title=clean_text(data.signer_title),
        signer_name=clean_line(data.signer_name),
        symbol=clean_line(data.symbol).lstrip("/"),
        status=ReportRun.Status.QUEUED,
        progress=0,
        step=STEP_QUEUED,
    )
    run.full_clean(exclude=["file", "document"])
    save_versioned(run, None)
    audit.record(actor=actor, action="report_run.create", target=run, after=audit.snapshot(run, REDACT))
    enqueue_on_commit("ngoaivu.reports.tasks.report_run_build_task", run.pk)
    return run


# --- the build, in the worker -----------------------------------------------------------------------------------


def _runs() -> Any:
    return ReportRun.objects.system(reason="report build job: the run was checked when it was asked for")


def _progress(run_id: int, percent: int, step: str, **extra: Any) -> None:
    """One short write per step (outside any long transaction): the run page reads it while the job goes on."""
    _runs().filter(pk=run_id).update(progress=percent, step=step, updated_at=timezone.now(), **extra)


def content_for(run: ReportRun, actor: User) -> ReportContent:
    """The report as `figures.build` counts it for the asker, with what the officers typed: their narratives
    (per section key), the proposals and the signer. The figures themselves are never taken from input."""
    content = figures.build(
        run.kind,
        actor=actor,
        period_from=run.period_from,
        period_to=run.period_to,
        organisation=run.organisation,
    )
    return with_edits(content, run.narratives, run.proposals, run.signer_title, run.signer_name)


def with_edits(
    content: ReportContent, narratives: dict[str, str], proposals: str, signer_title: str, signer_name: str
) -> ReportContent:
    for section in content.sections:
        if section.key in narratives:
            section.narrative = narratives[section.key]
    if proposals.strip():
        content.proposals = proposals
    if signer_title.strip():
        content.signer_title = signer_title
    if signer_name.strip():
        content.signer_name = signer_name
    return content


def file_name(run: ReportRun) -> str:
    """An ASCII name the browser keeps and a reader recognises: bao-cao-<kind>-<the organisation's Vietnamese
    name without diacritics>-<from>-<to>.<ext> (no organisation codes)."""
    kind = {"national_review": "tong-ket", "province_periodic": "dinh-ky", "mission_support": "ho-tro"}
    org = ""
    if run.organisation is not None:
        org = "-" + re.sub(r"[^a-z0-9]+", "-", fold(run.organisation.name_vi)).strip("-")[:60].strip("-")
    return f"bao-cao-{kind.get(run.kind, run.kind)}{org}-{run.period_from:%Y%m%d}-{run.period_to:%Y%m%d}.{run.format}"


def _previous_document(run: ReportRun, actor: User) -> Document | None:
    """The library document of the last run with the same parameters (same organisation asking), if the
    actor may still change it: its new version goes there."""
    earlier = (
        ReportRun.objects.visible_to(actor)
        .filter(
            owner_org_id=run.owner_org_id,
            kind=run.kind,
            organisation=run.organisation,
            period_from=run.period_from,
            period_to=run.period_to,
            format=run.format,
            document__isnull=False,
        )
        .exclude(pk=run.pk)
        .order_by("-pk")
        .values_list("document_id", flat=True)
        .first()
    )
    if earlier is None:
        return None
    return Document.objects.visible_to(actor, Action.CHANGE).filter(pk=earlier).first()


def _keep_in_library(run: ReportRun, actor: User, content: ReportContent, data: bytes) -> tuple[int, int]:
    """(document id, version number) in the library: a new version of the document of the same report, or a
    new document. A text identical to a document the actor can already read is that document (no copy)."""
    upload = library.Upload(name=file_name(run), data=data)
    previous = _previous_document(run, actor)
    try:
        if previous is not None:
            version = library.document_add_version(
                actor=actor, document_id=previous.pk, upload=upload, expected_version=None
            )
            return previous.pk, version.number
        kind_label = ReportRun.Kind(run.kind).label
        document = library.document_create(
            actor=actor,
            data=library.DocumentInput(
                title=" ".join(content.title.split())[:500] or str(kind_label),
                kind=Document.Kind.REPORT,
                source="ngoaivu — báo cáo lập tự động từ hồ sơ",
                published_on=timezone.localdate(),
                issuer=content.issuing_body,
                summary=f"{kind_label}; kỳ {run.period_from:%d/%m/%Y} – {run.period_to:%d/%m/%Y}",
                visibility=Document.Visibility.PRIVATE,
                provinces=(run.organisation.province_code,)
                if run.organisation is not None and run.organisation.province_code
                else (),
            ),
            upload=upload,
        )
    except library.DuplicateDocument as exc:
        if exc.existing is None:
            raise
        latest = exc.existing.versions.order_by("-number").values_list("number", flat=True).first() or 1
        return exc.existing.pk, latest
    except ServiceError as exc:  # the same text as the current version: that version is this report
        if previous is None or "file" not in exc.errors:
            raise
        latest = previous.versions.order_by("-number").values_list("number", flat=True).first() or 1
        return previous.pk, latest
    return document.pk, document.versions.order_by("-number").values_list("number", flat=True).first() or 1


def _fail(run: ReportRun, actor: User | None, message: str) -> str:
    _progress(
        run.pk,
        run.progress,
        message[:200],
        status=ReportRun.Status.FAILED,
        error=message,
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    if actor is not None:
        audit.record(actor=actor, action="report_run.fail", target=run, after={"error": message})
    return ReportRun.Status.FAILED


def still_speaks_for(run: ReportRun, actor: User) -> bool:
    """The figures are counted with the asker's scope of *now*, but the run and its file stay its organisation's:
    build only while the asker still belongs to that organisation and may still build that kind of report (a
    province officer moved to the ministry would otherwise file figures counted with the ministry's scope under
    the province)."""
    scope = actor.scope
    return (
        scope.active
        and scope.org_id == run.owner_org_id
        and run.kind in {k for k, _label in kinds_for(actor)}
    )


class _Lost(Exception):
    """Another pick-up of the same job took the run over while this one was building (see `_claim`)."""


def _claim(run_id: int) -> tuple[ReportRun | None, str]:
    """Take the run for this pick-up, under a row lock: a queued run, or a running one whose worker has written
    no progress for `STALE` (it died). Returns (the run, "") when taken; (None, its status) when it is finished
    or another pick-up is building it — a second delivery or a retry of the job must not build it twice."""
    with transaction.atomic():
        locked = _runs().select_for_update().filter(pk=run_id).first()
        if locked is None:
            return None, "missing"
        now = timezone.now()
        if locked.finished or (locked.status == ReportRun.Status.RUNNING and locked.updated_at > now - STALE):
            return None, locked.status
        _runs().filter(pk=run_id).update(
            status=ReportRun.Status.RUNNING,
            started_at=now,
            progress=5,
            step=STEP_COUNTING,
            error="",
            updated_at=now,
        )
    return _runs().select_related("organisation", "created_by").get(pk=run_id), ""


def report_run_build(run_id: int) -> str:
    """Build the report of a run (the worker's job); idempotent: a finished run is left as it is, a run another
    pick-up is building is left to it, a run whose worker died (no progress for `STALE`) is built again from
    the start. Returns the run's status."""
    run, status = _claim(run_id)
    if run is None:
        return status
    started = run.started_at
    actor = run.created_by
    if actor is None or not actor.is_active:
        return _fail(run, None, GONE)
    if not still_speaks_for(run, actor):
        return _fail(run, actor, MOVED)
    _progress(run.pk, 5, STEP_COUNTING)
    try:
        content = content_for(run, actor)
        _progress(run.pk, 60, STEP_WRITING)
        issued_on = timezone.localdate()
        if run.format == ReportRun.Format.PDF:
            docx = documents.write_docx(content, issued_on=issued_on, symbol=run.symbol)
            _progress(run.pk, 75, STEP_PDF)
            data = pdf.docx_to_pdf(docx)
        else:
            data = documents.write(content, run.format, issued_on=issued_on, symbol=run.symbol).data
        _progress(run.pk, 90, STEP_LIBRARY)
        # one transaction for the run's file, its library version and its state: a storage failure leaves no
        # library version without its run (the stored files are removed on the way out), and a pick-up that
        # lost the run to another one writes nothing
        with files.atomic():
            run = _runs().select_for_update().get(pk=run.pk)
            if run.status != ReportRun.Status.RUNNING or run.started_at != started:
                raise _Lost(run.status)
            run.file_name = file_name(run)
            files.store(run.file, run.file_name, ContentFile(data))
            document_id, version = _keep_in_library(run, actor, content, data)
            run.size = len(data)
            run.sha256 = hashlib.sha256(data).hexdigest()
            run.document_id = document_id
            run.document_version = version
            run.status, run.progress, run.step = ReportRun.Status.DONE, 100, STEP_DONE
            run.finished_at = timezone.now()
            run.save()
            audit.record(
                actor=actor,
                action="report_run.done",
                target=run,
                after={"document_id": document_id, "document_version": version, "sha256": run.sha256},
            )
        return ReportRun.Status.DONE
    except _Lost as exc:
        return str(exc)
    except pdf.PdfUnavailable as exc:
        return _fail(run, actor, str(exc))
    except (NotFound, Forbidden):
        return _fail(run, actor, GONE)
    except ServiceError as exc:
        return _fail(run, actor, exc.message)
    except Exception:
        logger.exception("report run %s failed", run.pk)
        return _fail(run, actor, BROKEN)
