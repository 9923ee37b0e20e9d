"""Reads of the training app; everything starts from `visible_to`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.core.actors import Actor
from ngoaivu.core.agenda import CalendarEntry, CalendarFeed
from ngoaivu.core.lists import order, stamped
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.training.filters import CountFilters, CourseFilters, NominationFilters
from ngoaivu.training.models import (
    COUNTED,
    Course,
    Nomination,
    Quota,
    SchemeTarget,
    Topic,
    Trainee,
    TrainingScheme,
)

COURSE_SORTS = {
    "starts": ("starts_on",),
    "title": ("title",),
    "topic": ("topic__sort_order", "-starts_on"),
    "status": ("status", "-starts_on"),
    "deadline": ("nomination_deadline", "starts_on"),
}
NOMINATION_SORTS = {
    "course": ("course__starts_on", "course_id", "trainee__sort_key"),
    "name": ("trainee__sort_key",),
    "province": ("province__code", "trainee__sort_key"),
    "status": ("status", "trainee__sort_key"),
    "starts": ("course__starts_on",),
}
N = Nomination


def _counted(course_ref: str = "pk") -> Subquery:
    rows = (
        Nomination.objects.system(reason="training counts of a visible course")
        .filter(
            course_id=OuterRef(course_ref),
            deleted_at__isnull=True,
            status__in=("accepted", "attended", "absent"),
        )
        .order_by()
        .values("course_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(rows, output_field=IntegerField())


def course_list(*, user: Actor, filters: CourseFilters, action: Action = Action.VIEW) -> QuerySet[Course]:
    """The courses a user may see, filtered; each row carries `accepted_count` (places taken)."""
    qs: QuerySet[Course] = Course.objects.visible_to(user, action).filter(filters.get_filter_expression())
    if filters.places_left:
        qs = with_places_left(qs, user)
    qs = qs.annotate(accepted_count=Coalesce(_counted(), 0)).select_related("topic", "owner_org")
    return order(qs, filters.sort, COURSE_SORTS, default="-starts")


def with_places_left(qs: QuerySet[Course], user: Actor) -> QuerySet[Course]:
    """The courses on which the user's province may still nominate someone: no quota for it (the capacity
    alone limits), or a quota with places not yet used (declined nominations give theirs back). Nothing for a
    user without a province."""
    scope = getattr(user, "scope", None)
    if scope is None or not scope.is_province or scope.org_id is None:
        return qs.none()
    org_id = scope.org_id
    places = Quota.objects.filter(course_id=OuterRef("pk"), org_id=org_id).values("places")[:1]
    used = (
        Nomination.objects.system(reason="training counts of a visible course")
        .filter(course_id=OuterRef("pk"), owner_org_id=org_id, status__in=COUNTED, deleted_at__isnull=True)
        .order_by()
        .values("course_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        my_places=Subquery(places, output_field=IntegerField()),
        my_used=Coalesce(Subquery(used, output_field=IntegerField()), 0),
    ).filter(Q(my_places__isnull=True) | Q(my_places__gt=F("my_used")))


def course_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> Course:
    found = get_for_action(Course, user, action, pk=pk)
    return (
        Course.objects.visible_to(user, Action.VIEW)
        .select_related("topic", "owner_org", "organiser_org")
        .prefetch_related(
            Prefetch("quotas", queryset=Quota.objects.select_related("org").order_by("org__name_vi"))
        )
        .get(pk=found.pk)
    )


def course_nominations(*, user: Actor, course: Course) -> list[Nomination]:
    """The course's nominations the user may see: the organiser and the ministry all, a province its own."""
    return list(
        Nomination.objects.visible_to(user, Action.VIEW)
        .filter(course_id=course.pk)
        .select_related("trainee", "province", "created_by", "approved_by")
        .order_by("province__code", "trainee__sort_key", "pk")
    )


def nomination_list(
    *, user: Actor, filters: NominationFilters, action: Action = Action.VIEW
) -> QuerySet[Nomination]:
    qs = Nomination.objects.visible_to(user, action).filter(filters.get_filter_expression())
    if filters.awaiting:
        qs = qs.filter(awaiting_q(user, filters.awaiting))
    qs = qs.select_related("course", "course__topic", "trainee", "province")
    return order(qs, filters.sort, NOMINATION_SORTS, default="-starts")


