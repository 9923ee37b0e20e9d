"""A delegation's workflow buttons: the approval steps' actions, a leader's decision recorded from paper and its
scan, the host mission's briefing notes, the follow-up tasks after the trip."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.web import run_action
from ngoaivu.delegations import selectors, services
from ngoaivu.delegations.forms import ActionForm, BriefingForm, FollowUpForm, PaperDecisionForm
from ngoaivu.delegations.models import Delegation
from ngoaivu.delegations.views.common import ACTION_LABELS


@login_required
@require_POST
def delegation_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in services.ALL_ACTIONS:
        raise Http404()
    user = signed_in(request)
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
            data=input_from(services.DelegationActionInput, d, agreement_ids=tuple(d["agreements"])),
        ),
        done=_("Đã thực hiện: %(a)s.") % {"a": ACTION_LABELS[action]},
    )
    return redirect("delegations:delegation_detail", pk=pk)


@login_required
@require_POST
def record_decision(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Records the paper decision of the current step (Chủ tịch UBND tỉnh, Ban Thường vụ Tỉnh ủy)."""
    user = signed_in(request)
    delegation = get_for_action(Delegation, user, Action.VIEW, pk=pk)
    if not (user.scope.can_write and user.scope.org_id == delegation.owner_org_id):
        raise Forbidden()
    run_action(
        request,
        PaperDecisionForm(request.POST, request.FILES),
        lambda d: services.delegation_record_decision(
            actor=user,
            delegation_id=pk,
            expected_version=d["version"],
            data=input_from(services.PaperDecisionInput, d),
            upload=d["file"],
        ),
        done=_("Đã ghi nhận quyết định của lãnh đạo."),
    )
    return redirect("delegations:delegation_detail", pk=pk)


@login_required
def decision_file(request: HttpRequest, pk: int, step_id: int) -> HttpResponseBase:
    """The scanned decision behind a step recorded from paper: for whoever reads the delegation's details (another
    province sees a shared delegation as a summary only, so the scan answers 404 to it like a missing file)."""
    user = signed_in(request)
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
    user = signed_in(request)
    get_for_action(Delegation, user, Action.VIEW, pk=pk)
    form = BriefingForm(request.POST)
    if not form.is_valid():  # one message for the two fields rather than run_action's one per field
        messages.error(request, _("Chọn loại ghi chú và ghi nội dung."))
        return redirect("delegations:delegation_detail", pk=pk)
    run_action(
        request,
        form,
        lambda d: services.briefing_add(actor=user, delegation_id=pk, kind=d["kind"], text=d["text"]),
        done=_("Đã gửi ghi chú cho đoàn."),
    )
    return redirect("delegations:delegation_detail", pk=pk)


@login_required
@require_POST
def follow_up_save(request: HttpRequest, pk: int, task_id: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    delegation = get_for_action(Delegation, user, Action.CHANGE, pk=pk)
    if task_id is not None and not delegation.follow_ups.filter(pk=task_id).exists():
        raise Http404()
    run_action(
        request,
        FollowUpForm(request.POST, agreements=selectors.agreement_choices(user=user, delegation=delegation)),
        lambda d: services.follow_up_save(
            actor=user,
            delegation_id=pk,
            task_id=task_id,
            data=input_from(services.FollowUpInput, d, agreement_id=d["agreement"]),
        ),
        done=_("Đã lưu việc cần làm."),
    )
    return redirect(delegation.get_absolute_url() + "#follow-ups")
