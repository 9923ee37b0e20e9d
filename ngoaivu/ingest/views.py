from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.web import signed_in
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.parsing import shared_budget
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import Saved, int_or_none, list_page, run_action, save_form
from ngoaivu.directory.selectors import country_code_choices, partner_choices, province_code_choices
from ngoaivu.ingest import selectors, services
from ngoaivu.ingest.columns import DOCUMENT_COLUMNS
from ngoaivu.ingest.entities import display
from ngoaivu.ingest.filters import DocumentFilters
from ngoaivu.ingest.forms import ActionForm, DocumentForm, IngestForm, VersionForm
from ngoaivu.ingest.models import Document, DocumentEntity

LINKED = ("agreements", "requests", "delegations")
T = TypeVar("T")


def _upload(form: DocumentForm | VersionForm) -> services.Upload | None:
    f = form.cleaned_data.get("file")
    if not f:
        return None
    if (f.size or 0) > settings.NGOAIVU_UPLOAD_MAX_BYTES:
        raise ServiceError(
            _("Tệp quá lớn."),
            {
                "file": [
                    _("Tệp vượt quá %(m)d MB.") % {"m": settings.NGOAIVU_UPLOAD_MAX_BYTES // (1024 * 1024)}
                ]
            },
        )
    return services.Upload(f.name or "document", f.read())


@login_required
def document_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(DocumentFilters, request.GET).filters
    actions = []
    if user.scope.can_write and user.scope.org_id:
        actions.append({"url": reverse("ingest:document_new"), "label": _("Thêm tài liệu")})
        actions.append({"url": reverse("ingest:document_ingest"), "label": _("Nạp nhiều tệp")})

    def log_export(f: DocumentFilters) -> None:
        audit.access(
            kind=AccessEvent.Kind.EXPORT, user=user, path=request.get_full_path(), detail="documents"
        )

    return list_page(
        request,
        title=_("Tài liệu, tin tức"),
        filters_schema=DocumentFilters,
        queryset=lambda f: selectors.document_list(user=user, filters=f),
        columns=DOCUMENT_COLUMNS,
        export_stem="tai-lieu",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {"name": "kind", "label": _("Loại"), "choices": Document.Kind.choices, "current": filters.kind},
            {
                "name": "province",
                "label": _("Tỉnh"),
                "choices": province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "country",
                "label": _("Quốc gia"),
                "choices": country_code_choices(foreign_only=True),
                "current": filters.country,
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
        ],
        actions=actions,
        on_export=log_export,
    )


def _input(data: dict[str, Any], text: str = "") -> services.DocumentInput:
    return input_from(
        services.DocumentInput,
        data,
        text=text,
        **{name: tuple(data[name]) for name in ("provinces", "countries", "partners", *LINKED)},
    )


def _duplicate_is_a_conflict(save: Callable[[dict[str, Any]], T]) -> Callable[[dict[str, Any]], T]:
    """The same text twice is a conflict with the document already there (409, said above the form)."""

    def run(data: dict[str, Any]) -> T:
        try:
            return save(data)
        except services.DuplicateDocument as exc:
            raise StateConflict(exc.message) from exc

    return run


@login_required
def document_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    document = None
    initial: dict[str, Any] = {"kind": Document.Kind.NEWS, "visibility": Document.Visibility.SHARED}
    if pk is not None:
        document = selectors.document_get(user=user, document_id=pk, action=Action.CHANGE)
        initial = {
            **{
                f: getattr(document, f)
                for f in ("title", "kind", "source", "published_on", "number", "issuer")
            },
            "summary": document.summary,
            "visibility": document.visibility,
            "version": document.version,
            "provinces": [p.code for p in document.provinces.all()],
            "countries": [c.iso2 for c in document.countries.all()],
            "partners": [p.pk for p in document.partners.all()],
            **{name: list(getattr(document, name).values_list("pk", flat=True)) for name in LINKED},
        }
    elif not (user.scope.can_write and user.scope.org_id):
        raise Forbidden()
    choices: dict[str, Any] = {
        "provinces": province_code_choices(),
        "countries": country_code_choices(foreign_only=True),
        "partners": partner_choices(user=user),
        **{
            name: selectors.link_choices(user=user, name=name, keep=[int(v) for v in initial.get(name, [])])
            for name in LINKED
        },
    }
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        choices=choices,
        editing=document is not None,
    )
    if document is None:
        saved: Saved[Document] = save_form(
            request,
            form,
            _duplicate_is_a_conflict(
                lambda data: services.document_create(
                    actor=user, data=_input(data, data["text"]), upload=_upload(form)
                )
            ),
            done=_("Đã thêm tài liệu. Xem các liên kết được đề xuất bên dưới."),
        )
    else:
        editing = document
        saved = save_form(
            request,
            form,
            _duplicate_is_a_conflict(
                lambda data: services.document_update(
                    actor=user, document_id=editing.pk, data=_input(data), expected_version=data["version"]
                )
            ),
            done=_("Đã lưu tài liệu."),
        )
    if saved.result is not None:
        return redirect("ingest:document_detail", pk=saved.result.pk)
    return render(
        request,
        "ingest/document_form.html",
        {
            "title": _("Thêm tài liệu") if document is None else _("Sửa thông tin tài liệu"),
            "form": form,
            "back": reverse("ingest:document_list")
            if document is None
            else reverse("ingest:document_detail", args=[document.pk]),
        },
        status=saved.status,
    )


