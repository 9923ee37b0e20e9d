"""Citizen protection cases: list (filters, sort, pages, Excel), detail with citizens (masked unless asked and
allowed: each unmasked read logged), handovers, actions and history; the case and citizen forms; the workflow
buttons; the counts by country and kind that every signed-in user may read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.selectors import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.consular import selectors, services
from ngoaivu.consular.columns import CASE_COLUMNS, notify_state, summary_workbook
from ngoaivu.consular.filters import CaseFilters, SummaryFilters
from ngoaivu.consular.forms import (
    AcceptForm,
    ActionForm,
    CaseForm,
    CitizenForm,
    HandoverForm,
    ProvinceNoteForm,
    TransitionForm,
)
from ngoaivu.consular.models import CitizenCase
from ngoaivu.core.calendar import due_text
from ngoaivu.core.exceptions import Forbidden, NotFound
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import YES_NO, bool_param, list_page, run_action, save_form
from ngoaivu.directory import selectors as directory

CASE_FIELDS = ("kind", "incident_on", "received_on", "summary", "outcome", "version")
CITIZEN_FIELDS = (
    "full_name",
    "passport_number",
    "phone",
    "address",
    "family_name",
    "family_relation",
    "family_phone",
    "version",
)


def _tabs(user: Any) -> list[dict[str, str]]:
    actions = []
    if services.may_register(user):
        actions.append({"url": reverse("consular:case_create"), "label": _("Tiếp nhận vụ việc")})
    return [
        *actions,
        {"url": reverse("consular:case_list") + "?notify_late=true", "label": _("Thông báo tỉnh quá hạn")},
        {"url": reverse("consular:case_summary"), "label": _("Số liệu theo quốc gia và loại")},
    ]


@login_required
def case_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(CaseFilters, request.GET).filters
    if filters.handover_pending and user.scope.is_mission:
        # a mission reads no case handed over to it before it accepts: the notices only
        return render(
            request,
            "consular/handover_pending_list.html",
            {
                "title": _("Bàn giao chờ đơn vị nhận"),
                "notices": selectors.pending_handover_notices(user=user),
            },
        )
    return list_page(
        request,
        title=_("Bảo hộ công dân"),
        filters_schema=CaseFilters,
        queryset=lambda f: selectors.case_list(user=user, filters=f),
        columns=CASE_COLUMNS,
        export_stem="bao-ho-cong-dan",
        filter_fields=[
            {"name": "q", "label": _("Số hồ sơ, tóm tắt"), "type": "search", "current": filters.q},
            {
                "name": "kind",
                "label": _("Loại vụ việc"),
                "choices": CitizenCase.Kind.choices,
                "current": filters.kind,
            },
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": CitizenCase.Status.choices,
                "current": filters.status,
            },
            {
                "name": "country",
                "label": _("Quốc gia"),
                "choices": directory.country_code_choices(foreign_only=True),
                "current": filters.country,
            },
            {
                "name": "province",
                "label": _("Tỉnh quê quán"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "year",
                "label": _("Năm tiếp nhận"),
                "choices": [(y, str(y)) for y in selectors.summary_years()],
                "current": filters.year,
            },
            {
                "name": "date_from",
                "label": _("Tiếp nhận từ ngày"),
                "type": "date",
                "current": filters.date_from,
            },
            {"name": "date_to", "label": _("Tiếp nhận đến ngày"), "type": "date", "current": filters.date_to},
            {
                "name": "notify_late",
                "label": _("Thông báo tỉnh quá hạn"),
                "choices": YES_NO,
                "current": bool_param(filters.notify_late),
            },
        ],
        actions=_tabs(user),
    )


def _case_input(data: dict[str, Any]) -> services.CaseInput:
    return services.CaseInput(
        country=data["country"],
        province=data.get("province_as_named") or data["province"],  # the service resolves a name or a code
        kind=data["kind"],
        received_on=data["received_on"],
        summary=data["summary"],
        incident_on=data["incident_on"],
        outcome=data["outcome"],
    )


def _citizen_input(data: dict[str, Any]) -> services.CitizenInput:
    return services.CitizenInput(
        **{k: data[k] or "" for k in CITIZEN_FIELDS if k != "version"}, birth_date=data["birth_date"]
    )


@login_required
def case_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    case = None
    initial: dict[str, Any] = {"received_on": timezone.localdate()}
    if pk is not None:
        case = selectors.case_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{f: getattr(case, f) for f in CASE_FIELDS},
            "country": case.country.iso2,
            "province": case.province.code,
            "province_as_named": case.province_as_named if case.former_province_id else "",
        }
    elif not services.may_register(user):
        raise Forbidden()
    form = CaseForm(
        request.POST or None, initial=initial, countries=directory.country_code_choices(foreign_only=True)
    )
    citizen = CitizenForm(request.POST or None, prefix="citizen") if case is None else None

    def save(data: dict[str, Any]) -> CitizenCase:
        if case is None:
            assert citizen is not None
            return services.case_create(
                actor=user, data=_case_input(data), citizens=[_citizen_input(citizen.cleaned_data)]
            )
        return services.case_update(
            actor=user, case_id=case.pk, expected_version=data["version"], data=_case_input(data)
        )

    saved = save_form(
        request,
        form,
        save,
        done=_("Đã lưu vụ việc."),
        also_valid=[citizen] if citizen is not None else [],
        route_errors=_citizen_errors(citizen),
    )
    if saved.result is not None:
        return redirect(saved.result)
    title = (
        _("Tiếp nhận vụ việc bảo hộ công dân")
        if case is None
        else _("Sửa vụ việc %(r)s") % {"r": case.reference}
    )
    return render(
        request,
        "consular/case_form.html",
        {
            "title": title,
            "form": form,
            "citizen_form": citizen,
            "back": reverse("consular:case_list") if case is None else case.get_absolute_url(),
        },
        status=saved.status,
    )


def _citizen_errors(citizen: CitizenForm | None) -> Any:
    def route(errors: dict[str, list[str]]) -> dict[str, list[str]]:
        rest = {}
        for key, messages in errors.items():
            if key.startswith("citizens.0.") and citizen is not None:
                citizen.apply_service_errors({key.removeprefix("citizens.0."): messages})
            else:
                rest[key] = messages
        return rest

    return route


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    try:
        case = selectors.case_get(user=user, pk=pk)
    except NotFound:
        notice = selectors.pending_handover_notice(user=user, pk=pk)
        if notice is None:
            raise
        # a mission a handover is addressed to: the reference, country and kind, and the accept button only
        return render(
            request, "consular/handover_pending.html", {"title": notice.reference, "notice": notice}
        )
    may_personal = selectors.may_see_personal_data(user, case)
    unmasked = may_personal and request.GET.get("personal") == "1"
    if unmasked:
        services.personal_data_read(user=user, case=case, path=request.get_full_path(), purpose="detail page")
    may_change = can(user, Action.CHANGE, case)
    transitions = [
        (a, label)
        for a, label in (
            ("notify", _("Thông báo cho tỉnh")),
            ("start", _("Bắt đầu xử lý")),
            ("resolve", _("Đã giải quyết")),
            ("close", _("Đóng hồ sơ")),
        )
        if case.status in services.TRANSITIONS[a][0] and services.may_transition(user, case, a)
    ]
    is_party = can(user, Action.APPROVE, case) and user.scope.can_write
    targets = _handover_choices(case, user) if is_party and case.is_open else []
    is_province = (
        user.scope.is_province and user.scope.province_code == case.province.code and user.scope.can_write
    )
    today = timezone.localdate()
    return render(
        request,
        "consular/case_detail.html",
        {
            "title": case.reference,
            "case": case,
            "citizens": selectors.citizen_views(case, unmasked=unmasked),
            "may_personal": may_personal,
            "unmasked": unmasked,
            "notify_due": due_text(case.notify_due_on, today, provisional=False)
            if case.status == CitizenCase.Status.RECEIVED
            else ("", ""),
            "notify_state": notify_state(case),
            "can_change": may_change,
            "transitions": transitions,
            "transition_form": TransitionForm() if transitions else None,
            "handover_form": HandoverForm(targets=targets) if targets else None,
            "pending_for_me": selectors.handover_pending_for(user, case),
            "withdrawable": selectors.withdrawable_by(user, case) if case.is_open else [],
            "action_form": ActionForm() if is_party else None,
            "note_form": ProvinceNoteForm(
                initial={"province_note": case.province_note, "version": case.version}
            )
            if is_province
            else None,
            "citizen_form": CitizenForm(prefix="new")
            if may_change and case.personal_data_purged_on is None
            else None,
            "events": audit_events_for(user=user, target=case),
        },
    )


def _handover_choices(case: CitizenCase, user: Any) -> list[tuple[str, str]]:
    """The consular unit and the province first, then the handling mission, then — for the handling mission and
    the consular unit only — the other missions (a citizen moved to another country)."""
    parties = [(o.code, o.name_vi) for o in services.handover_targets(case, user)]
    if not services.may_hand_over_to_missions(user, case):
        return parties
    taken = {code for code, _n in parties} | {case.mission.code}
    return [*parties, *[(c, n) for c, n in selectors.mission_choices() if c not in taken]]


def _back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("consular:case_detail", args=[pk]) + anchor)


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    user = signed_in(request)
    case = selectors.case_get(user=user, pk=pk, action=Action.APPROVE)
    if action not in services.TRANSITIONS:
        raise NotFound()
    done = {
        "notify": _("Đã thông báo cho tỉnh %(p)s.") % {"p": case.province.name},
        "start": _("Vụ việc %(r)s chuyển sang “Đang xử lý”.") % {"r": case.reference},
        "resolve": _("Đã ghi nhận vụ việc %(r)s được giải quyết.") % {"r": case.reference},
        "close": _("Đã đóng hồ sơ vụ việc %(r)s.") % {"r": case.reference},
    }[action]
    run_action(
        request,
        TransitionForm(request.POST),
        lambda d: services.case_transition(
            actor=user, case_id=pk, action=action, expected_version=d["version"], on=d["on"], note=d["note"]
        ),
        done=done,
    )
    return _back(pk)


@login_required
@require_POST
def handover_send(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    case = selectors.case_get(user=user, pk=pk, action=Action.APPROVE)
    targets = _handover_choices(case, user)
    form = HandoverForm(request.POST, targets=targets)
    run_action(
        request,
        form,
        lambda d: services.handover_send(actor=user, case_id=pk, to_org=d["to_org"], note=d["note"]),
        done=_("Đã bàn giao cho %(o)s; chờ bên nhận xác nhận.")
        % {"o": dict(targets).get(request.POST.get("to_org", ""), "")},
    )
    return _back(pk, "#handovers")


@login_required
@require_POST
def handover_accept(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    if selectors.pending_handover_notice(user=user, pk=pk) is None:
        selectors.case_get(user=user, pk=pk, action=Action.APPROVE)
    run_action(
        request,
        AcceptForm(request.POST),
        lambda d: services.handover_accept(actor=user, case_id=pk, handover_id=d["handover"]),
        done=_("Đã nhận bàn giao: đơn vị của bạn nay phụ trách phần việc của vụ việc."),
    )
    return _back(pk, "#handovers")


@login_required
@require_POST
def handover_withdraw(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    case = selectors.case_get(user=user, pk=pk, action=Action.APPROVE)
    if not selectors.withdrawable_by(user, case) and not user.scope.is_site_admin:
        raise Forbidden()  # only the sender of a pending handover
    run_action(
        request,
        AcceptForm(request.POST),
        lambda d: services.handover_withdraw(actor=user, case_id=pk, handover_id=d["handover"]),
        done=_("Đã rút lại bàn giao."),
    )
    return _back(pk, "#handovers")


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    selectors.case_get(user=user, pk=pk, action=Action.APPROVE)
    run_action(
        request,
        ActionForm(request.POST),
        lambda d: services.action_add(actor=user, case_id=pk, text=d["text"], done_on=d["done_on"]),
        done=_("Đã ghi việc đã làm."),
    )
    return _back(pk, "#actions")


@login_required
@require_POST
def province_note(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    selectors.case_get(user=user, pk=pk, action=Action.APPROVE)
    run_action(
        request,
        ProvinceNoteForm(request.POST),
        lambda d: services.province_note_update(
            actor=user, case_id=pk, expected_version=d["version"], note=d["province_note"]
        ),
        done=_("Đã lưu ghi chú của tỉnh."),
    )
    return _back(pk)


@login_required
@require_POST
def citizen_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    selectors.case_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        CitizenForm(request.POST, prefix="new"),
        lambda d: services.citizen_add(actor=user, case_id=pk, data=_citizen_input(d)),
        done=_("Đã thêm công dân."),
    )
    return _back(pk, "#citizens")


@login_required
def citizen_edit(request: HttpRequest, pk: int, citizen_pk: int) -> HttpResponseBase:
    user = signed_in(request)
    case = selectors.case_get(user=user, pk=pk, action=Action.CHANGE)
    citizen = next((c for c in case.citizens.all() if c.pk == citizen_pk), None)
    if citizen is None:
        raise NotFound()
    if citizen.anonymised_on is not None:
        raise NotFound()
    if request.method == "GET":
        services.personal_data_read(user=user, case=case, path=request.get_full_path(), purpose="edit form")
    initial = {**{f: getattr(citizen, f) for f in CITIZEN_FIELDS}, "birth_date": citizen.birth_date or None}
    form = CitizenForm(request.POST or None, initial=initial)
    saved = save_form(
        request,
        form,
        lambda d: services.citizen_update(
            actor=user,
            case_id=pk,
            citizen_id=citizen.pk,
            expected_version=d["version"],
            data=_citizen_input(d),
        ),
        done=_("Đã lưu thông tin công dân."),
    )
    if saved.result is not None:
        return _back(pk, "#citizens")
    return render(
        request,
        "consular/case_form.html",
        {
            "title": _("Sửa thông tin công dân — %(r)s") % {"r": case.reference},
            "form": form,
            "back": case.get_absolute_url(),
        },
        status=saved.status,
    )


@login_required
def case_summary(request: HttpRequest) -> HttpResponseBase:
    """Counts by country and kind for every signed-in user: no names, no summaries; each count links to the
    list with the same filters — only for a party (a reader of cases); for everyone else the counts are plain
    numbers (a link would lead to an empty list)."""
    user = signed_in(request)
    parsed = parse_filters(SummaryFilters, request.GET)
    filters = parsed.filters
    rows, by_kind, total = selectors.case_summary(filters=filters)
    kinds = [(k, label) for k, label in CitizenCase.Kind.choices if by_kind.get(k)]
    if request.GET.get("format") == "xlsx":
        return summary_workbook(rows, kinds, by_kind, total, year=filters.year)
    base = reverse("consular:case_list")
    year = f"&year={filters.year}" if filters.year else ""
    table = [
        (
            r,
            [(r.counts.get(k, 0), f"{base}?country={r.country}&kind={k}{year}") for k, _l in kinds],
            f"{base}?country={r.country}{year}",
        )
        for r in rows
    ]
    return render(
        request,
        "consular/case_summary.html",
        {
            "title": _("Vụ việc bảo hộ công dân theo quốc gia và loại"),
            "kinds": kinds,
            "table": table,
            "kind_totals": [(by_kind[k], f"{base}?kind={k}{year}") for k, _l in kinds],
            "total": total,
            "total_link": f"{base}?{year.lstrip('&')}",
            "links": CitizenCase.objects.visible_to(user, Action.VIEW).exists(),
            "years": [str(y) for y in selectors.summary_years()],
            "year": str(filters.year) if filters.year else "",
            "filter_errors": parsed.errors,
            "export_query": "format=xlsx" + year,
        },
    )
