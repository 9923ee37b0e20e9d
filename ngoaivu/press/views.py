"""Foreign press visits: list (filters, sort, pages, Excel without personal data), detail with the answer
deadline, the reporters (masked unless asked for by someone with the right — logged), articles and history,
the create/edit form, the workflow buttons, the Excel import of reporters and the counts page."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ngoaivu.accounts.selectors.audit import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.calendar import due_text
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can, get_for_action
from ngoaivu.core.web import YES_NO, bool_param, list_page, run_action, save_form
from ngoaivu.core.xlsx import write_workbook
from ngoaivu.directory import selectors as directory
from ngoaivu.press import deadlines, importer, personal, selectors, services
from ngoaivu.press.columns import VISIT_COLUMNS
from ngoaivu.press.filters import PressVisitFilters
from ngoaivu.press.forms import AnswerForm, ArticleForm, ImportForm, ReporterForm, TransitionForm, VisitForm
from ngoaivu.press.models import PressVisit, ReporterImport

EDITED_FIELDS = (
    "outlet",
    "topic",
    "places",
    "province_as_named",
    "received_on",
    "entry_on",
    "starts_on",
    "ends_on",
    "licence_number",
    "licence_date",
    "licence_issuer",
    "receiving_unit",
    "accompanying_officer",
    "outcome_summary",
    "visibility",
    "version",
)
ACTION_LABELS = {
    "start": gettext_lazy("Đã bắt đầu tác nghiệp."),
    "finish": gettext_lazy("Đã kết thúc tác nghiệp."),
    "report": gettext_lazy("Đã ghi nhận báo cáo kết quả."),
    "cancel": gettext_lazy("Đã hủy đoàn."),
}


def _tabs(user: Any) -> list[dict[str, str]]:
    actions = []
    if services.may_register(user):
        actions.append({"url": reverse("press:visit_create"), "label": _("Ghi nhận đoàn phóng viên")})
    return [
        *actions,
        {"url": reverse("press:visit_list") + "?answer_overdue=true", "label": _("Quá hạn trả lời")},
        {"url": reverse("press:visit_counts"), "label": _("Thống kê")},
        {"url": reverse("delegations:calendar") + "?kind=press", "label": _("Lịch chung")},
    ]


@login_required
def visit_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(PressVisitFilters, request.GET).filters
    return list_page(
        request,
        title=_("Đoàn phóng viên nước ngoài"),
        filters_schema=PressVisitFilters,
        queryset=lambda f: selectors.visit_list(user=user, filters=f),
        columns=VISIT_COLUMNS,
        export_stem="doan-phong-vien-nuoc-ngoai",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "province",
                "label": _("Tỉnh (đón hoặc trên lộ trình)"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "country",
                "label": _("Quốc gia"),
                "choices": directory.country_code_choices(foreign_only=True),
                "current": filters.country,
            },
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": PressVisit.Status.choices,
                "current": filters.status,
            },
            {"name": "year", "label": _("Năm"), "type": "number", "current": str(filters.year or "")},
            {
                "name": "licensed",
                "label": _("Đã cấp phép"),
                "choices": YES_NO,
                "current": bool_param(filters.licensed),
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
            {
                "name": "answer_overdue",
                "label": _("Quá hạn trả lời"),
                "choices": YES_NO,
                "current": bool_param(filters.answer_overdue),
            },
        ],
        actions=_tabs(user),
        on_export=lambda f: _exported(request, user),
    )


def _exported(request: HttpRequest, user: Any) -> None:
    audit.access(kind=AccessEvent.Kind.EXPORT, user=user, path=request.get_full_path())


def _input(data: dict[str, Any]) -> services.VisitInput:
    return services.VisitInput(
        outlet=data["outlet"],
        country=data["country"],
        topic=data["topic"],
        places=data["places"],
        province_as_named=data["province_as_named"],
        provinces=tuple(data["provinces"]),
        received_on=data["received_on"],
        entry_on=data["entry_on"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        licence_number=data["licence_number"],
        licence_date=data["licence_date"],
        licence_issuer=data["licence_issuer"],
        receiving_unit=data["receiving_unit"],
        accompanying_officer=data["accompanying_officer"],
        outcome_summary=data["outcome_summary"],
        visibility=data["visibility"],
    )


@login_required
def visit_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    visit = None
    initial: dict[str, Any] = {"visibility": "shared", "received_on": timezone.localdate()}
    if pk is not None:
        visit = selectors.visit_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{f: getattr(visit, f) for f in EDITED_FIELDS},
            "country": visit.country.iso2,
            "provinces": [p.code for p in visit.provinces.all()],
        }
    elif not services.may_register(user):
        raise Forbidden()
    form = VisitForm(
        request.POST or None,
        initial=initial,
        provinces=directory.province_code_choices(),
        countries=directory.country_code_choices(foreign_only=True),
    )

    def save(data: dict[str, Any]) -> PressVisit:
        if visit is None:
            return services.visit_create(actor=user, data=_input(data))
        return services.visit_update(
            actor=user, visit_id=visit.pk, expected_version=data["version"], data=_input(data)
        )

    saved = save_form(request, form, save, done=_("Đã lưu đoàn phóng viên."))
    if saved.result is not None:
        return redirect(saved.result)
    title = (
        _("Ghi nhận đoàn phóng viên nước ngoài") if visit is None else _("Sửa: %(t)s") % {"t": visit.outlet}
    )
    return render(
        request,
        "press/visit_form.html",
        {
            "title": title,
            "form": form,
            "back": reverse("press:visit_list") if visit is None else visit.get_absolute_url(),
        },
        status=saved.status,
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    visit = selectors.visit_get(user=user, pk=pk)
    today = timezone.localdate()
    may_change = can(user, Action.CHANGE, visit)
    right = personal.may_see_personal_data(user, visit)
    unmask = request.GET.get("personal") == "1" and right
    if unmask:
        personal.personal_data_read(user=user, visit=visit, path=request.get_full_path(), purpose="page")
    due = (
        due_text(visit.answer_due_on, today, provisional=None)
        if visit.status == PressVisit.Status.RECEIVED and visit.answer_due_on
        else ("", "")
    )
    check = deadlines.application_check(visit.province.code, visit.received_on, visit.entry_on)
    transitions = [
        (action, label)
        for action, label in (
            ("start", _("Bắt đầu tác nghiệp")),
            ("finish", _("Kết thúc tác nghiệp")),
            ("report", _("Đã báo cáo kết quả")),
            ("cancel", _("Hủy đoàn")),
        )
        if visit.status in services.TRANSITIONS[action][0]
    ]
    countries = directory.country_code_choices(foreign_only=False)
    return render(
        request,
        "press/visit_detail.html",
        {
            "title": visit.outlet,
            "visit": visit,
            "due": due,
            "check": check,
            "reporters": personal.reporter_views(user=user, visit=visit, unmasked=unmask),
            "unmasked": unmask,
            "may_unmask": right and not unmask,
            "can_change": may_change,
            "may_answer": may_change
            and visit.status == PressVisit.Status.RECEIVED
            and services.may_answer(user, visit),
            "answer_form": AnswerForm(initial={"version": visit.version}) if may_change else None,
            "transitions": transitions if may_change else [],
            "reporter_form": ReporterForm(countries=countries) if may_change else None,
            "article_form": ArticleForm() if may_change else None,
            "events": audit_events_for(user=user, target=visit),
        },
    )


@login_required
@require_POST
def visit_answer(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    visit = get_for_action(PressVisit, user, Action.CHANGE, pk=pk)
    run_action(
        request,
        AnswerForm(request.POST),
        lambda d: services.visit_answer(
            actor=user,
            visit_id=visit.pk,
            expected_version=d["version"],
            decision=d["decision"],
            note=d["note"],
            answered_on=d["answered_on"],
            licence_number=d["licence_number"],
            licence_date=d["licence_date"],
        ),
        done=_("Đã ghi ý kiến trả lời."),
    )
    return redirect(visit.get_absolute_url())


@login_required
@require_POST
def visit_transition(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    user = signed_in(request)
    visit = get_for_action(PressVisit, user, Action.CHANGE, pk=pk)
    if action not in services.TRANSITIONS:
        raise NotFound()
    run_action(
        request,
        TransitionForm(request.POST),
        lambda d: services.visit_transition(
            actor=user, visit_id=visit.pk, expected_version=d["version"], action=action, note=d["note"]
        ),
        done=str(ACTION_LABELS[action]),
    )
    return redirect(visit.get_absolute_url())


@login_required
@require_POST
def reporter_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    visit = get_for_action(PressVisit, user, Action.CHANGE, pk=pk)
    form = ReporterForm(request.POST, countries=directory.country_code_choices())
    run_action(
        request,
        form,
        lambda d: personal.reporters_add(
            actor=user,
            visit_id=visit.pk,
            rows=[
                personal.ReporterInput(
                    full_name=d["full_name"],
                    role=d["role"],
                    nationality=d["nationality"],
                    passport_number=d["passport_number"],
                    birth_date=d["birth_date"],
                )
            ],
        ),
        done=_("Đã thêm phóng viên."),
    )
    return redirect(visit.get_absolute_url() + "#reporters")


@login_required
@require_POST
def article_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    visit = get_for_action(PressVisit, user, Action.CHANGE, pk=pk)
    run_action(
        request,
        ArticleForm(request.POST),
        lambda d: services.article_add(
            actor=user,
            visit_id=visit.pk,
            data=services.ArticleInput(
                title=d["title"], outlet=d["outlet"], published_on=d["published_on"], url=d["url"]
            ),
        ),
        done=_("Đã thêm bài viết."),
    )
    return redirect(visit.get_absolute_url() + "#articles")


# --- Excel import of reporters --------------------------------------------------------------------------------


@login_required
def reporters_template(request: HttpRequest) -> HttpResponseBase:
    signed_in(request)
    response = HttpResponse(
        importer.template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-phong-vien.xlsx"'
    return response


@login_required
def import_upload(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    visit = selectors.visit_get(user=user, pk=pk, action=Action.CHANGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > importer.MAX_BYTES:
                form.add_error("file", _("Tệp lớn quá 2 MB."))
            else:
                try:
                    batch = importer.import_preview(
                        actor=user, visit_id=visit.pk, file_name=upload.name or "", data=upload.read()
                    )
                except ServiceError as exc:
                    form.apply_service_errors(exc.errors)
                    if not exc.errors:
                        form.add_error(None, exc.message)
                else:
                    return redirect("press:import_preview", pk=visit.pk, batch=batch.pk)
    return render(
        request,
        "press/import_upload.html",
        {"title": _("Nhập danh sách phóng viên từ Excel"), "visit": visit, "form": form},
        status=status,
    )


@login_required
def import_preview(request: HttpRequest, pk: int, batch: int) -> HttpResponseBase:
    user = signed_in(request)
    found = importer.import_get(actor=user, visit_id=pk, batch_id=batch)
    rows = importer.preview_rows(found)
    if rows:  # the preview shows the file's personal data in full: a read like any other, logged
        personal.personal_data_read(
            user=user, visit=found.visit, path=request.get_full_path(), purpose="import"
        )
    return render(
        request,
        "press/import_preview.html",
        {
            "title": _("Xem trước danh sách phóng viên"),
            "visit": found.visit,
            "batch": found,
            "rows": rows,
            "can_confirm": found.status == ReporterImport.Status.PREVIEW and not found.errors,
        },
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int, batch: int) -> HttpResponseBase:
    user = signed_in(request)
    found = importer.import_get(actor=user, visit_id=pk, batch_id=batch)
    run_action(
        request,
        TransitionForm(request.POST),
        lambda d: importer.import_confirm(actor=user, visit_id=pk, batch_id=found.pk),
        done=_("Đã nhập danh sách phóng viên."),
    )
    return redirect(reverse("press:visit_detail", args=[pk]) + "#reporters")


# --- counts ---------------------------------------------------------------------------------------------------


@login_required
def visit_counts(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    by = "then" if request.GET.get("by") == "then" else "current"
    counts = selectors.visit_counts(user=user, by=by)
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        write_workbook(
            buffer,
            title=str(_("Đoàn phóng viên được cấp phép")),
            header=[str(_("Tỉnh, thành phố")), *(str(y) for y in counts.years), str(_("Tổng số"))],
            rows=[
                *([r.label, *(c.n for c in r.cells), r.total.n] for r in counts.rows),
                [str(_("Tổng số")), *(c.n for c in counts.totals), counts.total.n],
            ],
        )
        buffer.seek(0)
        return FileResponse(
            buffer,
            as_attachment=True,
            filename=f"doan-phong-vien-cap-phep-{by}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return render(
        request,
        "press/counts.html",
        {"title": _("Thống kê đoàn phóng viên nước ngoài được cấp phép"), "counts": counts, "by": by},
    )
