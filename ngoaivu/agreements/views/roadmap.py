"""The roadmap after signing: milestones and implementation activities."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.web import signed_in
from ngoaivu.agreements import selectors, services
from ngoaivu.agreements.forms import ActivityForm, MilestoneForm
from ngoaivu.agreements.models import Milestone
from ngoaivu.agreements.views.agreements import detail_page
from ngoaivu.agreements.views.common import run_action_or_say
from ngoaivu.core.scoping import Action
from ngoaivu.core.web import save_form


@login_required
@require_POST
def milestone_save(request: HttpRequest, pk: int, milestone_id: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    agreement = selectors.agreement_get(user=user, pk=pk, action=Action.CHANGE)
    if (
        milestone_id is not None
        and not selectors.milestone_list(agreement=agreement).filter(pk=milestone_id).exists()
    ):
        raise Http404
    form = MilestoneForm(request.POST)

    def save(data: dict[str, Any]) -> Milestone:
        values = {k: v for k, v in data.items() if k != "version"}
        if milestone_id is None:
            return services.milestone_create(actor=user, agreement_id=pk, data=values)
        return services.milestone_update(
            actor=user,
            agreement_id=pk,
            milestone_id=milestone_id,
            expected_version=data["version"],
            data=values,
        )

    saved = save_form(
        request,
        form,
        save,
        done=_("Đã thêm mốc lộ trình.") if milestone_id is None else _("Đã cập nhật mốc lộ trình."),
    )
    if saved.ok:
        return redirect(agreement.get_absolute_url() + "#roadmap")
    # refused, invalid or stale: the page again with what was typed and why (never a redirect that drops it)
    return detail_page(
        request, agreement, status=saved.status, milestone_form=form, milestone_id=milestone_id
    )


@login_required
@require_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    agreement = selectors.agreement_get(user=user, pk=pk, action=Action.CHANGE)
    form = ActivityForm(request.POST)
    run_action_or_say(
        request,
        form,
        lambda d: services.activity_record(
            actor=user, agreement_id=pk, happened_on=d["happened_on"], text=d["text"]
        ),
        invalid=_("Ghi ngày và nội dung hoạt động."),
        done=_("Đã ghi hoạt động."),
    )
    return redirect(agreement)