def awaiting_q(user: Actor, awaiting: str) -> Q:
    """`my_approval`: proposals of the user's province that the user — a head, not the proposer — may approve;
    `organiser`: nominations approved by their province, waiting for the user's organisation (the course's
    organiser) to accept or decline them. Anything else, or a user who cannot take that step: nothing."""
    nothing = Q(pk__in=[])
    scope = getattr(user, "scope", None)
    if scope is None or not scope.active or scope.org_id is None:
        return nothing
    if awaiting == "my_approval":
        if not (scope.is_province and scope.can_approve):
            return nothing
        return Q(status=N.Status.PROPOSED, owner_org_id=scope.org_id) & ~Q(created_by_id=user.pk)
    if awaiting == "organiser":
        if not scope.can_write:
            return nothing
        return Q(status=N.Status.APPROVED, course__owner_org_id=scope.org_id)
    return nothing


def nomination_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> Nomination:
    found = get_for_action(Nomination, user, action, pk=pk)
    return (
        Nomination.objects.visible_to(user, Action.VIEW)
        .select_related("course", "course__topic", "trainee", "province")
        .get(pk=found.pk)
    )


def places_by_org(course: Course) -> dict[int, int]:
    """Places each nominating organisation uses (declined ones given back)."""
    return dict(
        Nomination.objects.system(reason="training counts of a visible course")
        .filter(course=course, status__in=COUNTED, deleted_at__isnull=True)
        .order_by()
        .values_list("owner_org_id")
        .annotate(n=Count("pk"))
        .values_list("owner_org_id", "n")
    )


# --- trainees and personal data ---------------------------------------------------------------------------


def may_see_personal_data(user: Actor, trainee: Trainee) -> bool:
    """The person's own province and the organisers of the person's courses (and site administrators) — not
    the ministry's other readers, not other provinces."""
    scope = getattr(user, "scope", None)
    if scope is None or not scope.active:
        return False
    if scope.is_site_admin or (scope.org_id is not None and scope.org_id == trainee.owner_org_id):
        return True
    return (
        scope.org_id is not None
        and Nomination.objects.system(reason="training counts of a visible course")
        .filter(trainee_id=trainee.pk, course__owner_org_id=scope.org_id, deleted_at__isnull=True)
        .exclude(status=N.Status.PROPOSED)
        .exists()
    )


def mask(value: str, keep: int = 2) -> str:
    if not value:
        return ""
    if "@" in value:
        name, _at, domain = value.partition("@")
        return f"{name[:1]}•••@{domain}"
    return "•" * max(len(value) - keep, 3) + value[-keep:] if len(value) > keep else "•" * 4


def trainee_get(*, user: Actor, pk: int) -> Trainee:
    return get_for_action(Trainee, user, Action.VIEW, pk=pk)


def trainee_history(*, user: Actor, trainee: Trainee) -> list[Nomination]:
    """A person's participations the user may see, newest course first."""
    return list(
        Nomination.objects.visible_to(user, Action.VIEW)
        .filter(trainee_id=trainee.pk)
        .select_related("course", "course__topic", "province")
        .order_by("-course__starts_on", "-pk")
    )


def trainee_list(*, user: Actor, q: str = "") -> QuerySet[Trainee]:
    from ngoaivu.core.lists import text_q

    return (
        Trainee.objects.visible_to(user, Action.VIEW)
        .filter(text_q(q))
        .select_related("owner_org")
        .annotate(
            attended=Count(
                "nominations", filter=Q(nominations__status="attended", nominations__deleted_at__isnull=True)
            )
        )
        .order_by("sort_key", "pk")
    )


# --- counts, schemes ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    province_code: str
    province: str
    topic_code: str
    topic: str
    year: int
    count: int