def marked_text(document: Document, entities: list[DocumentEntity]) -> str:
    """The text with each entity in a <mark> naming its type in words; everything else escaped."""
    out: list[str] = []
    pos = 0
    text = document.text
    for e in sorted(entities, key=lambda x: x.start):
        if e.start < pos or e.end > len(text):
            continue
        out.append(escape(text[pos : e.start]))
        out.append(
            f'<mark class="ent ent-{escape(e.type.lower())}" title="{escape(display.type_label(e.type))}">'
            f"{escape(text[e.start : e.end])}</mark>"
        )
        pos = e.end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every part above is escaped


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    document = selectors.document_get(user=user, document_id=pk)
    can_change = can(user, Action.CHANGE, document)
    entities = list(document.entities.all())
    names = display.Names.load()
    return render(
        request,
        "ingest/document_detail.html",
        {
            "title": document.title,
            "document": document,
            "can_change": can_change,
            "marked": marked_text(document, entities),
            "proposals": selectors.proposals(user=user, document=document),
            "other_entities": display.shown_list([e for e in entities if not e.target], names),
            "versions": [(v, display.format_label(v.format)) for v in document.versions.all()],
            "links": {
                _("Tỉnh, thành phố"): [p.name for p in document.provinces.all()],
                _("Quốc gia"): [c.name_vi for c in document.countries.all()],
                **{
                    label: [str(r) for r in selectors.linked(user=user, document=document, name=name)]
                    for label, name in (
                        (_("Đối tác"), "partners"),
                        (_("Thỏa thuận"), "agreements"),
                        (_("Đặt hàng"), "requests"),
                        (_("Đoàn ra, đoàn vào"), "delegations"),
                    )
                },
            },
            "version_form": VersionForm(initial={"version": document.version}),
        },
    )


INGEST_STATUS = {
    "added": _("Đã thêm"),
    "would_add": _("Sẽ thêm"),
    "duplicate": _("Bỏ qua: trùng"),
    "error": _("Lỗi"),
}
MAX_BATCH_FILES = 50


@login_required
def document_ingest(request: HttpRequest) -> HttpResponseBase:
    """Several files at once, as `ngoaivu ingest` does: each file added, skipped as a duplicate or refused
    with its reason; a bad file never stops the others."""
    user = signed_in(request)
    if not (user.scope.can_write and user.scope.org_id):
        raise Forbidden()
    form = IngestForm(request.POST or None)
    results: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            form.add_error(None, _("Chọn ít nhất một tệp."))
            status = 400
        elif len(files) > MAX_BATCH_FILES:
            form.add_error(
                None,
                _("Mỗi lần tối đa %(n)d tệp; dùng lệnh `ngoaivu ingest` cho thư mục lớn.")
                % {"n": MAX_BATCH_FILES},
            )
            status = 400
        elif form.is_valid():
            with shared_budget():  # one parse budget for the whole batch, not one per file
                report = services.ingest_uploads(
                    actor=user,
                    uploads=[services.Upload(f.name or "?", f.read()) for f in files],
                    kind=form.cleaned_data["kind"],
                    visibility=form.cleaned_data["visibility"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            results = [{**r.__dict__, "label": INGEST_STATUS[r.status]} for r in report.results]
            status = 200 if not report.count("error") else 400
    return render(
        request,
        "ingest/ingest.html",
        {"title": _("Nạp nhiều tệp tin, báo cáo"), "form": form, "results": results},
        status=status,
    )


@login_required
@require_POST
def document_entities(request: HttpRequest, pk: int) -> HttpResponseBase:
    decisions = {k.removeprefix("entity_"): v for k, v in request.POST.items() if k.startswith("entity_")}
    try:
        confirm = [int(k) for k, v in decisions.items() if v == "confirm"]
        reject = [int(k) for k, v in decisions.items() if v == "reject"]
    except ValueError as exc:
        raise Http404() from exc
    run_action(
        request,
        ActionForm(request.POST),
        lambda data: services.entities_decide(
            actor=signed_in(request), document_id=pk, confirm=confirm, reject=reject
        ),
        done=_("Đã lưu: %(c)d liên kết xác nhận, %(r)d đề xuất bỏ.") % {"c": len(confirm), "r": len(reject)},
    )
    return redirect("ingest:document_detail", pk=pk)


@login_required
def document_version(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    document = selectors.document_get(user=user, document_id=pk, action=Action.CHANGE)
    form = VersionForm(request.POST or None, request.FILES or None, initial={"version": document.version})
    saved = save_form(
        request,
        form,
        lambda data: services.document_add_version(
            actor=user,
            document_id=document.pk,
            upload=_upload(form),
            text=data["text"],
            expected_version=data["version"],
        ),
        done=lambda version: _("Đã lưu phiên bản %(n)d.") % {"n": version.number},
    )
    if saved.ok:
        return redirect("ingest:document_detail", pk=document.pk)
    return render(
        request,
        "ingest/document_form.html",
        {
            "title": _("Phiên bản mới: %(t)s") % {"t": document.title},
            "form": form,
            "back": reverse("ingest:document_detail", args=[pk]),
        },
        status=saved.status,
    )


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    deleted = run_action(
        request,
        ActionForm(request.POST),
        lambda data: services.document_delete(
            actor=signed_in(request),
            document_id=pk,
            expected_version=int_or_none(request.POST.get("version")),
        ),
        done=_("Đã xóa tài liệu."),
    )
    if deleted:
        return redirect("ingest:document_list")
    return redirect("ingest:document_detail", pk=pk)


@login_required
def document_file(request: HttpRequest, pk: int, number: int) -> HttpResponseBase:
    document = selectors.document_get(user=signed_in(request), document_id=pk)
    version = document.versions.filter(number=number).first()
    if version is None or not version.file:
        raise Http404()
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.name or "document")
