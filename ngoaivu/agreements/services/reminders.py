"""The periodic reminder job: legal steps near or past their deadline, milestones, dormant agreements, expiry
warnings, and marking agreements past their end date as expired."""

from __future__ import annotations

import datetime as dt
import functools

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.notifications import heads_of, notify, rendered_later, staff_of
from ngoaivu.agreements import selectors
from ngoaivu.agreements.models import Agreement, DeadlineRule, LegalStep, Milestone
from ngoaivu.agreements.services.common import record_event
from ngoaivu.audit import services as audit
from ngoaivu.core.versioning import save_versioned

A = Agreement.State


def _owners(agreement: Agreement) -> list[User]:
    users = heads_of(agreement.owner_org_id)
    if agreement.created_by_id:
        users += list(User.objects.filter(pk=agreement.created_by_id, is_active=True))
    return users


def remind_agreements(today: dt.date | None = None) -> dict[str, int]:
    """Idempotent (every notification has a dedupe key): legal steps near or past their deadline, overdue and
    upcoming milestones, dormant agreements (once a month), expiry at 90/60/30/7 days; agreements past their end
    date with no extension are marked expired."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(("legal_steps", "milestones", "dormant", "expiry", "expired"), 0)
    live = Agreement.objects.system(reason="agreement reminders").filter(deleted_at__isnull=True)
    for step in selectors.legal_steps_due(before=today + dt.timedelta(days=2)):
        agreement = step.agreement
        late = step.due_on < today
        users = staff_of(agreement.owner_org_id) + staff_of(step.body_org_id)
        if late and step.kind == LegalStep.Kind.POST_SIGNING_REPORT:
            users += staff_of(
                Organisation.objects.filter(kind=Organisation.Kind.MOFA).values_list("pk", flat=True).first()
            )
        counts["legal_steps"] += notify(
            users=users,
            kind="agreement.legal_step",
            title=rendered_later(
                gettext_noop("Quá hạn: %(k)s — %(t)s (hạn %(d)s)")
                if late
                else gettext_noop("Sắp đến hạn: %(k)s — %(t)s (hạn %(d)s)"),
                k=step.get_kind_display,
                t=agreement.title_vi,
                d=step.due_on.strftime("%d/%m/%Y"),
            ),
            url=agreement.get_absolute_url(),
            dedupe_key=f"agr:{agreement.pk}:step:{step.pk}:{'late' if late else 'soon'}",
        )
    ahead = selectors.rule_for(DeadlineRule.Key.MILESTONE_REMINDER).days
    milestones = Milestone.objects.filter(
        agreement__in=live.filter(state__in=(*Agreement.SIGNED_STATES,)).values("pk"),
        status__in=Milestone.OPEN,
        due_on__lte=today + dt.timedelta(days=ahead),
    ).select_related("agreement")
    for m in milestones:
        late = m.due_on < today
        counts["milestones"] += notify(
            users=_owners(m.agreement),
            kind="agreement.milestone",
            title=rendered_later(
                gettext_noop("Mốc lộ trình quá hạn: %(m)s — %(t)s")
                if late
                else gettext_noop("Mốc lộ trình sắp đến hạn: %(m)s — %(t)s"),
                m=m.title,
                t=m.agreement.title_vi,
            ),
            url=m.agreement.get_absolute_url(),
            dedupe_key=f"agr:{m.agreement_id}:ms:{m.pk}:{m.due_on.isoformat()}:{'late' if late else 'soon'}",
        )
    for agreement in selectors.with_dormancy(live.filter(selectors.dormant_q(today)), today):
        counts["dormant"] += notify(
            users=_owners(agreement),
            kind="agreement.dormant",
            title=rendered_later(
                gettext_noop("Thỏa thuận “ngủ đông”: %(t)s — %(r)s"),
                t=agreement.title_vi,
                r=functools.partial(_dormant_reason, agreement, today),
            ),
            url=agreement.get_absolute_url(),
            dedupe_key=f"agr:{agreement.pk}:dormant:{today:%Y-%m}",
        )
    reminders = selectors.rule_for(DeadlineRule.Key.EXPIRY_REMINDERS).reminder_list()
    if reminders:
        horizon = today + dt.timedelta(days=max(reminders))
        expiring = live.filter(
            state__in=(*Agreement.SIGNED_STATES, A.SUSPENDED),
            valid_until__gte=today,
            valid_until__lte=horizon,
        ).exclude(expiry_decision=Agreement.ExpiryDecision.LAPSE)
        for agreement in expiring:
            until = agreement.valid_until
            if until is None:  # never: the filter above asks for an end date
                continue
            left = (until - today).days
            threshold = min(d for d in reminders if d >= left)
            counts["expiry"] += notify(
                users=_owners(agreement),
                kind="agreement.expiry",
                title=rendered_later(
                    gettext_noop("Thỏa thuận hết hiệu lực sau %(n)d ngày: %(t)s"),
                    n=left,
                    t=agreement.title_vi,
                ),
                url=agreement.get_absolute_url(),
                dedupe_key=f"agr:{agreement.pk}:expiry:{until.isoformat()}:{threshold}",
            )
    ended = live.filter(state__in=(*Agreement.SIGNED_STATES, A.SUSPENDED), valid_until__lt=today)
    for pk in list(ended.values_list("pk", flat=True)):
        with transaction.atomic():
            ending = ended.select_for_update().filter(pk=pk).first()
            if ending is None:
                continue
            before = audit.snapshot(ending)
            from_state = ending.state
            ending.state = A.EXPIRED
            save_versioned(ending, None)
            record_event(ending, audit.SYSTEM, "expire", from_state=from_state, on=today)
            audit.record(
                actor=audit.SYSTEM,
                action="agreement.expire",
                target=ending,
                before=before,
                after=audit.snapshot(ending),
            )
            counts["expired"] += 1
    return counts


def _dormant_reason(agreement: Agreement, today: dt.date) -> str:
    return selectors.dormancy(agreement, today).reason