def attended_counts(*, user: Actor, filters: CountFilters) -> list[CountRow]:
    """Attended participations (lượt) by nominating province, topic and the course's end year, among the
    nominations the user may see."""
    nf = NominationFilters(
        status="attended", year=filters.year, province=filters.province, topic=filters.topic
    )
    rows = (
        Nomination.objects.visible_to(user, Action.VIEW)
        .filter(nf.get_filter_expression())
        .annotate(year=ExtractYear("course__ends_on"))
        .values("province__code", "province__name", "course__topic__code", "course__topic__name_vi", "year")
        .annotate(n=Count("pk"))
        .order_by("-year", "province__code", "course__topic__code")
    )

    def compute() -> list[CountRow]:
        return [
            CountRow(
                r["province__code"],
                r["province__name"],
                r["course__topic__code"],
                r["course__topic__name_vi"],
                r["year"],
                r["n"],
            )
            for r in rows
        ]

    # exact: keyed by the user's scope and filters, moved by any change to a nomination or a course (its year
    # and topic); 70 ms of grouping at national scale otherwise on every view
    courses = Course.objects.system(reason="the counts' cache stamp")
    return stamped("training:attended_counts", [rows, courses], compute)


def count_url(row: CountRow) -> str:
    return (
        reverse("training:nomination_list")
        + f"?status=attended&province={row.province_code}&topic={row.topic_code}&year={row.year}"
    )


def scheme_list(*, user: Actor) -> QuerySet[TrainingScheme]:
    return (
        TrainingScheme.objects.visible_to(user, Action.VIEW)
        .select_related("owner_org")
        .order_by("-year_from", "pk")
    )


@dataclass(frozen=True)
class TargetRow:
    target: SchemeTarget
    done: int
    url: str

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.target.participations) if self.target.participations else 0


def scheme_get(*, user: Actor, pk: int) -> tuple[TrainingScheme, list[TargetRow]]:
    """The scheme and, per target, the attended participations of the period (courses ending in it) — counted
    over all records, as the national review counts them (a figure, never a record)."""
    scheme = get_for_action(TrainingScheme, user, Action.VIEW, pk=pk)
    targets = list(scheme.targets.select_related("topic", "province").order_by("pk"))
    base = Nomination.objects.system(reason="scheme progress: counts only").filter(
        deleted_at__isnull=True,
        status=N.Status.ATTENDED,
        course__deleted_at__isnull=True,
        course__ends_on__year__gte=scheme.year_from,
        course__ends_on__year__lte=scheme.year_to,
    )
    rows = []
    for t in targets:
        qs = base
        params = f"?status=attended&year_from={scheme.year_from}&year_to={scheme.year_to}"
        if t.topic_id is not None:
            qs = qs.filter(course__topic_id=t.topic_id)
            params += f"&topic={t.topic.code}"  # type: ignore[union-attr]
        if t.province_id is not None:
            qs = qs.filter(province_id=t.province_id)
            params += f"&province={t.province.code}"  # type: ignore[union-attr]
        rows.append(
            TargetRow(
                t,
                qs.count(),
                reverse("training:nomination_list") + params.replace(f"&year_from={scheme.year_from}", ""),
            )
        )
    return scheme, rows


def topic_choices() -> list[tuple[str, str]]:
    return list(Topic.objects.order_by("sort_order", "code").values_list("code", "name_vi"))


# --- the shared calendar --------------------------------------------------------------------------------------

CALENDAR_LIMIT = 2000


def calendar_entries(
    *, user: Actor, start: dt.date, end: dt.date, province: str = "", country: str = ""
) -> list[CalendarEntry]:
    """Courses held between `start` and `end` (never cancelled ones) and the nomination deadlines of the open
    courses, among those the user may see; `province` narrows to courses recorded by that province. Courses
    name no foreign country, so a country filter shows none. Two queries."""
    if country:
        return []
    courses = Course.objects.visible_to(user, Action.VIEW).exclude(status=Course.Status.CANCELLED)
    if province:
        courses = courses.filter(owner_org__province_code=province)
    entries: list[CalendarEntry] = []
    for c in (
        courses.filter(starts_on__lte=end, ends_on__gte=start)
        .order_by("starts_on", "pk")
        .values("pk", "title", "starts_on", "ends_on", "organiser_name", "place")[:CALENDAR_LIMIT]
    ):
        entries.append(
            CalendarEntry(
                f"training-{c['pk']}@ngoaivu",
                "training",
                c["title"],
                c["starts_on"],
                c["ends_on"],
                reverse("training:course_detail", args=[c["pk"]]),
                " — ".join(x for x in (c["organiser_name"], c["place"]) if x),
            )
        )
    for d in (
        courses.filter(status=Course.Status.OPEN, nomination_deadline__range=(start, end))
        .order_by("nomination_deadline", "pk")
        .values("pk", "title", "nomination_deadline")[:CALENDAR_LIMIT]
    ):
        entries.append(
            CalendarEntry(
                f"training-deadline-{d['pk']}@ngoaivu",
                "deadline",
                _("Hạn cử cán bộ dự khóa: %(t)s") % {"t": d["title"]},
                d["nomination_deadline"] or start,  # never None: filtered on its range
                d["nomination_deadline"] or start,
                reverse("training:course_detail", args=[d["pk"]]),
            )
        )
    return entries


