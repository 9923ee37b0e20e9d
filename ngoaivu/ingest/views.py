from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.parsing import shared_budget
from ngoaivu.core.scoping import Action
from ngoaivu.core.web import list_page
from ngoaivu.directory.selectors import country_code_choices, partner_choices, province_code_choices
from ngoaivu.ingest import selectors, services
from ngoaivu.ingest.columns import DOCUMENT_COLUMNS
from ngoaivu.ingest.filters import DocumentFilters
from ngoaivu.ingest.forms import DocumentForm, IngestForm, VersionForm
from ngoaivu.ingest.models import Document, DocumentEntity

STALE = _("Tài liệu đã được người khác sửa; thay đổi của bạn chưa được lưu.")
LINKED = ("agreements", "requests", "delegations")


def _upload(form: Any) -> services.Upload | None:
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
    user: Any = request.user
    filters = parse_filters(DocumentFilters, request.GET).filters
    actions = []
    if user.scope.can_write and user.scope.org_id:
        actions.append({"url": "/documents/new/", "label": _("Thêm tài liệu")})
        actions.append({"url": "/documents/ingest/", "label": _("Nạp nhiều tệp")})

    def log_export(f: Any) -> None:
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


def _input(form: Any, text: str = "") -> services.DocumentInput:
    d = form.cleaned_data
    return services.DocumentInput(
        title=d["title"],
        kind=d["kind"],
        source=d["source"],
        published_on=d["published_on"],
        number=d["number"],
        issuer=d["issuer"],
        summary=d["summary"],
        visibility=d["visibility"],
        text=text,
        provinces=tuple(d["provinces"]),
        countries=tuple(d["countries"]),
        partners=tuple(d["partners"]),
        agreements=tuple(d["agreements"]),
        requests=tuple(d["requests"]),
        delegations=tuple(d["delegations"]),
    )


@login_required
def document_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user: Any = request.user
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
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if document is None:
                    document = services.document_create(
                        actor=user, data=_input(form, form.cleaned_data["text"]), upload=_upload(form)
                    )
                    messages.success(request, _("Đã thêm tài liệu. Xem các liên kết được đề xuất bên dưới."))
                else:
                    services.document_update(
                        actor=user,
                        document_id=document.pk,
                        data=_input(form),
                        expected_version=form.cleaned_data["version"],
                    )
                    messages.success(request, _("Đã lưu tài liệu."))
                return redirect("ingest:document_detail", pk=document.pk)
            except services.DuplicateDocument as exc:
                form.add_error(None, exc.message)
                status = 409
            except ServiceError as exc:
                form.add_error(None, exc.message) if not exc.errors else form.apply_service_errors(exc.errors)
            except StaleObject:
                form.add_error(None, STALE)
                status = 409
    return render(
        request,
        "ingest/document_form.html",
        {
            "title": _("Thêm tài liệu") if document is None else _("Sửa thông tin tài liệu"),
            "form": form,
            "back": "/documents/" if document is None else f"/documents/{document.pk}/",
        },
        status=status,
    )


def marked_text(document: Document, entities: list[DocumentEntity]) -> str:
    """The text with each entity in a <mark> naming its type; everything else escaped."""
    out: list[str] = []
    pos = 0
    text = document.text
    for e in sorted(entities, key=lambda x: x.start):
        if e.start < pos or e.end > len(text):
            continue
        out.append(escape(text[pos : e.start]))
        out.append(
            f'<mark class="ent ent-{e.type.lower()}" title="{e.type}">{escape(text[e.start : e.end])}</mark>'
        )
        pos = e.end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every part above is escaped


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user: Any = request.user
    document = selectors.document_get(user=user, document_id=pk)
    can_change = Document.objects.visible_to(user, Action.CHANGE).filter(pk=document.pk).exists()
    entities = list(document.entities.all())
    return render(
        request,
        "ingest/document_detail.html",
        {
            "title": document.title,
            "document": document,
            "can_change": can_change,
            "marked": marked_text(document, entities),
            "proposals": selectors.proposals(user=user, document=document),
            "other_entities": [e for e in entities if not e.target],
            "versions": document.versions.all(),
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
    user: Any = request.user
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
    try:
        services.entities_decide(actor=request.user, document_id=pk, confirm=confirm, reject=reject)
        messages.success(
            request,
            _("Đã lưu: %(c)d liên kết xác nhận, %(r)d đề xuất bỏ.") % {"c": len(confirm), "r": len(reject)},
        )
    except ServiceError as exc:
        messages.error(request, exc.as_text())
    return redirect("ingest:document_detail", pk=pk)


@login_required
def document_version(request: HttpRequest, pk: int) -> HttpResponseBase:
    user: Any = request.user
    document = selectors.document_get(user=user, document_id=pk, action=Action.CHANGE)
    form = VersionForm(request.POST or None, request.FILES or None, initial={"version": document.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                version = services.document_add_version(
                    actor=user,
                    document_id=document.pk,
                    upload=_upload(form),
                    text=form.cleaned_data["text"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("Đã lưu phiên bản %(n)d.") % {"n": version.number})
                return redirect("ingest:document_detail", pk=document.pk)
            except ServiceError as exc:
                form.apply_service_errors(exc.errors) if exc.errors else form.add_error(None, exc.message)
            except StaleObject:
                form.add_error(None, STALE)
                status = 409
    return render(
        request,
        "ingest/document_form.html",
        {
            "title": _("Phiên bản mới: %(t)s") % {"t": document.title},
            "form": form,
            "back": f"/documents/{pk}/",
        },
        status=status,
    )


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.document_delete(actor=request.user, document_id=pk, expected_version=version)
    except StaleObject:
        messages.error(request, STALE)
        return redirect("ingest:document_detail", pk=pk)
    messages.success(request, _("Đã xóa tài liệu."))
    return redirect("ingest:document_list")


@login_required
def document_file(request: HttpRequest, pk: int, number: int) -> HttpResponseBase:
    document = selectors.document_get(user=request.user, document_id=pk)
    version = document.versions.filter(number=number).first()
    if version is None or not version.file:
        raise Http404()
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.name or "document")
