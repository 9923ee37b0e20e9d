"""The legal steps: workflow buttons, answers recorded from paper, the ministry's overview, the deadline rules."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ngoaivu.accounts.models import User
from ngoaivu.accounts.web import signed_in
from ngoaivu.agreements import selectors, services
from ngoaivu.agreements.forms import ActionForm, PaperOpinionForm, RuleForm
from ngoaivu.agreements.models import Agreement, DeadlineRule, LegalStep
from ngoaivu.core.calendar import due_text
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.scoping import Action
from ngoaivu.core.text import split_items
from ngoaivu.core.web import int_or_none, run_action
from ngoaivu.directory import selectors as directory

ACTION_LABELS = services.ACTION_LABELS  # the buttons: verbs, in the "action" context


@login_required
@require_POST
def agreement_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in services.ALL_ACTIONS:
        raise Http404()
    user = signed_in(request)
    run_action(
        request,
        ActionForm(request.POST),
        lambda d: services.agreement_action(
            actor=user,
            agreement_id=pk,
            action=action,
            expected_version=d["version"],
            data=input_from(
                services.ActionInput,
                d,
                bodies=split_items(d["bodies"]),
            ),
        ),
        done=_("Đã thực hiện: %(a)s.") % {"a": ACTION_LABELS[action]},
    )
    return redirect("agreements:agreement_detail", pk=pk)


def paper_form(user: User, agreement: Agreement, steps: list[LegalStep]) -> PaperOpinionForm | None:
    """The owner's form for an answer that came on paper, while consultations wait."""
    scope = user.scope
    waiting = [(s.pk, s.body) for s in steps if s.is_open and s.kind == "consultation"]
    owner = scope.can_write and (scope.is_site_admin or agreement.owner_org_id == scope.org_id)
    if not (owner and waiting and agreement.state == Agreement.State.IN_CONSULTATION):
        return None
    return PaperOpinionForm(initial={"version": agreement.version}, steps=waiting)


@login_required
@require_POST
def paper_opinion(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    agreement = selectors.agreement_get(user=user, pk=pk, action=Action.CHANGE)
    if not (user.scope.is_site_admin or agreement.owner_org_id == user.scope.org_id):
        raise Forbidden()
    steps = [(s.pk, s.body) for s in agreement.legal_steps.all() if s.is_open and s.kind == "consultation"]
    run_action(
        request,
        PaperOpinionForm(request.POST, request.FILES, steps=steps),
        lambda d: services.opinion_record_from_paper(
            actor=user,
            agreement_id=pk,
            expected_version=d["version"],
            data=input_from(services.PaperOpinionInput, d),
            upload=d["file"],
        ),
        done=_("Đã ghi nhận ý kiến từ văn bản."),
    )
    return redirect(agreement)


@login_required
def legal_overview(request: HttpRequest) -> HttpResponseBase:
    """Pending consultations and overdue post-signing reports, by province (the ministry's view)."""
    user = signed_in(request)
    today = timezone.localdate()
    found = selectors.overdue_steps(user=user, today=today)
    return render(
        request,
        "agreements/legal.html",
        {
            "title": _("Thủ tục pháp lý: lấy ý kiến và báo cáo sau ký"),
            "consultations": [(s, due_text(s.due_on, today)) for s in found["consultations"]],
            "reports_overdue": [(s, due_text(s.due_on, today)) for s in found["reports_overdue"]],
        },
    )


# how sure a rule's source is (data/rules.csv "status"), as the rules page says it
RULE_STATUSES = {
    "confirmed": gettext_lazy("đã đối chiếu văn bản"),
    "project default": gettext_lazy("mặc định của dự án"),
    "to verify": gettext_lazy("cần kiểm tra lại"),
    "secondary source": gettext_lazy("theo nguồn thứ cấp"),
}


def _rule_status(rule: DeadlineRule) -> str:
    """How sure the rule's source is, in words; nothing when the source already says it."""
    status = str(RULE_STATUSES.get(rule.status, rule.status))
    return "" if status.casefold() == rule.source.casefold() else status


@login_required
def rules(request: HttpRequest) -> HttpResponseBase:
    """Deadline rules: everyone reads them; site administrators change them (a province code overrides)."""
    user = signed_in(request)
    if request.method == "POST":
        run_action(
            request,
            RuleForm(request.POST),
            lambda d: services.rule_update(
                actor=user,
                key=d["key"],
                province_code=d["province_code"],
                days=int_or_none(d["days"]),
                reminder_days=d["reminder_days"],
            ),
            done=_("Đã lưu. Quy tắc mới áp dụng cho các thời hạn tính từ nay."),
        )
        return redirect("agreements:rules")
    provinces = dict(directory.province_code_choices())
    return render(
        request,
        "agreements/rules.html",
        {
            "title": _("Quy tắc thời hạn về thỏa thuận"),
            "rules": [
                (r, provinces.get(r.province_code, r.province_code), _rule_status(r))
                for r in selectors.rule_list()
            ],
            "keys": DeadlineRule.Key.choices,
            "provinces": list(provinces.items()),
            "can_edit": user.scope.is_site_admin,
        },
    )
