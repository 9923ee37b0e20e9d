"""Pages of the culture app: UNESCO titles (list with Excel, detail with stage history, documents and audit
history, create/edit, stage advance, documents), the recognitions count page, and cultural events."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.selectors import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import xlsx_response
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import YES_NO, bool_param, list_page, run_action, save_form
from ngoaivu.culture import selectors, services
from ngoaivu.culture.columns import COUNT_COLUMNS, EVENT_COLUMNS, TITLE_COLUMNS, count
from ngoaivu.culture.filters import CulturalEventFilters, TitleFilters
from ngoaivu.culture.forms import DocumentForm, EventForm, StageForm, TitleForm
from ngoaivu.culture.models import CulturalEvent, HeritageTitle
from ngoaivu.directory import selectors as directory

TITLE_FIELDS = (
    "name_vi",
    "name_en",
    "province_as_named",
    "stage_on",
    "decision_number",
    "decision_on",
    "decision_year",
    "ministry_role",
    "delegation_role",
    "next_step",
    "next_step_due_on",
    "summary",
    "visibility",
    "version",
)


def _title_tabs(user: Any) -> list[dict[str, str]]:
    actions = []
    if services.may_create_title(user):
        actions.append({"url": reverse("culture:title_create"), "label": _("Thêm danh hiệu, hồ sơ")})
    return [
        *actions,
        {"url": reverse("culture:title_list") + "?step_overdue=true", "label": _("Bước tiếp theo quá hạn")},
        {"url": reverse("culture:counts"), "label": _("Số danh hiệu được công nhận")},
        {"url": reverse("culture:event_list"), "label": _("Sự kiện ngoại giao văn hóa")},
    ]


@login_required
def title_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(TitleFilters, request.GET).filters
    return list_page(
        request,
        title=_("Danh hiệu, hồ sơ UNESCO"),
        filters_schema=TitleFilters,
        queryset=lambda f: selectors.title_list(user=user, filters=f),
        columns=TITLE_COLUMNS,
        export_stem="danh-hieu-unesco",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "kind",
                "label": _("Loại"),
                "choices": selectors.kind_choices(),
                "current": filters.kind,
            },
            {
                "name": "stage",
                "label": _("Giai đoạn"),
                "choices": selectors.stage_choices(),
                "current": filters.stage,
            },
            {
                "name": "province",
                "label": _("Tỉnh"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "year",
                "label": _("Năm công nhận"),
                "type": "number",
                "current": "" if filters.year is None else str(filters.year),
            },
            {
                "name": "recognised",
                "label": _("Đã được công nhận"),
                "choices": YES_NO,
                "current": bool_param(filters.recognised),
            },
            {
                "name": "step_overdue",
                "label": _("Bước tiếp theo quá hạn"),
                "choices": YES_NO,
                "current": bool_param(filters.step_overdue),
            },
        ],
        actions=_title_tabs(user),
    )


def _title_input(form: TitleForm, data: dict[str, Any], current: HeritageTitle | None) -> services.TitleInput:
    return services.TitleInput(
        name_vi=data["name_vi"],
        name_en=data["name_en"],
        kind=data["kind"],
        stage_on=current.stage_on if current is not None else data["stage_on"],
        province_as_named=data["province_as_named"],
        provinces=form.province_names(),
        stage=current.stage.code if current is not None else data["stage"],
        decision_number=data.get("decision_number") or "",
        decision_on=data.get("decision_on"),
        decision_year=data.get("decision_year"),
        ministry_role=data["ministry_role"],
        delegation=data["delegation"],
        delegation_role=data["delegation_role"],
        next_step=data["next_step"],
        next_step_due_on=data["next_step_due_on"],
        summary=data["summary"],
        visibility=data["visibility"],
    )


@login_required
def title_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    title = None
    initial: dict[str, Any] = {
        "visibility": "shared",
        "stage": "preparation",
        "stage_on": timezone.localdate(),
        "delegation": selectors.unesco_delegation_code(),
    }
    if pk is not None:
        title = selectors.title_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{f: getattr(title, f) for f in TITLE_FIELDS},
            "kind": title.kind.code,
            "stage": title.stage.code,
            "delegation": title.delegation.code if title.delegation else "",
            "provinces": "; ".join(p.province_as_named for p in title.involved.all()),
        }
    elif not services.may_create_title(user):
        raise Forbidden()
    form = TitleForm(
        request.POST or None,
        initial=initial,
        kinds=selectors.kind_choices(),
        stages=selectors.stage_choices(ministry=services.is_ministry_actor(user)),
        missions=selectors.mission_choices(),
        editing=title is not None,
    )

    def save(data: dict[str, Any]) -> HeritageTitle:
        if title is None:
            return services.title_create(actor=user, data=_title_input(form, data, None))
        return services.title_update(
            actor=user,
            title_id=title.pk,
            expected_version=data["version"],
            data=_title_input(form, data, title),
        )

    saved = save_form(request, form, save, done=_("Đã lưu danh hiệu, hồ sơ."))
    if saved.result is not None:
        return redirect(saved.result)
    heading = _("Thêm danh hiệu, hồ sơ UNESCO") if title is None else _("Sửa: %(t)s") % {"t": title.name_vi}
    return render(
        request,
        "culture/form.html",
        {
            "title": heading,
            "form": form,
            "back": reverse("culture:title_list") if title is None else title.get_absolute_url(),
        },
        status=saved.status,
    )


def _next_stages(user: Any, title: HeritageTitle) -> list[tuple[str, str]]:
    """The stages the dossier may move to (never its current one; the service enforces the same table)."""
    codes = services.next_stage_codes(title.stage.code, ministry=services.is_ministry_actor(user))
    names = dict(selectors.stage_choices())
    return [(code, names[code]) for code in codes]


@login_required
def title_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    title = selectors.title_get(user=user, pk=pk)
    today = timezone.localdate()
    may_change = can(user, Action.CHANGE, title)
    next_stages = _next_stages(user, title) if may_change else []
    deadline = selectors.next_unesco_deadline(title, today)
    return render(
        request,
        "culture/title_detail.html",
        {
            "title": title.name_vi,
            "t": title,
            "due": due_text(title.next_step_due_on, today),
            "unesco_deadline": deadline,
            "unesco_due": due_text(deadline, today, provisional=False),
            "can_change": may_change,
            "stage_form": StageForm(
                initial={"on": today, "version": title.version},
                stages=next_stages,
            )
            if next_stages
            else None,
            "events": audit_events_for(user=user, target=title),
        },
    )


@login_required
@require_POST
def title_stage(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    title = selectors.title_get(user=user, pk=pk, action=Action.CHANGE)
    form = StageForm(request.POST, stages=_next_stages(user, title))
    run_action(
        request,
        form,
        lambda d: services.title_advance(
            actor=user,
            title_id=title.pk,
            expected_version=d["version"],
            data=services.StageInput(
                stage=d["stage"],
                on=d["on"],
                note=d["note"],
                decision_number=d["decision_number"],
                decision_on=d["decision_on"],
                decision_year=d["decision_year"],
                next_step=d["next_step"],
                next_step_due_on=d["next_step_due_on"],
            ),
        ),
        done=_("Đã chuyển giai đoạn."),
    )
    return redirect(reverse("culture:title_detail", args=[title.pk]) + "#stages")


@login_required
def document_form(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    title = selectors.title_get(user=user, pk=pk, action=Action.CHANGE)
    form = DocumentForm(request.POST or None, request.FILES or None)

    def save(data: dict[str, Any]) -> HeritageTitle:
        services.document_add(
            actor=user,
            title_id=title.pk,
            data=services.DocumentInput(
                label=data["label"], number=data["number"], issued_on=data["issued_on"]
            ),
            upload=data["file"],
        )
        return title

    saved = save_form(request, form, save, done=_("Đã thêm tài liệu."))
    if saved.result is not None:
        return redirect(saved.result.get_absolute_url() + "#documents")
    return render(
        request,
        "culture/form.html",
        {
            "title": _("Thêm tài liệu: %(t)s") % {"t": title.name_vi},
            "form": form,
            "back": title.get_absolute_url(),
            "multipart": True,
        },
        status=saved.status,
    )


@login_required
def document_file(request: HttpRequest, pk: int, document_id: int) -> HttpResponseBase:
    document = selectors.document_get(user=signed_in(request), title_id=pk, document_id=document_id)
    if document is None or not document.file:
        raise Http404()
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@login_required
def counts(request: HttpRequest) -> HttpResponseBase:
    """Recognitions by decision year and lead province, today's province or as named then; each count links
    to the list of those titles; Excel with the same rows."""
    user = signed_in(request)
    as_then = request.GET.get("group") == "as_then"
    rows = selectors.recognition_counts(user=user, as_then=as_then)
    heading = _("Danh hiệu UNESCO được công nhận theo năm và tỉnh")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(rows, COUNT_COLUMNS, title=heading, filename_stem="danh-hieu-unesco-theo-nam")
    base = reverse("culture:title_list")
    table = [
        (
            r,
            count(r.count),
            base
            + "?"
            + urlencode(
                {
                    "year": str(r.year),
                    "recognised": "true",
                    ("lead" if r.current else "former"): r.province_code,
                }
            ),
        )
        for r in rows
    ]
    return render(
        request,
        "culture/counts.html",
        {
            "title": heading,
            "rows": table,
            "as_then": as_then,
            "total": count(sum(r.count for r in rows)),
            "export_query": urlencode({"format": "xlsx", **({"group": "as_then"} if as_then else {})}),
        },
    )


# --- cultural events ------------------------------------------------------------------------------------------


@login_required
def event_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(CulturalEventFilters, request.GET).filters
    actions = []
    if services.may_organise(user):
        actions.append({"url": reverse("culture:event_create"), "label": _("Thêm sự kiện")})
    actions += [
        {"url": reverse("culture:title_list"), "label": _("Danh hiệu, hồ sơ UNESCO")},
        {"url": reverse("delegations:calendar") + "?kind=culture", "label": _("Lịch chung")},
    ]
    return list_page(
        request,
        title=_("Sự kiện ngoại giao văn hóa"),
        filters_schema=CulturalEventFilters,
        queryset=lambda f: selectors.event_list(user=user, filters=f),
        columns=EVENT_COLUMNS,
        export_stem="su-kien-ngoai-giao-van-hoa",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "kind",
                "label": _("Loại"),
                "choices": CulturalEvent.Kind.choices,
                "current": filters.kind,
            },
            {
                "name": "abroad",
                "label": _("Ở nước ngoài"),
                "choices": YES_NO,
                "current": bool_param(filters.abroad),
            },
            {
                "name": "province",
                "label": _("Tỉnh"),
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
                "choices": CulturalEvent.Status.choices,
                "current": filters.status,
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
        ],
        actions=actions,
    )


EVENT_FIELDS = (
    "title_vi",
    "title_en",
    "kind",
    "city",
    "organisers",
    "province_as_named",
    "starts_on",
    "ends_on",
    "status",
    "visitors_count",
    "outcome_summary",
    "visibility",
    "version",
)


def _event_input(data: dict[str, Any]) -> services.EventInput:
    return services.EventInput(
        title_vi=data["title_vi"],
        title_en=data["title_en"],
        kind=data["kind"],
        organisers=data["organisers"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        abroad=bool(data["abroad"]),
        country=data["country"],
        city=data["city"],
        mission=data["mission"],
        province_as_named=data["province_as_named"],
        provinces=tuple(data["provinces"]),
        status=data["status"],
        outcome_summary=data["outcome_summary"],
        visitors_count=data["visitors_count"],
        agreement_ids=tuple(data["agreements"]),
        visibility=data["visibility"],
    )


@login_required
def event_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    event = None
    initial: dict[str, Any] = {"visibility": "shared", "status": "planned", "abroad": "true"}
    if pk is not None:
        event = selectors.event_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{f: getattr(event, f) for f in EVENT_FIELDS},
            "abroad": "true" if event.abroad else "false",
            "country": event.country.iso2 if event.country else "",
            "mission": event.mission.code if event.mission else "",
            "provinces": [p.code for p in event.provinces.all()],
            "agreements": [a.pk for a in event.linked_agreements],  # type: ignore[attr-defined]
        }
    elif not services.may_organise(user):
        raise Forbidden()
    form = EventForm(
        request.POST or None,
        initial=initial,
        provinces=directory.province_code_choices(),
        countries=directory.country_code_choices(foreign_only=True),
        missions=selectors.mission_choices(),
        agreements=selectors.agreement_choices(user=user, linked=initial.get("agreements", ())),
    )

    def save(data: dict[str, Any]) -> CulturalEvent:
        if event is None:
            return services.event_create(actor=user, data=_event_input(data))
        return services.event_update(
            actor=user, event_id=event.pk, expected_version=data["version"], data=_event_input(data)
        )

    saved = save_form(request, form, save, done=_("Đã lưu sự kiện."))
    if saved.result is not None:
        return redirect(saved.result)
    heading = (
        _("Thêm sự kiện ngoại giao văn hóa") if event is None else _("Sửa: %(t)s") % {"t": event.title_vi}
    )
    return render(
        request,
        "culture/form.html",
        {
            "title": heading,
            "form": form,
            "back": reverse("culture:event_list") if event is None else event.get_absolute_url(),
        },
        status=saved.status,
    )


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    event = selectors.event_get(user=user, pk=pk)
    return render(
        request,
        "culture/event_detail.html",
        {
            "title": event.title_vi,
            "event": event,
            "visitors": count(event.visitors_count),
            "agreements": event.linked_agreements,  # type: ignore[attr-defined]
            "can_change": can(user, Action.CHANGE, event),
            "events": audit_events_for(user=user, target=event),
        },
    )
