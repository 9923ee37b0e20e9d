"""The delegation pages: the list and its export, the plan form with its members, the detail page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.accounts.web import signed_in
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import xlsx_response
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import YES_NO, bool_param, list_page, save_form
from ngoaivu.delegations import selectors, services
from ngoaivu.delegations.columns import DELEGATION_COLUMNS, delegation_export_columns
from ngoaivu.delegations.filters import DelegationFilters
from ngoaivu.delegations.forms import (
    MAX_MEMBER_ROWS,
    BaseMemberFormSet,
    BriefingForm,
    DelegationForm,
    FollowUpForm,
    MemberFormSet,
    PaperDecisionForm,
)
from ngoaivu.delegations.models import Delegation, FollowUpTask
from ngoaivu.delegations.views.common import ACTION_LABELS, EVENT_LABELS, confirm_question, tabs
from ngoaivu.directory import selectors as directory

STATE_LABELS = dict(Delegation.State.choices)
EDITED_FIELDS = (
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
MEMBER_FIELDS = ("full_name", "position", "unit", "is_head", "passport_type", "passport_number")


@login_required
def delegation_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(DelegationFilters, request.GET).filters
    if request.GET.get("format") == "xlsx":
        return _export(request, user, filters)
    actions = tabs(user)
    if user.scope.is_province:
        params = request.GET.copy()
        params["format"], params["personal"] = "xlsx", "1"
        params.pop("page", None)
        actions.append(
            {
                "url": f"{reverse('delegations:delegation_list')}?{params.urlencode()}",
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


def _export(request: HttpRequest, user: User, filters: DelegationFilters) -> HttpResponseBase:
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


def _delegation_input(data: dict[str, Any], members: BaseMemberFormSet) -> services.DelegationInput:
    """The plan from the form, with the member rows that name someone (empty rows and rows marked "Xóa dòng"
    are left out)."""
    return input_from(
        services.DelegationInput,
        data,
        countries=tuple(data["countries"]),
        partner_ids=tuple(int(p) for p in data["partners"]),
        members=tuple(input_from(services.MemberInput, m.cleaned_data) for m in members.kept_forms()),
    )


def _apply_member_errors(members: BaseMemberFormSet, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """`members[i].field` errors from the service go to the i-th kept row of the formset; the rest stay for the
    form."""
    rest: dict[str, list[str]] = {}
    kept = members.kept_forms()
    for key, msgs in errors.items():
        if key.startswith("members[") and "]." in key:
            index = int(key[len("members[") : key.index("]")]) - 1
            field = key.split("].", 1)[1]
            if 0 <= index < len(kept) and field in kept[index].fields:
                for msg in msgs:
                    kept[index].add_error(field, msg)
                continue
        if key == "members":
            members.add_non_form_errors(msgs)
            continue
        rest[key] = msgs
    return rest


def _one_more_row(post: QueryDict) -> QueryDict:
    """The posted form with one more member row: the "Thêm thành viên" button without JavaScript."""
    data = post.copy()
    key = "members-TOTAL_FORMS"
    try:
        total = int(data.get(key) or 0)
    except ValueError:
        total = 0
    data[key] = str(max(0, min(total + 1, MAX_MEMBER_ROWS)))
    return data


@login_required
def delegation_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    delegation = None
    initial: dict[str, Any] = {"visibility": "shared", "direction": Delegation.Direction.OUTBOUND}
    member_initial: list[dict[str, Any]] = []
    if pk is not None:
        delegation = selectors.delegation_get(user=user, pk=pk, action=Action.CHANGE)
        if delegation.state not in services.EDITABLE_STATES:
            # a form that could not be saved would only lose what is typed: say why, on the delegation's page
            messages.warning(
                request,
                _(
                    "Kế hoạch đoàn đang ở trạng thái “%(s)s” nên không sửa được. Kế hoạch chỉ sửa được khi đoàn "
                    "đang chuẩn bị hoặc đã hoãn; đoàn đã trình duyệt được sửa sau khi người duyệt trả lại để "
                    "bổ sung."
                )
                % {"s": delegation.get_state_display()},
            )
            return redirect(delegation.get_absolute_url())
        initial = {
            **{f: getattr(delegation, f) for f in EDITED_FIELDS},
            "countries": [c.iso2 for c in delegation.countries.all()],
            "partners": [str(p.pk) for p in delegation.partners.all()],
        }
        member_initial = [
            {
                **{f: getattr(m, f) for f in MEMBER_FIELDS},
                "birth_date": m.birth_date or None,
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
    adding_row = request.method == "POST" and "add_member" in request.POST
    posted = _one_more_row(request.POST) if adding_row else request.POST
    form = DelegationForm(
        posted or None,
        initial=initial,
        countries=directory.country_code_choices(foreign_only=True),
        partners=directory.partner_choices(user=user),
    )
    members = MemberFormSet(posted or None, initial=member_initial or None, prefix="members")
    if adding_row:  # without JavaScript: the same form, one more row, nothing saved yet
        form.quiet()  # shown as typed, not judged yet
        members.quiet()
        return render(
            request,
            "delegations/delegation_form.html",
            {
                "title": _form_title(delegation),
                "form": form,
                "members": members,
                "delegation": delegation,
                "focus_row": members.total_form_count(),
            },
        )

    def save(data: dict[str, Any]) -> Delegation:
        plan = _delegation_input(data, members)
        if delegation is None:
            return services.delegation_create(actor=user, data=plan)
        return services.delegation_update(
            actor=user, delegation_id=delegation.pk, expected_version=data["version"], data=plan
        )

    saved = save_form(
        request,
        form,
        save,
        done=_("Đã lập kế hoạch đoàn.") if delegation is None else _("Đã lưu thay đổi."),
        also_valid=[members],
        route_errors=lambda errors: _apply_member_errors(members, errors),
    )
    if saved.result is not None:
        return redirect(saved.result)
    return render(
        request,
        "delegations/delegation_form.html",
        {"title": _form_title(delegation), "form": form, "members": members, "delegation": delegation},
        status=saved.status,
    )


def _form_title(delegation: Delegation | None) -> str:
    return _("Lập kế hoạch đoàn") if delegation is None else _("Sửa: %(t)s") % {"t": delegation.title}


@login_required
def delegation_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
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
    writable = can(user, Action.CHANGE, delegation)
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
            "actions": [
                (a, ACTION_LABELS[a], confirm_question(a, delegation)) for a in actions if a != "report"
            ],
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
