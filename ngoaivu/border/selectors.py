"""Reads of the border app; everything starts from `visible_to`. Also the app's part of the shared calendar
(`CALENDAR_FEED`: meetings, and the due dates of open commitments for those whose work they are)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.border.filters import CommitmentFilters, MechanismFilters, MeetingFilters
from ngoaivu.border.models import BorderFile, BorderMechanism, BorderMeeting, Commitment, ForeignMember
from ngoaivu.core.actors import Actor
from ngoaivu.core.agenda import CalendarEntry, CalendarFeed
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action

MECHANISM_SORTS = {
    "name": ("name_vi",),
    "kind": ("kind", "name_vi"),
    "founded": ("founded_on",),
    "status": ("status", "name_vi"),
}
MEETING_SORTS = {"starts": ("starts_on",), "title": ("title",), "status": ("status", "-starts_on")}
COMMITMENT_SORTS = {"due": ("due_on",), "status": ("status", "due_on"), "meeting": ("meeting__starts_on",)}
CHOICES_LIMIT = 500


def _today() -> dt.date:
    return timezone.localdate()


def open_count_subquery(field: str, overdue: bool) -> Subquery:
    today = _today()
    q = Q(status=Commitment.Status.OPEN, **{field: OuterRef("pk")})
    if overdue:
        q &= Q(due_on__lt=today)
    return Subquery(
        Commitment.objects.filter(q).order_by().values(field).annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


# --- mechanisms -----------------------------------------------------------------------------------------------


def mechanism_list(
    *, user: Actor, filters: MechanismFilters, action: Action = Action.VIEW
) -> QuerySet[BorderMechanism]:
    """The mechanisms a user may see, filtered; each row carries `meeting_count` and `last_meeting_on`."""
    qs = BorderMechanism.objects.visible_to(user, action).filter(filters.get_filter_expression())
    # counted per visible mechanism (the outer query): a mechanism's reader reads its meetings
    meetings = BorderMeeting.objects.system(reason="meetings of visible mechanisms").filter(
        mechanism_id=OuterRef("pk"), deleted_at__isnull=True
    )
    qs = qs.annotate(
        meeting_count=Coalesce(
            Subquery(
                meetings.order_by().values("mechanism_id").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        last_meeting_on=Subquery(
            meetings.exclude(status=BorderMeeting.Status.CANCELLED)
            .order_by("-starts_on")
            .values("starts_on")[:1]
        ),
    )
    qs = qs.select_related("owner_org").prefetch_related("countries", "provinces")
    return order(qs, filters.sort, MECHANISM_SORTS, default="name")


def mechanism_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> BorderMechanism:
    """One mechanism with what its page and the API's detail show; linked agreements only those the user may
    also see in the register (`linked_agreements`)."""
    from ngoaivu.agreements.models import Agreement

    found = get_for_action(BorderMechanism, user, action, pk=pk)
    visible_agreements = Agreement.objects.visible_to(user, Action.VIEW).select_related("kind", "country")
    return (
        BorderMechanism.objects.visible_to(user, Action.VIEW)
        .select_related("owner_org")
        .prefetch_related(
            "countries",
            "provinces",
            "former_provinces",
            Prefetch("foreign_members", queryset=ForeignMember.objects.select_related("country", "partner")),
            Prefetch("agreements", queryset=visible_agreements, to_attr="linked_agreements"),
            Prefetch("files", queryset=BorderFile.objects.filter(meeting__isnull=True)),
        )
        .get(pk=found.pk)
    )


def mechanism_meetings(*, user: Actor, mechanism: BorderMechanism) -> QuerySet[BorderMeeting]:
    return (
        BorderMeeting.objects.visible_to(user, Action.VIEW)
        .filter(mechanism_id=mechanism.pk)
        .annotate(
            open_count=Coalesce(open_count_subquery("meeting_id", False), 0),
            overdue_count=Coalesce(open_count_subquery("meeting_id", True), 0),
        )
        .order_by("-starts_on", "-pk")
    )


def agreement_choices(*, user: Actor, linked: list[int] | tuple[int, ...] = ()) -> list[tuple[int, str]]:
    """Agreements the user may see in the register (national-level border agreements first: those of the
    ministry), newest first, plus those already linked."""
    from ngoaivu.agreements.models import Agreement

    visible = Agreement.objects.visible_to(user, Action.VIEW)
    fields = ("pk", "title_vi", "signed_on")
    rows = list(visible.order_by("-signed_on", "-pk").values_list(*fields)[:CHOICES_LIMIT])
    wanted = set(linked) - {pk for pk, _t, _s in rows}
    if wanted:
        rows.extend(visible.filter(pk__in=wanted).values_list(*fields))
    return [(pk, f"{t} ({s:%d/%m/%Y})" if s else t) for pk, t, s in rows]


def partner_choices(*, user: Actor) -> list[tuple[int, str]]:
    """Foreign localities of the directory the user may see, to link as foreign members."""
    from ngoaivu.directory.models import Partner

    rows = (
        Partner.objects.visible_to(user, Action.VIEW)
        .filter(kind=Partner.Kind.LOCALITY)
        .order_by("sort_key", "pk")
        .values_list("pk", "name", "name_vi", "country__name_vi")[:CHOICES_LIMIT]
    )
    return [(pk, f"{vi or name} ({country})") for pk, name, vi, country in rows]


# --- meetings -------------------------------------------------------------------------------------------------


def meeting_list(
    *, user: Actor, filters: MeetingFilters, action: Action = Action.VIEW
) -> QuerySet[BorderMeeting]:
    qs = BorderMeeting.objects.visible_to(user, action).filter(filters.get_filter_expression())
    qs = qs.annotate(
        open_count=Coalesce(open_count_subquery("meeting_id", False), 0),
        overdue_count=Coalesce(open_count_subquery("meeting_id", True), 0),
    ).select_related("mechanism")
    if filters.mine:
        qs = qs.filter(owner_org_id=user.scope.org_id or 0)
    return order(qs, filters.sort, MEETING_SORTS, default="-starts")


def mechanism_choices(*, user: Actor) -> list[tuple[int, str]]:
    """The mechanisms the user may see, by name, for the meetings filter (bounded)."""
    qs = BorderMechanism.objects.visible_to(user, Action.VIEW).order_by("name_vi", "pk")
    return list(qs.values_list("pk", "name_vi")[:CHOICES_LIMIT])


def meeting_history(*, user: Actor, meeting: BorderMeeting, limit: int = 100) -> list[Any]:
    """The meeting's history panel: the changes to the meeting and to its commitments (their audit events are
    recorded with the meeting as parent). The caller fetched `meeting` through `visible_to`, and a commitment is
    seen by whoever sees its meeting."""
    from ngoaivu.audit.models import AuditEvent
    from ngoaivu.audit.words import with_words

    scope = getattr(user, "scope", None)
    if scope is None or not scope.active:
        return []
    label = meeting._meta.label_lower
    qs = (
        AuditEvent.objects.system(reason="history of a meeting the caller fetched through visible_to")
        .filter(
            Q(target_type=label, target_id=str(meeting.pk))
            | Q(parent_type=label, parent_id=str(meeting.pk), target_type=Commitment._meta.label_lower)
        )
        .select_related("organisation")
    )
    return with_words(list(qs.order_by("-created_at", "-pk")[:limit]), user)


def meeting_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> BorderMeeting:
    found = get_for_action(BorderMeeting, user, action, pk=pk)
    return (
        BorderMeeting.objects.visible_to(user, Action.VIEW)
        .select_related("mechanism", "owner_org")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("owner_org").order_by("due_on", "pk"),
            ),
            "files",
        )
        .get(pk=found.pk)
    )


def previous_meeting(*, user: Actor, meeting: BorderMeeting) -> BorderMeeting | None:
    """The mechanism's meeting before this one (held, not cancelled), whose commitments this meeting hears
    reported ("reported at the next meeting")."""
    return (
        BorderMeeting.objects.visible_to(user, Action.VIEW)
        .filter(mechanism_id=meeting.mechanism_id, starts_on__lt=meeting.starts_on)
        .exclude(status__in=[BorderMeeting.Status.CANCELLED, BorderMeeting.Status.PLANNED])
        .order_by("-starts_on", "-pk")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("owner_org").order_by("due_on", "pk"),
            )
        )
        .first()
    )


def commitment_get(*, user: Actor, meeting_id: int, commitment_id: int) -> Commitment:
    meeting = get_for_action(BorderMeeting, user, Action.VIEW, pk=meeting_id)
    if not 0 < commitment_id < 2**63:
        raise NotFound()
    c = Commitment.objects.filter(meeting_id=meeting.pk, pk=commitment_id).select_related("owner_org").first()
    if c is None:
        raise NotFound()
    return c


# --- commitments across mechanisms -----------------------------------------------------------------------------


def commitment_list(*, user: Actor, filters: CommitmentFilters) -> QuerySet[Commitment]:
    """The commitments of the meetings the user may see; `overdue` (open, past due) and `mine` (owned by the
    user's organisation, or of mechanisms it leads) need today and the user."""
    meetings = BorderMeeting.objects.visible_to(user, Action.VIEW)
    qs = Commitment.objects.filter(meeting_id__in=meetings.values("pk")).filter(
        filters.get_filter_expression()
    )
    if filters.overdue is not None:
        late = Q(status=Commitment.Status.OPEN, due_on__lt=_today())
        qs = qs.filter(late) if filters.overdue else qs.exclude(late)
    if filters.mine:
        org_id = user.scope.org_id or 0
        qs = qs.filter(Q(owner_org_id=org_id) | Q(meeting__owner_org_id=org_id))
    qs = qs.select_related("owner_org", "meeting__mechanism")
    return order(qs, filters.sort, COMMITMENT_SORTS, default="due")


# --- counts ---------------------------------------------------------------------------------------------------


def mechanism_counts(*, user: Actor) -> dict[str, Any]:
    """Mechanisms by kind and partner country (a multilateral mechanism counts once under each of its
    countries, once in the total), and meetings held per year by kind (cancelled left out)."""
    mechanisms = BorderMechanism.objects.visible_to(user, Action.VIEW)
    by_country = list(
        BorderMechanism.countries.through.objects.filter(bordermechanism_id__in=mechanisms.values("pk"))
        .values("country__iso2", "country__name_vi", "bordermechanism__kind")
        .annotate(n=Count("bordermechanism_id", distinct=True))
        .order_by("country__name_vi", "bordermechanism__kind")
    )
    by_kind = dict(mechanisms.order_by().values_list("kind").annotate(n=Count("pk")))
    meetings = (
        BorderMeeting.objects.visible_to(user, Action.VIEW)
        .exclude(status__in=[BorderMeeting.Status.CANCELLED, BorderMeeting.Status.PLANNED])
        .annotate(year=ExtractYear("starts_on"))
        .order_by()
        .values("year", "kind")
        .annotate(n=Count("pk"))
    )
    return {"by_country": by_country, "by_kind": by_kind, "meetings": list(meetings)}


# --- the shared calendar --------------------------------------------------------------------------------------

CALENDAR_LIMIT = 2000


def _detail_path(name: str) -> Callable[[int], str]:
    """`reverse("border:<name>", args=[pk])` for many records: one reverse() per calendar, not one per entry
    (as `delegations.selectors.calendar._detail_path`); equal to each record's `get_absolute_url()`."""
    head, _zero, tail = reverse(f"border:{name}", args=[0]).rpartition("/0/")
    return lambda pk: f"{head}/{pk}/{tail}"


def _calendar_meetings(user: Actor, province: str, country: str) -> QuerySet[BorderMeeting]:
    qs = BorderMeeting.objects.visible_to(user, Action.VIEW).exclude(status=BorderMeeting.Status.CANCELLED)
    if province or country:
        qs = qs.filter(
            MeetingFilters(province=province or None, country=country or None).get_filter_expression()
        )
    return qs


def calendar_entries(
    *, user: Actor, start: dt.date, end: dt.date, province: str = "", country: str = ""
) -> list[CalendarEntry]:
    """Meetings between `start` and `end`, and the due dates of open commitments for whom they are work (the
    mechanism's owner and the commitment's owner organisation). Two queries whatever the number of rows."""
    meetings = _calendar_meetings(user, province, country)
    meeting_url = _detail_path("meeting_detail")
    rows = (
        meetings.filter(starts_on__lte=end, ends_on__gte=start)
        .order_by("starts_on", "pk")
        .values("pk", "title", "starts_on", "ends_on", "place", "mechanism__name_vi")[:CALENDAR_LIMIT]
    )
    entries = [
        CalendarEntry(
            uid=f"border-{r['pk']}@ngoaivu",
            kind="border",
            title=r["title"],
            starts_on=r["starts_on"],
            ends_on=r["ends_on"],
            url=meeting_url(r["pk"]),
            detail=" — ".join(x for x in (r["mechanism__name_vi"], r["place"]) if x),
        )
        for r in rows
    ]
    org_id = user.scope.org_id
    if org_id is not None:
        due = (
            Commitment.objects.filter(
                Q(meeting__owner_org_id=org_id) | Q(owner_org_id=org_id),
                meeting_id__in=meetings.values("pk"),
                status=Commitment.Status.OPEN,
                due_on__range=(start, end),
            )
            .order_by("due_on", "pk")
            .values("pk", "meeting_id", "text", "due_on", "owner_person", "owner_org__name_vi")[
                :CALENDAR_LIMIT
            ]
        )
        entries.extend(
            CalendarEntry(
                uid=f"border-commitment-{r['pk']}@ngoaivu",
                kind="deadline",
                title=_("Hạn cam kết biên giới: %(t)s") % {"t": r["text"][:150]},
                starts_on=r["due_on"],
                ends_on=r["due_on"],
                url=meeting_url(r["meeting_id"]) + "#commitments",
                detail=" — ".join(x for x in (r["owner_org__name_vi"], r["owner_person"]) if x),
            )
            for r in due
        )
    return entries


def calendar_choices(*, user: Actor) -> tuple[dict[str, str], dict[str, str]]:
    mechanisms = BorderMechanism.objects.visible_to(user, Action.VIEW)
    provinces = dict(
        BorderMechanism.provinces.through.objects.filter(bordermechanism_id__in=mechanisms.values("pk"))
        .order_by()
        .values_list("province__code", "province__name")
        .distinct()
    )
    countries = dict(
        BorderMechanism.countries.through.objects.filter(bordermechanism_id__in=mechanisms.values("pk"))
        .order_by()
        .values_list("country__iso2", "country__name_vi")
        .distinct()
    )
    return provinces, countries


def calendar_querysets(*, user: Actor) -> list[QuerySet[Any]]:
    meetings = BorderMeeting.objects.visible_to(user, Action.VIEW)
    return [meetings, Commitment.objects.filter(meeting_id__in=meetings.values("pk"))]


CALENDAR_FEED = CalendarFeed(
    kind="border",
    label=gettext_lazy("Hợp tác biên giới"),
    entries=calendar_entries,
    choices=calendar_choices,
    querysets=calendar_querysets,
)


# --- the home page's work list ----------------------------------------------------------------------------------

SOON_DAYS = 14


def work_counts(*, user: Actor, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The border part of the home work list: my organisation's open commitments (it owns them or leads the
    mechanism — the list's `mine`) that are overdue, and due within 14 days; the meetings of mechanisms it leads
    that were held but have no minutes recorded. Each count links to the list showing exactly those rows.
    Remembered while the meetings and commitments the user may see are unchanged."""
    from django.utils.translation import get_language

    from ngoaivu.core.lists import stamped

    today = today or _today()
    meetings = BorderMeeting.objects.visible_to(user, Action.VIEW)
    return stamped(
        "home:border",
        [meetings, Commitment.objects.filter(meeting_id__in=meetings.values("pk"))],
        lambda: _work_counts(user, today),
        today,
        user.scope.org_id,  # "mine" is the organisation's, even where the scope's query does not name it
        get_language(),
    )


def _work_counts(user: Actor, today: dt.date) -> list[dict[str, Any]]:
    soon = today + dt.timedelta(days=SOON_DAYS)
    commitments_url = reverse("border:commitment_list")
    meetings_url = reverse("border:meeting_list")
    mine_open = commitment_list(user=user, filters=CommitmentFilters(status="open", mine=True))
    no_minutes = MeetingFilters(status="held", mine=True)
    return [
        {
            "label": _("cam kết biên giới quá hạn"),
            "n": mine_open.filter(due_on__lt=today).count(),
            "url": f"{commitments_url}?status=open&mine=true&overdue=true",
        },
        {
            "label": _("cam kết biên giới đến hạn trong 14 ngày"),
            "n": mine_open.filter(due_on__gte=today, due_on__lte=soon).count(),
            "url": f"{commitments_url}?status=open&mine=true"
            f"&due_from={today.isoformat()}&due_to={soon.isoformat()}",
        },
        {
            "label": _("cuộc họp biên giới đã họp, chưa ghi biên bản"),
            "n": meeting_list(user=user, filters=no_minutes).count(),
            "url": f"{meetings_url}?status=held&mine=true",
        },
    ]
