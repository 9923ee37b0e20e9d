from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ngoaivu.accounts import services as account_services
from ngoaivu.accounts.models import User
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import xlsx_response
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject, StateConflict
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.web import YES_NO, bool_param, int_or_none, list_page, run_action
from ngoaivu.delegations import ical, selectors, services
from ngoaivu.delegations.columns import (
    CONFERENCE_COLUMNS,
    DELEGATION_COLUMNS,
    VISIT_COLUMNS,
    delegation_export_columns,
)
from ngoaivu.delegations.filters import ConferenceFilters, DelegationFilters, VisitFilters
from ngoaivu.delegations.forms import (
    ActionForm,
    BriefingForm,
    ChainStepForm,
    ConferenceActionForm,
    ConferenceForm,
    DelegationForm,
    DeputyForm,
    FollowUpForm,
    MemberFormSet,
    PaperDecisionForm,
    VisitForm,
)
from ngoaivu.delegations.models import Conference, Delegation, FollowUpTask, LeaderVisit
from ngoaivu.directory import selectors as directory

ACTION_LABELS = {
    "submit": gettext_lazy("Trình duyệt"),
    "approve": gettext_lazy("Đồng ý"),
    "return": gettext_lazy("Trả lại để bổ sung"),
    "refuse": gettext_lazy("Không đồng ý"),
    "report": gettext_lazy("Báo cáo kết quả"),
    "postpone": gettext_lazy("Hoãn"),
    "resume": gettext_lazy("Chuẩn bị lại"),
    "cancel": gettext_lazy("Hủy đoàn"),
    "close": gettext_lazy("Đóng hồ sơ đoàn"),
}
EVENT_LABELS = {
    **ACTION_LABELS,
    "create": gettext_lazy("Lập kế hoạch đoàn"),
    "update": gettext_lazy("Sửa kế hoạch"),
    "briefing": gettext_lazy("Ghi chú của cơ quan đại diện"),
    "trip": gettext_lazy("Chuyến đi theo lịch"),
    "record_decision": gettext_lazy("Ghi nhận quyết định bằng văn bản của lãnh đạo"),
}
CONFERENCE_ACTION_LABELS = {
    "submit": gettext_lazy("Trình hồ sơ"),
    "record_reply": gettext_lazy("Ghi ý kiến cơ quan"),
    "approve": gettext_lazy("Ghi nhận văn bản cho phép"),
    "refuse": gettext_lazy("Ghi nhận không cho phép"),
    "report": gettext_lazy("Báo cáo kết quả"),
    "cancel": gettext_lazy("Hủy"),
}
STATE_LABELS = dict(Delegation.State.choices)


def _user(request: HttpRequest) -> Any:
    return request.user


def _tabs(user: Any) -> list[dict[str, Any]]:
    actions = []
    if services.may_plan(user):
        actions += [
            {"url": "/delegations/new/", "label": _("Lập kế hoạch đoàn")},
            {"url": "/delegations/conferences/new/", "label": _("Đăng ký hội nghị quốc tế")},
        ]
    if user.scope.can_write and (user.scope.is_national or user.scope.is_site_admin):
        actions.append({"url": "/delegations/visits/new/", "label": _("Ghi chuyến làm việc của lãnh đạo")})
    return [
        *actions,
        {"url": "/delegations/?report_missing=true", "label": _("Đoàn chưa báo cáo")},
        {"url": "/delegations/visits/", "label": _("Lãnh đạo làm việc")},
        {"url": "/delegations/conferences/", "label": _("Hội nghị quốc tế")},
        {"url": "/delegations/calendar/", "label": _("Lịch chung")},
        {"url": "/delegations/deputies/", "label": _("Ủy quyền duyệt")},
        {"url": "/delegations/chain/", "label": _("Quy trình duyệt")},
    ]


# --- delegations ---------------------------------------------------------------------------------------------


