"""Agreement pages: the register's list, the registration and edit form, the detail page, the counts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.accounts.models import User
from ngoaivu.accounts.web import signed_in
from ngoaivu.agreements import selectors, services
from ngoaivu.agreements.columns import AGREEMENT_COLUMNS
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.agreements.forms import ActivityForm, AgreementForm, FileForm, MilestoneForm
from ngoaivu.agreements.models import Agreement, AgreementEvent, AgreementFile, Milestone
from ngoaivu.agreements.views.legal import ACTION_LABELS, paper_form
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, xlsx_response
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import STALE, YES_NO, bool_param, list_page, save_form
from ngoaivu.directory import selectors as directory
from ngoaivu.directory.filters import FormerProvinceFilters, PartnerFilters

# What happened, as the history says it (not the button's verb)
EVENT_LABELS = {
    "consult": gettext_lazy("Gửi lấy ý kiến"),
    "record_opinion": gettext_lazy("Ghi nhận ý kiến"),
    "approve": gettext_lazy("Chấp thuận ký"),
    "submit_to_pm": gettext_lazy("Trình Thủ tướng"),
    "pm_decision": gettext_lazy("Ghi nhận ý kiến Thủ tướng"),
    "sign": gettext_lazy("Ghi nhận đã ký"),
    "report": gettext_lazy("Đã báo cáo Thủ tướng"),
    "start": gettext_lazy("Bắt đầu triển khai"),
    "suspend": gettext_lazy("Tạm đình chỉ"),
    "resume": gettext_lazy("Tiếp tục triển khai"),
    "terminate": gettext_lazy("Chấm dứt"),
    "decide_expiry": gettext_lazy("Quyết định khi hết hạn"),
    "create": gettext_lazy("Đăng ký"),
    "import": gettext_lazy("Nhập từ Excel"),
    "milestone_create": gettext_lazy("Thêm mốc lộ trình"),
    "milestone_update": gettext_lazy("Cập nhật mốc lộ trình"),
    "activity": gettext_lazy("Hoạt động triển khai"),
    "file_add": gettext_lazy("Tải tài liệu"),
    "expire": gettext_lazy("Hết hiệu lực"),
    "renewal_of": gettext_lazy("Ký mới thay thế cho"),
    "record_paper_opinion": gettext_lazy("Ghi nhận ý kiến từ văn bản"),
}
STATE_LABELS = dict(Agreement.State.choices)


@login_required
def agreement_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(AgreementFilters, request.GET).filters
    actions: list[dict[str, Any]] = []
    if services.may_register(user):
        actions += [
            {"url": reverse("agreements:agreement_create"), "label": _("Đăng ký thỏa thuận")},
            {"url": reverse("agreements:import"), "label": _("Nhập từ Excel")},
        ]
    here = reverse("agreements:agreement_list")
    actions += [
        {"url": f"{here}?dormant=true", "label": _("“Ngủ đông”")},
        {"url": f"{here}?expiring=90", "label": _("Sắp hết hiệu lực")},
        {"url": reverse("agreements:legal"), "label": _("Thủ tục pháp lý")},
        {"url": reverse("agreements:counts"), "label": _("Thống kê")},
    ]
    return list_page(
        request,
        title=_("Thỏa thuận quốc tế"),
        filters_schema=AgreementFilters,
        queryset=lambda f: selectors.agreement_list(user=user, filters=f),
        columns=AGREEMENT_COLUMNS,
        export_stem="thoa-thuan",
        filter_fields=[
            {
                "name": "q",
                "label": _("Tìm kiếm (có dấu hoặc không dấu)"),
                "type": "search",
                "current": filters.q,
            },
            {"name": "kind", "label": _("Loại"), "choices": _kinds(), "current": filters.kind},
            {
                "name": "province",
                "label": _("Tỉnh (hiện hành)"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "former_province",
                "label": _("Tỉnh khi ký (trước 01/07/2025)"),
                "choices": [
                    (p.code, p.name) for p in directory.former_province_list(filters=FormerProvinceFilters())
                ],
                "current": filters.former_province,
            },
            {
                "name": "country",
                "label": _("Quốc gia"),
                "choices": directory.country_code_choices(),
                "current": filters.country,
            },
            {
                "name": "field",
                "label": _("Lĩnh vực"),
                "choices": [(f.code, f.name) for f in selectors.field_list()],
                "current": filters.field,
            },
            {
                "name": "state",
                "label": _("Trạng thái"),
                "choices": Agreement.State.choices,
                "current": filters.state,
            },
            {"name": "year", "label": _("Năm ký"), "type": "number", "current": filters.year},
            {
                "name": "dormant",
                "label": _("“Ngủ đông”"),
                "choices": YES_NO,
                "current": bool_param(filters.dormant),
            },
            {
                "name": "expiring",
                "label": _("Hết hiệu lực trong"),
                "choices": [(d, _("%(n)d ngày") % {"n": d}) for d in (30, 90, 180, 365)],
                "current": filters.expiring,
            },
            *(
                [
                    {
                        "name": "partner",
                        "label": _("Đối tác"),
                        "choices": _partner_choice(user, filters.partner),
                        "current": filters.partner,
                    }
                ]
                if filters.partner
                else []
            ),
        ],
        actions=actions,
    )


def _partner_choice(user: User, pk: int) -> list[tuple[int, str]]:
    """The partner a list is filtered by (a partner page links here), by name — never its number."""
    partner = directory.partner_list(user=user, filters=PartnerFilters()).filter(pk=pk).first()
    return [(pk, f"{partner} — {partner.country.name_vi}" if partner else _("Đối tác không xem được"))]


def _kinds() -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in selectors.kind_list()]


def _input(data: dict[str, Any], state: str = "proposed") -> services.AgreementInput:
    """The service input from the form's `cleaned_data`; an edit keeps the agreement's state."""
    return input_from(
        services.AgreementInput,
        data,
        partner_ids=tuple(int(p) for p in data["partners"]),
        fields=tuple(data["cooperation_fields"]),
        state=data.get("state") or state,
    )


@login_required
def agreement_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    agreement = None
    initial: dict[str, Any] = {"visibility": Agreement.Visibility.SHARED, "state": Agreement.State.PROPOSED}
    if pk is not None:
        agreement = selectors.agreement_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            "kind": agreement.kind.code,
            "title_vi": agreement.title_vi,
            "title_foreign": agreement.title_foreign,
            "foreign_language": agreement.foreign_language,
            "province": agreement.province_as_named,
            "vn_party": agreement.vn_party,
            "country": agreement.country.iso2,
            "partners": [str(p.pk) for p in agreement.partners.all()],
            "cooperation_fields": [f.code for f in agreement.fields.all()],
            "description": agreement.description,
            "signed_on": agreement.signed_on,
            "signed_place": agreement.signed_place,
            "valid_from": agreement.valid_from,
            "valid_until": agreement.valid_until,
            "renewal_terms": agreement.renewal_terms,
            "signatories_vn": agreement.signatories_vn,
            "signatories_foreign": agreement.signatories_foreign,
            "budget": agreement.budget,
            "visibility": agreement.visibility,
            "version": agreement.version,
        }
    elif not services.may_register(user):
        raise Forbidden()
    form = AgreementForm(
        request.POST or None,
        initial=initial,
        kinds=_kinds(),
        countries=directory.country_code_choices(),
        partners=directory.partner_choices(user=user),
        fields=[(f.code, f.name) for f in selectors.field_list()],
        editing=agreement is not None,
    )

    def save(data: dict[str, Any]) -> Agreement:
        if agreement is None:
            return services.agreement_create(actor=user, data=_input(data))
        return services.agreement_update(
            actor=user,
            agreement_id=agreement.pk,
            expected_version=data["version"],
            data=_input(data, agreement.state),
        )

    saved = save_form(
        request,
        form,
        save,
        done=_("Đã đăng ký thỏa thuận.") if agreement is None else _("Đã lưu thay đổi."),
    )
    if saved.result is not None:
        return redirect(saved.result)
    title = _("Đăng ký thỏa thuận") if agreement is None else _("Sửa: %(t)s") % {"t": agreement.title_vi}
    return render(
        request,
        "agreements/agreement_form.html",
        {"title": title, "form": form, "agreement": agreement},
        status=saved.status,
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    return detail_page(request, selectors.agreement_get(user=user, pk=pk))


def detail_page(
    request: HttpRequest,
    agreement: Agreement,
    *,
    status: int = 200,
    milestone_form: MilestoneForm | None = None,
    milestone_id: int | None = None,
) -> HttpResponseBase:
    """The detail page; a milestone form the service refused comes back as typed with its message
    (`milestone_form`, for the milestone `milestone_id` or a new one) instead of a redirect that loses it."""
    user = signed_in(request)
    today = timezone.localdate()
    steps = [(s, due_text(s.due_on if s.is_open else None, today)) for s in agreement.legal_steps.all()]
    milestones = [
        _milestone_row(m, due_text(m.due_on if m.is_open else None, today), milestone_form, milestone_id)
        for m in agreement.milestones.all()
    ]
    files: dict[tuple[str, str], list[AgreementFile]] = {}
    for f in agreement.files.all():
        files.setdefault((f.get_kind_display(), f.label), []).append(f)
    new_milestone = milestone_form if milestone_form is not None and milestone_id is None else None
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "title": agreement.title_vi,
            "agreement": agreement,
            "dormancy": selectors.dormancy(agreement, today),
            "steps": steps,
            # record_opinion: only the steps addressed to the user's own organisation (the body answers itself)
            "open_consultations": [
                s
                for s, _d in steps
                if s.is_open and s.kind == "consultation" and s.body_org_id == user.scope.org_id
            ],
            "paper_form": paper_form(user, agreement, [s for s, _d in steps]),
            "milestones": milestones,
            "actions": [
                (a, ACTION_LABELS[a], confirm_question(a, agreement))
                for a in services.available_actions(user=user, agreement=agreement)
            ],
            "can_change": can(user, Action.CHANGE, agreement),
            "roadmap_open": agreement.state in (*Agreement.SIGNED_STATES, Agreement.State.SUSPENDED),
            "milestone_form": new_milestone
            or MilestoneForm(initial={"status": Milestone.Status.PLANNED, "progress": 0}),
            "milestone_form_open": new_milestone is not None,
            "milestone_statuses": Milestone.Status.choices,
            "activity_form": ActivityForm(initial={"happened_on": today}),
            "file_form": FileForm(milestones=[(m.pk, m.title) for m in agreement.milestones.all()]),
            "files": sorted(files.items()),
            "events": [
                (
                    e,
                    actor_name(e),
                    EVENT_LABELS.get(e.action, _("Cập nhật")),
                    STATE_LABELS.get(e.from_state, ""),
                    STATE_LABELS.get(e.to_state, ""),
                )
                for e in selectors.agreement_events(agreement=agreement)[:200]
            ],
            "expiry": due_text(agreement.valid_until if agreement.is_signed else None, today),
            "today": today,
        },
        status=status,
    )


def _milestone_row(
    m: Milestone, due: tuple[str, str], form: MilestoneForm | None, failed_id: int | None
) -> dict[str, Any]:
    """A roadmap row and the values of its update form: the milestone's, or what was typed when that update
    was refused (the form then opens with its messages)."""
    row: dict[str, Any] = {
        "m": m,
        "due": due,
        "status": m.status,
        "progress": m.progress,
        "evidence": m.evidence,
        "version": m.version,
        "errors": [],
        "open": False,
        "stale": False,
    }
    if form is not None and failed_id == m.pk:
        typed = form.data
        row |= dict(
            status=typed.get("status", m.status),
            progress=typed.get("progress", m.progress),
            evidence=typed.get("evidence", m.evidence),
            # the new version: saving again after reading the message overwrites knowingly
            version=m.version,
            errors=[
                f"{form.fields[name].label}: {' '.join(str(e) for e in errs)}"
                if name in form.fields
                else " ".join(str(e) for e in errs)
                for name, errs in form.errors.items()
            ],
            open=True,
            stale=any(str(e) == str(STALE) for e in form.non_field_errors()),
        )
    return row


def actor_name(event: AgreementEvent) -> str:
    """Who did it, as people read it: the user's full name, else their organisation (never the sign-in
    name), or "Hệ thống" for the periodic jobs, imports and set-up commands."""
    if event.actor is not None:
        org = event.actor.organisation
        return event.actor.full_name or (org.name_vi if org is not None else event.actor_label)
    return _("Hệ thống")


def confirm_question(action: str, agreement: Agreement) -> str:
    """The question a button that cannot be undone asks before it posts (data-confirm); empty for the others."""
    questions = {
        "terminate": _("Chấm dứt thỏa thuận “%(t)s”? Không thể hoàn tác."),
        "suspend": _("Tạm đình chỉ thỏa thuận “%(t)s”?"),
        "decide_expiry": _("Ghi quyết định khi hết hạn cho thỏa thuận “%(t)s”? Không thể hoàn tác."),
        "pm_decision": _("Ghi nhận ý kiến Thủ tướng cho thỏa thuận “%(t)s”? Không thể hoàn tác."),
        "record_opinion": _("Gửi ý kiến về thỏa thuận “%(t)s”? Không thể sửa sau khi gửi."),
    }
    question = questions.get(action)
    return question % {"t": agreement.title_vi} if question else ""


COUNT_COLUMNS = [
    Column("name", gettext_lazy("Tỉnh / quốc gia"), lambda r: r["name"]),
    Column("n", gettext_lazy("Số thỏa thuận"), lambda r: r["n"]),
]


@login_required
def counts(request: HttpRequest) -> HttpResponseBase:
    figures = selectors.agreement_counts(user=signed_in(request))
    if request.GET.get("format") == "xlsx":
        rows = [{"name": f"{r['province__name']}", "n": r["n"]} for r in figures["by_province"]]
        rows += [{"name": f"{r['country__name_vi']}", "n": r["n"]} for r in figures["by_country"]]
        return xlsx_response(
            rows, COUNT_COLUMNS, title=_("Thống kê thỏa thuận"), filename_stem="thong-ke-thoa-thuan"
        )
    years = [
        (row["year"], [row["counts"][code] for code in figures["kinds"]], row["total"])
        for row in figures["by_year"]
    ]
    return render(
        request,
        "agreements/counts.html",
        {"title": _("Thống kê thỏa thuận quốc tế"), **figures, "years": years},
    )