def calendar_choices(*, user: Actor) -> tuple[dict[str, str], dict[str, str]]:
    from ngoaivu.directory.models import Province

    codes = (
        Course.objects.visible_to(user, Action.VIEW)
        .order_by()
        .values_list("owner_org__province_code", flat=True)
        .distinct()
    )
    return dict(Province.objects.filter(code__in=[c for c in codes if c]).values_list("code", "name")), {}


def calendar_querysets(*, user: Actor) -> list[QuerySet[Any]]:
    return [Course.objects.visible_to(user, Action.VIEW)]


CALENDAR_FEED = CalendarFeed(
    kind="training",
    label=gettext_lazy("Đào tạo, bồi dưỡng"),
    entries=calendar_entries,
    choices=calendar_choices,
    querysets=calendar_querysets,
)


# --- the home page's work list ------------------------------------------------------------------------------

DEADLINE_SOON_DAYS = 7


def work_counts(*, user: Actor, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The training part of the home work list; each count links to the list (with its query string) that
    shows exactly those rows. Only the lines the user can act on: a province head's proposals to approve, an
    organiser's approved nominations to accept, a province's open courses whose nomination deadline comes
    within 7 days while it still has places. Remembered while courses and nominations are unchanged (a quota
    change touches its course)."""
    from django.utils import timezone
    from django.utils.translation import get_language

    from ngoaivu.core.lists import stamped

    today = today or timezone.localdate()
    scope = getattr(user, "scope", None)
    if scope is None or not scope.active or scope.org_id is None:
        return []
    return stamped(
        "home:training",
        [Nomination.objects.visible_to(user, Action.VIEW), Course.objects.visible_to(user, Action.VIEW)],
        lambda: _work_counts(user, today),
        today,
        get_language(),
        user.pk,
    )


def _work_counts(user: Actor, today: dt.date) -> list[dict[str, Any]]:
    scope = user.scope
    may_organise = bool(scope.can_write and (scope.is_province or scope.is_ministry))  # services.may_organise
    nominations = Nomination.objects.visible_to(user, Action.VIEW)
    nominations_url = reverse("training:nomination_list")
    rows: list[dict[str, Any]] = []
    if scope.is_province and scope.can_approve:
        rows.append(
            {
                "label": _("đề xuất cử cán bộ chờ tôi duyệt"),
                "n": nominations.filter(awaiting_q(user, "my_approval")).count(),
                "url": f"{nominations_url}?status=proposed&awaiting=my_approval",
            }
        )
    if may_organise:
        rows.append(
            {
                "label": _("cán bộ được cử chờ đơn vị tổ chức nhận"),
                "n": nominations.filter(awaiting_q(user, "organiser")).count(),
                "url": f"{nominations_url}?status=approved&awaiting=organiser",
            }
        )
    if scope.is_province:
        until = today + dt.timedelta(days=DEADLINE_SOON_DAYS)
        soon = Course.objects.visible_to(user, Action.VIEW).filter(
            status=Course.Status.OPEN, nomination_deadline__gte=today, nomination_deadline__lte=until
        )
        rows.append(
            {
                "label": _("khóa học sắp hết hạn cử cán bộ (7 ngày tới), tỉnh còn suất"),
                "n": with_places_left(soon, user).count(),
                "url": f"{reverse('training:course_list')}?status=open&deadline_from={today.isoformat()}"
                f"&deadline_to={until.isoformat()}&places_left=true",
            }
        )
    return rows
