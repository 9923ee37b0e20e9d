"""The delegations part of the home page's work list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language

from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import stamped
from ngoaivu.core.scoping import Action
from ngoaivu.delegations.models import (
    Conference,
    Delegation,
    FollowUpTask,
)
from ngoaivu.delegations.selectors.deadlines import _today


def work_counts(*, user: Actor, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The delegations part of the home work list (DOMAIN.md §10); each count links to the list behind it.
    Remembered while delegations, follow-up tasks and conferences are unchanged."""
    today = today or _today()
    delegations = Delegation.objects.visible_to(user, Action.VIEW)
    return stamped(
        "home:delegations",
        [
            delegations,
            FollowUpTask.objects.filter(delegation_id__in=delegations.values("pk")),
            Conference.objects.visible_to(user, Action.VIEW),
        ],
        lambda: _work_counts(user, today),
        today,
        get_language(),
    )


def _work_counts(user: Actor, today: dt.date) -> list[dict[str, Any]]:
    from django.utils.translation import gettext as _

    delegations = Delegation.objects.visible_to(user, Action.VIEW)
    month_end = today + dt.timedelta(days=30)
    delegations_url = reverse("delegations:delegation_list")
    upcoming = delegations.filter(
        state__in=[Delegation.State.APPROVED, Delegation.State.MISSION_NOTIFIED],
        departs_on__gte=today,
        departs_on__lte=month_end,
    )
    follow_ups = FollowUpTask.objects.filter(
        delegation_id__in=delegations.values("pk"), status=FollowUpTask.Status.OPEN, due_on__lt=today
    )
    dossiers = Conference.objects.visible_to(user, Action.VIEW).filter(
        state=Conference.State.PLANNED, dossier_due_on__lte=today + dt.timedelta(days=14)
    )
    return [
        {
            "label": _("đoàn đang chờ duyệt"),
            "n": delegations.filter(state=Delegation.State.SUBMITTED).count(),
            "url": f"{delegations_url}?state=submitted",
        },
        {
            "label": _("đoàn quá hạn báo cáo kết quả"),
            "n": delegations.filter(
                reported_on__isnull=True, state__in=Delegation.APPROVED_STATES, report_due_on__lt=today
            ).count(),
            "url": f"{delegations_url}?report_missing=true",
        },
        {
            "label": _("việc sau chuyến đi quá hạn"),
            "n": follow_ups.count(),
            "url": f"{delegations_url}?follow_up_overdue=true",
        },
        {
            "label": _("đoàn khởi hành trong 30 ngày tới"),
            "n": upcoming.count(),
            "url": f"{delegations_url}?date_from={today.isoformat()}&date_to={month_end.isoformat()}",
        },
        {
            "label": _("hồ sơ hội nghị quốc tế đến hạn trình trong 14 ngày hoặc quá hạn"),
            "n": dossiers.count(),
            "url": f"{reverse('delegations:conference_list')}?state=planned&sort=dossier_due",
        },
    ]
