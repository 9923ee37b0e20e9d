"""Scheduled jobs of the consular app: the 1-working-day notification reminder and breach flag, and the purge
of citizens' personal data after the retention rule. Both idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.agreements.selectors import add_months, rule_for
from ngoaivu.audit import services as audit
from ngoaivu.consular.models import CaseCitizen, CitizenCase
from ngoaivu.consular.services.cases import RETENTION_RULE
from ngoaivu.consular.services.common import consular_unit, today

S = CitizenCase.Status


def remind_notifications(day: dt.date | None = None) -> dict[str, int]:
    """The handling mission's officers are nudged when a case is still not notified to the province and its due
    day is today or the next day ("soon"); once the due day has passed, the breach is flagged to the mission and
    to the consular unit ("late") — whatever the case's status (as `selectors.notify_late_q`). One notification
    per case and kind (dedupe keys)."""
    day = day or today()
    counts = {"soon": 0, "late": 0}
    cases = (
        CitizenCase.objects.system(reason="citizen case notification reminders")
        .filter(deleted_at__isnull=True, notified_on__isnull=True)
        .filter(notify_due_on__lte=day + dt.timedelta(days=1))
        .select_related("owner_org")
        .order_by("notify_due_on", "pk")
    )
    unit = consular_unit()
    unit_staff = staff_of(unit) if unit is not None else []
    for case in cases.iterator(chunk_size=500):
        late = case.notify_due_on < day
        users = [*staff_of(case.owner_org_id), *(unit_staff if late else [])]
        counts["late" if late else "soon"] += notify(
            users=users,
            kind="citizen_case_notify_due",
            title=rendered_later(
                gettext_noop("Quá hạn thông báo tỉnh: vụ việc %(r)s (hạn %(d)s)")
                if late
                else gettext_noop("Sắp đến hạn thông báo tỉnh: vụ việc %(r)s (hạn %(d)s)"),
                r=case.reference,
                d=case.notify_due_on.strftime("%d/%m/%Y"),
            ),
            url=case.get_absolute_url(),
            dedupe_key=f"citizen-case-{case.pk}-notify-{'late' if late else 'soon'}",
        )
    return counts


def purge_personal_data(day: dt.date | None = None) -> dict[str, int]:
    """Anonymise the citizens of cases closed longer ago than `citizen_personal_data_retention` (months). The
    case itself (reference, kind, country, province, summary, actions) stays: it is the official record."""
    day = day or today()
    months = rule_for(RETENTION_RULE).days
    counts = {"cases": 0, "citizens": 0}
    due = CitizenCase.objects.system(reason="personal data retention").filter(
        closed_on__isnull=False, personal_data_purged_on__isnull=True
    )
    for case in due.iterator():
        if case.closed_on is None or add_months(case.closed_on, months) > day:
            continue
        with transaction.atomic():
            n = CaseCitizen.objects.filter(case=case, anonymised_on__isnull=True).update(
                **dict.fromkeys(CaseCitizen.PERSONAL_FIELDS, ""), anonymised_on=day
            )
            CitizenCase.objects.system(reason="personal data retention").filter(pk=case.pk).update(
                personal_data_purged_on=day, updated_at=timezone.now()
            )
            audit.record(
                actor=audit.SYSTEM,
                action="citizen_case.personal_data_purge",
                target=case,
                before={"citizens_personal_data": audit.REDACTED},
                after={"citizens_personal_data": "", "citizens_anonymised": n},
            )
        counts["cases"] += 1
        counts["citizens"] += n
    return counts
