"""Who approves: an organisation's approval chain and the deputies a head names for an absence."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.models import User
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.web import int_or_none, save_form
from ngoaivu.delegations import selectors, services
from ngoaivu.delegations.forms import ChainStepForm, DeputyForm
from ngoaivu.delegations.models import ApprovalStepRule


def _colleagues(user: User) -> list[tuple[int, str]]:
    if not user.scope.org_id:
        return []
    found = User.objects.filter(organisation_id=user.scope.org_id, is_active=True).order_by("username")
    return [(u.pk, f"{u.full_name or u.username} ({u.username})") for u in found]


def int_or_404(raw: str) -> int:
    value = int_or_none(raw)
    if value is None:
        raise Http404()
    return value


@login_required
def deputies(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    if not user.scope.active:
        raise Forbidden()
    colleagues = [(pk, name) for pk, name in _colleagues(user) if pk != user.pk]
    form = DeputyForm(request.POST or None, colleagues=colleagues)
    saved = save_form(
        request,
        form,
        lambda d: services.deputy_create(
            actor=user, deputy_id=d["deputy"], starts_on=d["starts_on"], ends_on=d["ends_on"]
        ),
        done=_("Đã ủy quyền duyệt."),
    )
    if saved.ok:
        return redirect("delegations:deputies")
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
        status=saved.status,
    )


@login_required
@require_POST
def deputy_revoke(request: HttpRequest, deputy_id: int) -> HttpResponseBase:
    services.deputy_revoke(actor=signed_in(request), deputy_row_id=deputy_id)
    messages.success(request, _("Đã thu hồi ủy quyền."))
    return redirect("delegations:deputies")


@login_required
def approval_chain(request: HttpRequest) -> HttpResponseBase:
    """The organisation's approval chain: read by everyone in it, edited by its administrators."""
    user = signed_in(request)
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

        def add(d: dict[str, Any]) -> ApprovalStepRule:
            return services.chain_step_create(
                actor=user, data=input_from(services.ChainStepInput, d, approver_id=d["approver"])
            )

        saved = save_form(request, form, add, done=_("Đã thêm bước duyệt."))
        if saved.ok:
            return redirect("delegations:approval_chain")
        status = saved.status
    rows, own = selectors.chain_rows(user=user)
    return render(
        request,
        "delegations/approval_chain.html",
        {"title": _("Quy trình duyệt đoàn"), "rows": rows, "own": own, "form": form},
        status=status,
    )
