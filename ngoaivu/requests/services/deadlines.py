"""The scheduled jobs on deadlines: breach notices and escalation, 75 % reminders, closing unrated answers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation
from ngoaivu.accounts.notifications import heads_of, notify
from ngoaivu.audit import services as audit
from ngoaivu.core.selectors import working_calendar
from ngoaivu.requests.models import Event, Recipient
from ngoaivu.requests.services.events import R, S, _event, _today, _url


def escalate_overdue(*, today: dt.date | None = None) -> int:
    """Notify breaches once: the assignee and the head of the responsible unit when a deadline passes,
    then the ministry's heads after `NGOAIVU_ESCALATION_DAYS` more working days."""
    from ngoaivu.audit.services import SYSTEM

    today = today or _today()
    cal = working_calendar()
    delay = settings.NGOAIVU_ESCALATION_DAYS
    mofa_heads = heads_of(Organisation.objects.filter(code="mofa").first())
    sent = 0
    parts = (
        Recipient.objects.system(reason="deadline escalation")
        .filter(status__in=[R.NEW, R.ACKNOWLEDGED, R.ASSIGNED, R.REOPENED], request__status=S.SENT)
        .select_related("request", "organisation", "assignee")
    )
    for part in parts.filter(answer_due__lt=today) | parts.filter(
        ack_due__lt=today, acknowledged_on__isnull=True
    ):
        late_ack = part.acknowledged_on is None and part.ack_due < today
        due = part.ack_due if late_ack and part.answer_due >= today else part.answer_due
        kind = "ack" if due == part.ack_due and late_ack else "answer"
        req = part.request
        with transaction.atomic():

            def title(
                kind: str = kind, number: str | None = req.number, unit: str = part.organisation.name_vi
            ) -> str:
                return _("Quá hạn %(k)s: %(n)s (%(o)s)") % {
                    "k": _("xác nhận") if kind == "ack" else _("trả lời"),
                    "n": number,
                    "o": unit,
                }

            sent += notify(
                users=[*heads_of(part.organisation_id), part.assignee],
                kind="request.breach",
                title=title,
                url=_url(req),
                dedupe_key=f"req:{req.pk}:breach:{part.pk}:{kind}:{due.isoformat()}:1",
            )
            if cal.working_days_between(due, today) >= delay:
                sent += notify(
                    users=mofa_heads,
                    kind="request.escalated",
                    title=title,
                    url=_url(req),
                    dedupe_key=f"req:{req.pk}:breach:{part.pk}:{kind}:{due.isoformat()}:2",
                )
                if not Event.objects.filter(request=req, recipient=part, action=f"escalate_{kind}").exists():
                    with translation.override(settings.LANGUAGE_CODE):
                        _event(req, SYSTEM, f"escalate_{kind}", recipient=part, text=title())
    return sent


def remind_and_autoclose(*, today: dt.date | None = None) -> dict[str, int]:
    """Reminders at 75 % of the answer period (once per part), and answered parts the province has not rated
    within the category's rating period closed as unrated (DOMAIN.md §4)."""
    from ngoaivu.audit.services import SYSTEM

    today = today or _today()
    cal = working_calendar()
    reminded = closed = 0
    open_parts = (
        Recipient.objects.system(reason="75% reminders")
        .filter(
            status__in=[R.NEW, R.ACKNOWLEDGED, R.ASSIGNED, R.REOPENED],
            request__status=S.SENT,
            answer_due__gte=today,
        )
        .select_related("request__category", "organisation", "assignee")
    )
    for part in open_parts:
        period = max(1, cal.working_days_between(part.received_on, part.answer_due))
        used = cal.working_days_between(part.received_on, today) - part.paused_working_days
        if used * 4 >= period * 3:

            def reminder_title(
                number: str | None = part.request.number, due: dt.date = part.answer_due
            ) -> str:
                return _("Sắp đến hạn trả lời %(n)s (%(d)s)") % {"n": number, "d": due.strftime("%d/%m/%Y")}

            reminded += notify(
                users=[part.assignee, *heads_of(part.organisation_id)],
                kind="request.reminder",
                url=_url(part.request),
                title=reminder_title,
                dedupe_key=f"req:{part.request_id}:remind75:{part.pk}:{part.answer_due.isoformat()}",
            )
    answered = (
        Recipient.objects.system(reason="close unrated answers")
        .filter(status=R.ANSWERED, answered_on__isnull=False, request__status=S.SENT)
        .select_related("request__category")
    )
    for part in answered:
        assert part.answered_on is not None
        if cal.working_days_between(part.answered_on, today) > part.request.category.rating_days:
            with transaction.atomic():
                Recipient.objects.filter(pk=part.pk, status=R.ANSWERED).update(
                    status=R.CLOSED, updated_at=timezone.now()
                )
                _event(
                    part.request,
                    SYSTEM,
                    "autoclose_unrated",
                    recipient=part,
                    from_status=R.ANSWERED,
                    to_status=R.CLOSED,
                    text=_("Tự động đóng: quá hạn đánh giá"),
                )
                audit.record(
                    actor=SYSTEM,
                    action="request.autoclose_unrated",
                    target=part,
                    before={"status": R.ANSWERED},
                    after={"status": R.CLOSED},
                    verb="action",
                    target_org_id=part.request.owner_org_id,
                )
            closed += 1
    return {"reminded": reminded, "closed_unrated": closed}
