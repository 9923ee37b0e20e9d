"""Scheduled jobs: trips move to ongoing and returned by their dates, reminders of reports, follow-up tasks and
conference dossiers, and the purge of members' personal data."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.agreements.models import DeadlineRule
from ngoaivu.agreements.selectors import rule_for
from ngoaivu.audit import services as audit
from ngoaivu.core.versioning import save_versioned
from ngoaivu.delegations import selectors
from ngoaivu.delegations.models import (
    Conference,
    Delegation,
    FollowUpTask,
    Member,
)
from ngoaivu.delegations.services._common import C, D, _event, _today


def remind_delegations(today: dt.date | None = None) -> dict[str, int]:
    """Idempotent hourly job: moves approved delegations to "ongoing" and "returned" by their dates; reminds
    reports due within 2 days or overdue, follow-up tasks due within the configured days or overdue,
    conference dossiers due within 7 days and conference reports overdue. Each reminder once (dedupe keys)."""
    today = today or _today()
    counts = {
        "ongoing": 0,
        "returned": 0,
        "report_reminders": 0,
        "follow_up_reminders": 0,
        "conference_reminders": 0,
    }
    delegations = Delegation.objects.system(reason="delegation reminders").filter(deleted_at__isnull=True)
    for d in delegations.filter(
        state__in=[D.APPROVED, D.MISSION_NOTIFIED, D.ONGOING], departs_on__lte=today
    ).select_related("province"):
        before = audit.snapshot(d)
        new = D.RETURNED if d.returns_on < today else D.ONGOING
        if new == d.state:
            continue
        from_state, d.state = d.state, new
        save_versioned(d, None)
        _event(d, audit.SYSTEM, "trip", from_state=from_state)
        audit.record(
            actor=audit.SYSTEM, action="delegation.trip", target=d, before=before, after=audit.snapshot(d)
        )
        counts["ongoing" if new == D.ONGOING else "returned"] += 1
    for d in delegations.filter(
        state__in=Delegation.APPROVED_STATES,
        reported_on__isnull=True,
        report_due_on__lte=today + dt.timedelta(days=2),
    ):
        assert d.report_due_on is not None
        late = d.report_due_on < today
        counts["report_reminders"] += notify(
            users=staff_of(d.owner_org_id),
            kind="delegation_report",
            title=rendered_later(
                gettext_noop("Quá hạn báo cáo kết quả đoàn: %(t)s (hạn %(d)s)")
                if late
                else gettext_noop("Sắp đến hạn báo cáo kết quả đoàn: %(t)s (hạn %(d)s)"),
                t=d.title,
                d=d.report_due_on.strftime("%d/%m/%Y"),
            ),
            url=d.get_absolute_url(),
            dedupe_key=f"delegation-report-{d.pk}-{'late' if late else 'soon'}",
        )
    rule = rule_for(DeadlineRule.Key.FOLLOW_UP_REMINDER)
    for t in FollowUpTask.objects.filter(
        delegation__in=delegations,
        status=FollowUpTask.Status.OPEN,
        due_on__lte=today + dt.timedelta(days=rule.days),
    ).select_related("delegation"):
        late = t.due_on < today
        counts["follow_up_reminders"] += notify(
            users=staff_of(t.delegation.owner_org_id),
            kind="delegation_follow_up",
            title=rendered_later(
                gettext_noop("Quá hạn việc sau chuyến đi: %(t)s (hạn %(d)s)")
                if late
                else gettext_noop("Sắp đến hạn việc sau chuyến đi: %(t)s (hạn %(d)s)"),
                t=t.title,
                d=t.due_on.strftime("%d/%m/%Y"),
            ),
            url=f"{t.delegation.get_absolute_url()}#follow-ups",
            dedupe_key=f"follow-up-{t.pk}-{t.due_on.isoformat()}-{'late' if late else 'soon'}",
        )
    conferences = Conference.objects.system(reason="conference reminders").filter(deleted_at__isnull=True)
    for c in conferences.filter(state=C.PLANNED, dossier_due_on__range=(today, today + dt.timedelta(days=7))):
        counts["conference_reminders"] += notify(
            users=staff_of(c.owner_org_id),
            kind="conference_dossier",
            title=rendered_later(
                gettext_noop("Hạn trình hồ sơ hội nghị %(t)s: %(d)s"),
                t=c.title,
                d=c.dossier_due_on.strftime("%d/%m/%Y"),
            ),
            url=c.get_absolute_url(),
            dedupe_key=f"conference-dossier-{c.pk}-{c.dossier_due_on.isoformat()}",
        )
    for c in conferences.filter(state=C.APPROVED, reported_on__isnull=True, report_due_on__lt=today):
        counts["conference_reminders"] += notify(
            users=staff_of(c.owner_org_id),
            kind="conference_report",
            title=rendered_later(gettext_noop("Quá hạn báo cáo kết quả hội nghị: %(t)s"), t=c.title),
            url=c.get_absolute_url(),
            dedupe_key=f"conference-report-{c.pk}",
        )
    return counts


def purge_personal_data(today: dt.date | None = None) -> dict[str, int]:
    """Anonymise members' personal data (birth date, passport) of trips that ended longer ago than the
    retention rule (default 24 months). Names and positions stay: they are part of the official record."""
    today = today or _today()
    cutoff = selectors.retention_cutoff(today)
    counts = {"delegations": 0, "members": 0}
    due = Delegation.objects.system(reason="personal data retention").filter(
        returns_on__lt=cutoff, personal_data_purged_on__isnull=True
    )
    for delegation in due.iterator():
        with transaction.atomic():
            members = Member.objects.filter(delegation=delegation, anonymised_on__isnull=True)
            n = members.update(
                birth_date="",
                passport_number="",
                passport_expiry="",
                passport_flag=False,
                anonymised_on=today,
            )
            Delegation.objects.system(reason="personal data retention").filter(pk=delegation.pk).update(
                personal_data_purged_on=today, updated_at=timezone.now()
            )
            audit.record(
                actor=audit.SYSTEM,
                action="delegation.personal_data_purge",
                target=delegation,
                before={"members_personal_data": audit.REDACTED},
                after={"members_personal_data": "", "members_anonymised": n},
            )
        counts["delegations"] += 1
        counts["members"] += n
    return counts