@login_required
def delegation_list(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    filters = parse_filters(DelegationFilters, request.GET).filters
    if request.GET.get("format") == "xlsx":
        return _export(request, user, filters)
    actions = _tabs(user)
    if user.scope.is_province:
        params = request.GET.copy()
        params["format"], params["personal"] = "xlsx", "1"
        params.pop("page", None)
        actions.append(
            {
                "url": f"/delegations/?{params.urlencode()}",
                "label": _("Xuất Excel kèm dữ liệu cá nhân của đơn vị (được ghi nhật ký)"),
            }
        )
    return list_page(
        request,
        title=_("Đoàn ra, đoàn vào"),
        filters_schema=DelegationFilters,
        queryset=lambda f: selectors.delegation_list(user=user, filters=f, details=False),
        columns=DELEGATION_COLUMNS,
        export_stem="doan",
        filter_fields=[
            {
                "name": "q",
                "label": _("Tìm kiếm (có dấu hoặc không dấu)"),
                "type": "search",
                "current": filters.q,
            },
            {
                "name": "direction",
                "label": _("Loại đoàn"),
                "choices": Delegation.Direction.choices,
                "current": filters.direction,
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
                "name": "state",
                "label": _("Trạng thái"),
                "choices": Delegation.State.choices,
                "current": filters.state,
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
            {
                "name": "report_missing",
                "label": _("Chưa báo cáo kết quả"),
                "choices": YES_NO,
                "current": bool_param(filters.report_missing),
            },
            {
                "name": "follow_up_overdue",
                "label": _("Có việc sau chuyến đi quá hạn"),
                "choices": YES_NO,
                "current": bool_param(filters.follow_up_overdue),
            },
        ],
        actions=actions,
    )


def _export(request: HttpRequest, user: Any, filters: DelegationFilters) -> HttpResponseBase:
    """Members' personal data is in the export only when the user asks for it (`personal=1`) and may see it
    for every delegation exported (their own organisation's); that read is logged. Otherwise masked."""
    qs = selectors.delegation_list(user=user, filters=filters, details=True)
    unmasked = request.GET.get("personal") == "1"
    if unmasked:
        scope = user.scope
        if not (scope.is_site_admin or scope.is_province):
            raise Forbidden()
        if not scope.is_site_admin:
            qs = qs.filter(owner_org_id=scope.org_id)
        audit.access(
            kind=AccessEvent.Kind.PERSONAL_DATA,
            user=user,
            path=request.get_full_path(),
            detail=f"delegation export with personal data: {qs.count()} delegations",
        )
    audit.access(kind=AccessEvent.Kind.EXPORT, user=user, path=request.get_full_path())
    return xlsx_response(
        qs.iterator(chunk_size=500),
        delegation_export_columns(unmasked=unmasked, user=user),
        title=_("Đoàn ra, đoàn vào"),
        filename_stem="doan-du-lieu-ca-nhan" if unmasked else "doan",
    )


def _delegation_input(form: DelegationForm, members: Any) -> services.DelegationInput:
    d = form.cleaned_data
    rows = []
    for m in members.cleaned_data:
        if not m or not (m.get("full_name") or m.get("passport_number")):
            continue
        rows.append(
            services.MemberInput(
                full_name=m.get("full_name", ""),
                position=m.get("position", ""),
                unit=m.get("unit", ""),
                is_head=bool(m.get("is_head")),
                birth_date=m.get("birth_date"),
                passport_type=m.get("passport_type", ""),
                passport_number=m.get("passport_number", ""),
                passport_expiry=m.get("passport_expiry"),
            )
        )
    return services.DelegationInput(
        direction=d["direction"],
        title=d["title"],
        purpose=d["purpose"],
        head_name=d["head_name"],
        head_position=d["head_position"],
        departs_on=d["departs_on"],
        returns_on=d["returns_on"],
        countries=tuple(d["countries"]),
        cities=d["cities"],
        partner_ids=tuple(int(p) for p in d["partners"]),
        programme=d["programme"],
        invitation=d["invitation"],
        funding=d["funding"],
        budget_estimate=d["budget_estimate"],
        guests_rank=d["guests_rank"],
        receiving_leader=d["receiving_leader"],
        party_managed=d["party_managed"],
        visibility=d["visibility"],
        members=tuple(rows),
    )


def _apply_member_errors(members: Any, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """`members[i].field` errors from the service go to row i of the formset; the rest stay for the form."""
    rest: dict[str, list[str]] = {}
    kept = [
        f for f in members.forms if f.cleaned_data.get("full_name") or f.cleaned_data.get("passport_number")
    ]
    for key, msgs in errors.items():
        if key.startswith("members[") and "]." in key:
            index = int(key[len("members[") : key.index("]")]) - 1
            field = key.split("].", 1)[1]
            if 0 <= index < len(kept) and field in kept[index].fields:
                for msg in msgs:
                    kept[index].add_error(field, msg)
                continue
        rest[key] = msgs
    return rest


@login_required
def delegation_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = _user(request)
    delegation = None
    initial: dict[str, Any] = {"visibility": "shared", "direction": Delegation.Direction.OUTBOUND}
    member_initial: list[dict[str, Any]] = []
    if pk is not None:
        delegation = selectors.delegation_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{
                f: getattr(delegation, f)
                for f in (
                    "direction",
                    "title",
                    "purpose",
                    "head_name",
                    "head_position",
                    "cities",
                    "departs_on",
                    "returns_on",
                    "programme",
                    "invitation",
                    "funding",
                    "budget_estimate",
                    "guests_rank",
                    "receiving_leader",
                    "party_managed",
                    "visibility",
                    "version",
                )
            },
            "countries": [c.iso2 for c in delegation.countries.all()],
            "partners": [str(p.pk) for p in delegation.partners.all()],
        }
        member_initial = [
            {
                "full_name": m.full_name,
                "position": m.position,
                "unit": m.unit,
                "is_head": m.is_head,
                "birth_date": m.birth_date or None,
                "passport_type": m.passport_type,
                "passport_number": m.passport_number,
                "passport_expiry": m.passport_expiry or None,
            }
            for m in delegation.members.all()
        ]
        if request.method == "GET" and member_initial:
            services.personal_data_read(
                user=user, delegation=delegation, path=request.get_full_path(), purpose="edit form"
            )
    elif not services.may_plan(user):
        raise Forbidden()
    form = DelegationForm(
        request.POST or None,
        initial=initial,
        countries=directory.country_code_choices(foreign_only=True),
        partners=directory.partner_choices(user=user),
    )
    members = MemberFormSet(request.POST or None, initial=member_initial or None, prefix="members")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and members.is_valid():
            try:
                data = _delegation_input(form, members)
                if delegation is None:
                    delegation = services.delegation_create(actor=user, data=data)
                    messages.success(request, _("Đã lập kế hoạch đoàn."))
                else:
                    services.delegation_update(
                        actor=user,
                        delegation_id=delegation.pk,
                        expected_version=form.cleaned_data["version"],
                        data=data,
                    )
                    messages.success(request, _("Đã lưu thay đổi."))
                return redirect("delegations:delegation_detail", pk=delegation.pk)
            except ServiceError as exc:
                rest = _apply_member_errors(members, exc.errors)
                form.apply_service_errors(rest)
                if not exc.errors:
                    form.add_error(None, exc.message)
            except StateConflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except StaleObject:
                form.add_error(
                    None, _("Đoàn đã được người khác sửa; thay đổi của bạn chưa được lưu. Tải lại trang.")
                )
                status = 409
    title = _("Lập kế hoạch đoàn") if delegation is None else _("Sửa: %(t)s") % {"t": delegation.title}
    return render(
        request,
        "delegations/delegation_form.html",
        {"title": title, "form": form, "members": members, "delegation": delegation},
        status=status,
    )


@login_required
def delegation_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    delegation = selectors.delegation_get(user=user, pk=pk)
    today = timezone.localdate()
    may_see = selectors.may_see_personal_data(user, delegation)
    unmasked = request.GET.get("personal") == "1"
    if unmasked:
        services.personal_data_read(
            user=user, delegation=delegation, path=request.get_full_path(), purpose="detail page"
        )
    if not selectors.reads_details(user, delegation):  # another province: the summary only
        return render(
            request,
            "delegations/delegation_summary.html",
            {"title": delegation.title, "delegation": delegation},
        )
    step = selectors.current_step(delegation)
    actions = services.available_actions(user=user, delegation=delegation)
    writable = Delegation.objects.visible_to(user, Action.CHANGE).filter(pk=delegation.pk).exists()
    owner = user.scope.org_id == delegation.owner_org_id
    agreements = selectors.agreement_choices(user=user, delegation=delegation) if owner else []
    is_host_mission = user.scope.is_mission and user.scope.can_write
    return render(
        request,
        "delegations/delegation_detail.html",
        {
            "title": delegation.title,
            "delegation": delegation,
            "members": selectors.member_views(delegation, unmasked=unmasked),
            "may_see_personal": may_see,
            "unmasked": unmasked,
            "passport_needed": selectors.passport_needed_until(
                delegation.province.code, delegation.returns_on
            ),
            "approvals": [a for a in delegation.approvals.all()],
            "current_step": step,
            "decision_form": (
                PaperDecisionForm(initial={"version": delegation.version})
                if services.may_record_decision(user, delegation)
                else None
            ),
            "step_refusal": (
                services.refusal_reason(user, step, delegation)
                if step is not None and user.scope.org_id == delegation.owner_org_id
                else ""
            ),
            "actions": [(a, ACTION_LABELS[a]) for a in actions if a != "report"],
            "can_report": "report" in actions,
            "report_due": due_text(delegation.report_due_on if delegation.report_missing else None, today),
            "can_change": writable and delegation.state in services.EDITABLE_STATES,
            "can_follow_up": writable and delegation.state in Delegation.FOLLOW_UP_STATES,
            "follow_ups": [
                (t, due_text(t.due_on if t.is_open else None, today)) for t in delegation.follow_ups.all()
            ],
            "follow_up_form": FollowUpForm(
                initial={"status": FollowUpTask.Status.OPEN}, agreements=agreements
            ),
            "agreement_choices": agreements,
            "follow_up_statuses": FollowUpTask.Status.choices,
            "briefing_form": BriefingForm() if is_host_mission else None,
            "events": [
                (
                    e,
                    EVENT_LABELS.get(e.action, e.action),
                    STATE_LABELS.get(e.from_state, ""),
                    STATE_LABELS.get(e.to_state, ""),
                )
                for e in delegation.events.all()
            ],
        },
    )


@login_required
@require_POST
def delegation_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in services.ALL_ACTIONS:
        raise Http404()
    user = _user(request)
    delegation = get_for_action(Delegation, user, Action.VIEW, pk=pk)
    form = ActionForm(request.POST, agreements=selectors.agreement_choices(user=user, delegation=delegation))
    run_action(
        request,
        form,
        lambda d: services.delegation_action(
            actor=user,
            delegation_id=pk,
            action=action,
            expected_version=d["version"],
            data=services.DelegationActionInput(
                comment=d["comment"],
                results=d["results"],
                better_preparation=d["better_preparation"],
                agreement_ids=tuple(d["agreements"]),
                actual_cost=d["actual_cost"],
            ),
        ),
        done=_("Đã thực hiện: %(a)s.") % {"a": ACTION_LABELS[action]},
        stale=_("Đoàn vừa được người khác cập nhật; xem lại trang rồi thử lại."),
    )
    return redirect("delegations:delegation_detail", pk=pk)


@login_required
@require_POST
def record_decision(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Records the paper decision of the current step (Chủ tịch UBND tỉnh, Ban Thường vụ Tỉnh ủy)."""
    user = _user(request)
    delegation = get_for_action(Delegation, user, Action.VIEW, pk=pk)
    if not (user.scope.can_write and user.scope.org_id == delegation.owner_org_id):
        raise Forbidden()
    form = PaperDecisionForm(request.POST, request.FILES)
    run_action(
        request,
        form,
        lambda d: services.delegation_record_decision(
            actor=user,
            delegation_id=pk,
            expected_version=d["version"],
            data=services.PaperDecisionInput(
                decision=d["decision"],
                document_number=d["document_number"],
                document_date=d["document_date"],
                signer=d["signer"],
                comment=d["comment"],
            ),
            upload=d["file"],
        ),
        done=_("Đã ghi nhận quyết định của lãnh đạo."),
        stale=_("Đoàn vừa được người khác cập nhật; xem lại trang rồi thử lại."),
    )
    return redirect("delegations:delegation_detail", pk=pk)


@login_required
def decision_file(request: HttpRequest, pk: int, step_id: int) -> HttpResponseBase:
    """The scanned decision behind a step recorded from paper: for whoever reads the delegation's details (another
    province sees a shared delegation as a summary only, so the scan answers 404 to it like a missing file)."""
    user = _user(request)
    delegation = get_for_action(Delegation, user, Action.VIEW, pk=pk)
    if not selectors.reads_details(user, delegation):
        raise Http404()
    step = delegation.approvals.filter(pk=step_id, on_paper=True).exclude(document_file="").first()
    if step is None:
        raise Http404()
    return FileResponse(step.document_file.open("rb"), as_attachment=True, filename=step.document_name)


@login_required
@require_POST
def briefing_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    get_for_action(Delegation, _user(request), Action.VIEW, pk=pk)
    form = BriefingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn loại ghi chú và ghi nội dung."))
        return redirect("delegations:delegation_detail", pk=pk)
    try:
        services.briefing_add(
            actor=_user(request),
            delegation_id=pk,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Đã gửi ghi chú cho đoàn."))
    except ServiceError as exc:
        messages.error(request, exc.as_text())
    return redirect("delegations:delegation_detail", pk=pk)


@login_required
@require_POST
def follow_up_save(request: HttpRequest, pk: int, task_id: int | None = None) -> HttpResponseBase:
    user = _user(request)
    delegation = get_for_action(Delegation, user, Action.CHANGE, pk=pk)
    if task_id is not None and not delegation.follow_ups.filter(pk=task_id).exists():
        raise Http404()
    form = FollowUpForm(
        request.POST, agreements=selectors.agreement_choices(user=user, delegation=delegation)
    )
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.error(request, f"{label}: {' '.join(str(e) for e in errs)}")
        return redirect(f"/delegations/{pk}/#follow-ups")
    d = form.cleaned_data
    try:
        services.follow_up_save(
            actor=user,
            delegation_id=pk,
            task_id=task_id,
            data=services.FollowUpInput(
                title=d["title"],
                owner=d["owner"],
                due_on=d["due_on"],
                status=d["status"],
                agreement_id=d["agreement"],
                request_reference=d["request_reference"],
            ),
        )
        messages.success(request, _("Đã lưu việc cần làm."))
    except ServiceError as exc:
        messages.error(request, exc.as_text())
    except StateConflict as exc:
        messages.error(request, str(exc))
    return redirect(f"/delegations/{pk}/#follow-ups")


@login_required
def deputies(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    if not user.scope.active:
        raise Forbidden()
    colleagues = [(pk, name) for pk, name in _colleagues(user) if pk != user.pk]
    form = DeputyForm(request.POST or None, colleagues=colleagues)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.deputy_create(
                    actor=user,
                    deputy_id=form.cleaned_data["deputy"],
                    starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["ends_on"],
                )
                messages.success(request, _("Đã ủy quyền duyệt."))
                return redirect("delegations:deputies")
            except ServiceError as exc:
                form.apply_service_errors(exc.errors)
    return render(
        request,
        "delegations/deputies.html",
        {
            "title": _("Ủy quyền duyệt đoàn"),
            "form": form,
            "rows": selectors.deputy_list(user=user),
            "can_delegate": services.may_delegate_approval(user),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _colleagues(user: Any) -> list[tuple[int, str]]:
    if not user.scope.org_id:
        return []
    found = User.objects.filter(organisation_id=user.scope.org_id, is_active=True).order_by("username")
    return [(u.pk, f"{u.full_name or u.username} ({u.username})") for u in found]


@login_required
def approval_chain(request: HttpRequest) -> HttpResponseBase:
    """The organisation's approval chain: read by everyone in it, edited by its administrators."""
    user = _user(request)
    if not user.scope.active:
        raise Forbidden()
    can_edit = services.may_configure_chain(user)
    form = ChainStepForm(request.POST or None, colleagues=_colleagues(user)) if can_edit else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if request.POST.get("delete"):
            services.chain_step_delete(actor=user, step_id=int_or_404(request.POST["delete"]))
            messages.success(request, _("Đã xóa bước duyệt."))
            return redirect("delegations:approval_chain")
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.chain_step_create(
                    actor=user,
                    data=services.ChainStepInput(
                        order=d["order"],
                        label=d["label"],
                        direction=d["direction"],
                        approver_id=d["approver"],
                        only_if_party_managed=d["only_if_party_managed"],
                    ),
                )
                messages.success(request, _("Đã thêm bước duyệt."))
                return redirect("delegations:approval_chain")
            except ServiceError as exc:
                form.apply_service_errors(exc.errors)
    rows, own = selectors.chain_rows(user=user)
    return render(
        request,
        "delegations/approval_chain.html",
        {"title": _("Quy trình duyệt đoàn"), "rows": rows, "own": own, "form": form},
        status=status,
    )


def int_or_404(raw: str) -> int:
    value = int_or_none(raw)
    if value is None:
        raise Http404()
    return value


@login_required
@require_POST
def deputy_revoke(request: HttpRequest, deputy_id: int) -> HttpResponseBase:
    services.deputy_revoke(actor=_user(request), deputy_row_id=deputy_id)
    messages.success(request, _("Đã thu hồi ủy quyền."))
    return redirect("delegations:deputies")


# --- calendar ------------------------------------------------------------------------------------------------


def _month(value: str | None, today: dt.date) -> dt.date:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        return dt.date(year, month, 1) if 1900 <= year <= 2100 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@login_required
def calendar_page(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    if not user.scope.active:
        raise Forbidden()
    today = timezone.localdate()
    first = _month(request.GET.get("month"), today)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    entries = selectors.calendar_entries(user=user, start=first, end=last)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                (day, day.month == first.month, [e for e in entries if e.starts_on <= day <= e.ends_on])
                for day in week
            ]
        )
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    view = "list" if request.GET.get("view") == "list" else "month"
    return render(
        request,
        "delegations/calendar.html",
        {
            "title": _("Lịch chung: tháng %(m)s") % {"m": first.strftime("%m/%Y")},
            "first": first,
            "weeks": weeks,
            "entries": entries,
            "view": view,
            "prev": prev_month.strftime("%Y-%m"),
            "next": next_month.strftime("%Y-%m"),
            "month_param": first.strftime("%Y-%m"),
            "today": today,
            "ical_url": request.build_absolute_uri(
                reverse("delegations:calendar_feed", args=[user.calendar_token])
            )
            if user.calendar_token
            else "",
            "weekdays": [
                _("Thứ Hai"),
                _("Thứ Ba"),
                _("Thứ Tư"),
                _("Thứ Năm"),
                _("Thứ Sáu"),
                _("Thứ Bảy"),
                _("Chủ Nhật"),
            ],
        },
    )


@login_required
@require_POST
def calendar_token(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    if not user.scope.active:
        raise Forbidden()
    if request.POST.get("do") == "revoke":
        account_services.calendar_token_revoke(actor=user, user=user)
        messages.success(request, _("Đã thu hồi liên kết lịch; liên kết cũ không còn dùng được."))
    else:
        account_services.calendar_token_issue(actor=user, user=user, rotate=bool(user.calendar_token))
        messages.success(request, _("Đã tạo liên kết lịch mới."))
    return redirect("delegations:calendar")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal iCalendar feed: no session (calendar apps cannot sign in); the secret token in the URL
    identifies the user, whose scope filters the entries. Unknown or revoked token: 404."""
    user = account_services.calendar_token_user(token)
    if user is None or not user.scope.active:
        raise Http404()
    today = timezone.localdate()
    entries = selectors.calendar_entries(
        user=user, start=today - dt.timedelta(days=90), end=today + dt.timedelta(days=365)
    )
    response = HttpResponse(
        ical.feed(entries, base_url=request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="ngoaivu.ics"'
    return response


# --- leader visits -------------------------------------------------------------------------------------------


@login_required
def visit_list(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    filters = parse_filters(VisitFilters, request.GET).filters
    actions = _tabs(user)
    return list_page(
        request,
        title=_("Lãnh đạo Bộ làm việc với địa phương"),
        filters_schema=VisitFilters,
        queryset=lambda f: selectors.visit_list(user=user, filters=f),
        columns=VISIT_COLUMNS,
        export_stem="lanh-dao-lam-viec",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "direction",
                "label": _("Hình thức"),
                "choices": LeaderVisit.Direction.choices,
                "current": filters.direction,
            },
            {
                "name": "province",
                "label": _("Tỉnh"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": LeaderVisit.Status.choices,
                "current": filters.status,
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
        ],
        actions=actions,
    )


def _visit_input(form: VisitForm) -> services.VisitInput:
    d = form.cleaned_data
    return services.VisitInput(
        direction=d["direction"],
        province=d["province"],
        starts_on=d["starts_on"],
        ends_on=d["ends_on"],
        ministry_leaders=d["ministry_leaders"],
        province_leaders=d["province_leaders"],
        agenda=d["agenda"],
        agreed=d["agreed"],
        follow_up=d["follow_up"],
        status=d["status"],
        asks=tuple(line.strip() for line in d["asks"].splitlines() if line.strip()),
    )


@login_required
def visit_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = _user(request)
    visit = None
    initial: dict[str, Any] = {"status": LeaderVisit.Status.PLANNED}
    if pk is not None:
        visit = selectors.visit_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{
                f: getattr(visit, f)
                for f in (
                    "direction",
                    "starts_on",
                    "ends_on",
                    "ministry_leaders",
                    "province_leaders",
                    "agenda",
                    "agreed",
                    "follow_up",
                    "status",
                    "version",
                )
            },
            "province": visit.province.code,
            "asks": "\n".join(a.text for a in visit.asks.all()),
        }
    elif not (user.scope.can_write and (user.scope.is_national or user.scope.is_site_admin)):
        raise Forbidden()
    form = VisitForm(request.POST or None, initial=initial, provinces=directory.province_code_choices())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if visit is None:
                    visit = services.visit_create(actor=user, data=_visit_input(form))
                else:
                    services.visit_update(
                        actor=user,
                        visit_id=visit.pk,
                        expected_version=form.cleaned_data["version"],
                        data=_visit_input(form),
                    )
                messages.success(request, _("Đã lưu chuyến làm việc."))
                return redirect("delegations:visit_detail", pk=visit.pk)
            except ServiceError as exc:
                form.apply_service_errors(exc.errors)
            except StaleObject:
                form.add_error(None, _("Bản ghi đã được người khác sửa; thay đổi của bạn chưa được lưu."))
                status = 409
    title = _("Ghi chuyến làm việc của lãnh đạo") if visit is None else _("Sửa chuyến làm việc")
    return render(
        request,
        "delegations/simple_form.html",
        {
            "title": title,
            "form": form,
            "back": "/delegations/visits/" if visit is None else f"/delegations/visits/{visit.pk}/",
        },
        status=status,
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    visit = selectors.visit_get(user=user, pk=pk)
    can_change = LeaderVisit.objects.visible_to(user, Action.CHANGE).filter(pk=visit.pk).exists()
    return render(
        request,
        "delegations/visit_detail.html",
        {
            "title": str(visit),
            "visit": visit,
            "can_change": can_change,
            "can_make_request": can_change and user.scope.is_province,
        },
    )


# --- conferences ---------------------------------------------------------------------------------------------


@login_required
def conference_list(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    filters = parse_filters(ConferenceFilters, request.GET).filters
    return list_page(
        request,
        title=_("Hội nghị, hội thảo quốc tế"),
        filters_schema=ConferenceFilters,
        queryset=lambda f: selectors.conference_list(user=user, filters=f),
        columns=CONFERENCE_COLUMNS,
        export_stem="hoi-nghi-quoc-te",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
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
                "name": "level",
                "label": _("Cấp cho phép"),
                "choices": Conference.Level.choices,
                "current": filters.level,
            },
            {
                "name": "state",
                "label": _("Trạng thái"),
                "choices": Conference.State.choices,
                "current": filters.state,
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
            {
                "name": "report_missing",
                "label": _("Chưa báo cáo kết quả"),
                "choices": YES_NO,
                "current": bool_param(filters.report_missing),
            },
        ],
        actions=_tabs(user),
    )


def _conference_input(form: ConferenceForm) -> services.ConferenceInput:
    d = form.cleaned_data
    return services.ConferenceInput(
        title=d["title"],
        organiser=d["organiser"],
        format=d["format"],
        venue=d["venue"],
        starts_on=d["starts_on"],
        ends_on=d["ends_on"],
        countries=tuple(d["countries"]),
        foreign_participants=d["foreign_participants"],
        top_rank=d["top_rank"],
        sensitive_topics=tuple(d["sensitive_topics"]),
        funding=d["funding"],
        visibility=d["visibility"],
    )


@login_required
def conference_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = _user(request)
    conference = None
    initial: dict[str, Any] = {"visibility": "shared", "foreign_participants": 0}
    if pk is not None:
        conference = selectors.conference_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{
                f: getattr(conference, f)
                for f in (
                    "title",
                    "organiser",
                    "format",
                    "venue",
                    "starts_on",
                    "ends_on",
                    "foreign_participants",
                    "top_rank",
                    "sensitive_topics",
                    "funding",
                    "visibility",
                    "version",
                )
            },
            "countries": [c.iso2 for c in conference.countries.all()],
        }
    elif not services.may_plan(user):
        raise Forbidden()
    form = ConferenceForm(
        request.POST or None, initial=initial, countries=directory.country_code_choices(foreign_only=True)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if conference is None:
                    conference = services.conference_create(actor=user, data=_conference_input(form))
                else:
                    services.conference_update(
                        actor=user,
                        conference_id=conference.pk,
                        expected_version=form.cleaned_data["version"],
                        data=_conference_input(form),
                    )
                messages.success(request, _("Đã lưu hội nghị."))
                return redirect("delegations:conference_detail", pk=conference.pk)
            except ServiceError as exc:
                form.apply_service_errors(exc.errors)
            except StateConflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except StaleObject:
                form.add_error(None, _("Bản ghi đã được người khác sửa; thay đổi của bạn chưa được lưu."))
                status = 409
    title = (
        _("Đăng ký hội nghị, hội thảo quốc tế")
        if conference is None
        else _("Sửa: %(t)s") % {"t": conference.title}
    )
    return render(
        request,
        "delegations/simple_form.html",
        {
            "title": title,
            "form": form,
            "back": "/delegations/conferences/"
            if conference is None
            else f"/delegations/conferences/{conference.pk}/",
        },
        status=status,
    )


@login_required
def conference_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    conference = selectors.conference_get(user=user, pk=pk)
    today = timezone.localdate()
    actions = services.conference_actions(user=user, conference=conference)
    return render(
        request,
        "delegations/conference_detail.html",
        {
            "title": conference.title,
            "conference": conference,
            "topics": [Conference.SENSITIVE_TOPICS.get(t, t) for t in conference.sensitive_topics],
            "dossier_due": due_text(
                conference.dossier_due_on if conference.state == "planned" else None, today
            ),
            "report_due": due_text(
                conference.report_due_on
                if conference.state == "approved" and not conference.reported_on
                else None,
                today,
            ),
            "consultations": [
                (c, due_text(c.due_on if not c.replied_on else None, today))
                for c in conference.consultations.all()
            ],
            "actions": [(a, CONFERENCE_ACTION_LABELS[a]) for a in actions],
            "can_change": conference.state == "planned"
            and Conference.objects.visible_to(user, Action.CHANGE).filter(pk=conference.pk).exists(),
        },
    )


@login_required
@require_POST
def conference_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in services.CONFERENCE_ACTIONS:
        raise Http404()
    get_for_action(Conference, _user(request), Action.VIEW, pk=pk)
    run_action(
        request,
        ConferenceActionForm(request.POST),
        lambda d: services.conference_action(
            actor=_user(request),
            conference_id=pk,
            action=action,
            expected_version=d["version"],
            data=services.ConferenceActionInput(
                text=d["text"],
                bodies=tuple(b for b in (d["bodies"] or "").replace("\n", ";").split(";") if b.strip()),
                consultation_id=d["consultation_id"],
                decision=d["decision"],
            ),
        ),
        done=_("Đã thực hiện: %(a)s.") % {"a": CONFERENCE_ACTION_LABELS[action]},
        stale=_("Hội nghị vừa được người khác cập nhật; xem lại trang rồi thử lại."),
    )
    return redirect("delegations:conference_detail", pk=pk)
