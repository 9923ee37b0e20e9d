"""Reads of citizen protection cases; everything starts from `visible_to`, except the counts by country and
kind that every signed-in user may read (`case_summary`: no names, no summaries, no references)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ngoaivu.consular.filters import CaseFilters, SummaryFilters
from ngoaivu.consular.models import CaseAction, CaseCitizen, CaseHandover, CitizenCase
from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action

CASE_SORTS = {
    "received": ("received_on",),
    "reference": ("reference",),
    "kind": ("kind", "-received_on"),
    "country": ("country__iso2", "-received_on"),
    "province": ("province__code", "-received_on"),
    "status": ("status", "-received_on"),
    "due": ("notify_due_on",),
}


def _today() -> dt.date:
    return timezone.localdate()


def notify_late_q(today: dt.date) -> Q:
    """The 1-working-day rule broken: notified after the due day, or still not notified after it — whatever the
    status (starting, resolving or closing a case never erases the breach). The reminder job uses it too."""
    from django.db.models import F

    return Q(notified_on__gt=F("notify_due_on")) | Q(notified_on__isnull=True, notify_due_on__lt=today)


def notify_pending_q(today: dt.date) -> Q:
    """Not yet notified to the province and due today or overdue (the handling mission's to-do)."""
    return Q(notified_on__isnull=True, notify_due_on__lte=today)


def handover_pending_q(user: Actor) -> Q:
    """Cases with a handover waiting for the user's organisation to accept (the case still open)."""
    pending = CaseHandover.objects.filter(
        case_id=OuterRef("pk"), to_org_id=user.scope.org_id or 0, accepted_at=None, ended_at=None
    )
    return Q(Exists(pending)) & ~Q(status__in=[CitizenCase.Status.CLOSED, CitizenCase.Status.TRANSFERRED])


def case_list(*, user: Actor, filters: CaseFilters, action: Action = Action.VIEW) -> QuerySet[CitizenCase]:
    qs = CitizenCase.objects.visible_to(user, action).filter(filters.get_filter_expression())
    if filters.notify_late is not None:
        late = notify_late_q(_today())
        qs = qs.filter(late) if filters.notify_late else qs.exclude(late)
    if filters.notify_pending is not None:
        due = notify_pending_q(_today())
        qs = qs.filter(due) if filters.notify_pending else qs.exclude(due)
    if filters.handover_pending is not None:
        waiting = handover_pending_q(user)
        qs = qs.filter(waiting) if filters.handover_pending else qs.exclude(waiting)
    qs = qs.select_related("country", "province", "mission")
    return order(qs, filters.sort, CASE_SORTS, default="-received")


def case_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> CitizenCase:
    found = get_for_action(CitizenCase, user, action, pk=pk)
    return (
        CitizenCase.objects.visible_to(user, Action.VIEW)
        .select_related("country", "province", "former_province", "mission", "owner_org")
        .prefetch_related(
            Prefetch("citizens", queryset=CaseCitizen.objects.order_by("pk")),
            Prefetch(
                "handovers",
                queryset=CaseHandover.objects.select_related("from_org", "to_org", "sent_by", "accepted_by"),
            ),
            Prefetch("actions", queryset=CaseAction.objects.select_related("organisation", "author")),
        )
        .get(pk=found.pk)
    )


def may_see_personal_data(user: Actor, case: CitizenCase) -> bool:
    """Unmasked only for the officers and heads of the handling mission and of the province of origin, and site
    administrators (DOMAIN.md §2); never the consular unit's or a viewer's screen in clear."""
    scope = user.scope
    if not scope.active:
        return False
    if scope.is_site_admin:
        return True
    if not scope.can_write:
        return False
    if scope.org_id == case.owner_org_id:
        return True
    return scope.is_province and scope.province_code == case.province.code


def mask(value: str, keep: int = 2) -> str:
    if not value:
        return ""
    return "•" * max(len(value) - keep, 3) + value[-keep:] if len(value) > keep else "•" * 4


def mask_name(value: str) -> str:
    """Initials only: "Nguyễn Văn An" → "N. V. A."."""
    return " ".join(f"{w[0]}." for w in value.split()) if value else ""


@dataclass(frozen=True)
class CitizenView:
    pk: int
    version: int
    anonymised: bool
    full_name: str
    birth_date: str
    passport_number: str
    phone: str
    address: str
    family_name: str
    family_relation: str
    family_phone: str


def _dmy(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def citizen_views(case: CitizenCase, *, unmasked: bool) -> list[CitizenView]:
    """The case's citizens as shown: in clear when `unmasked` (the caller logged the read), else masked.

    Masking rule: name → initials; birth date → fully hidden "••/••/••••" (no year: with the province and the
    country the year narrows a person down); passport and phone numbers → last digits; address and family
    relation → "•••"."""
    out = []
    for c in case.citizens.all():
        if unmasked:
            out.append(
                CitizenView(
                    c.pk,
                    c.version,
                    c.anonymised_on is not None,
                    c.full_name,
                    _dmy(c.birth_date),
                    c.passport_number,
                    c.phone,
                    c.address,
                    c.family_name,
                    c.family_relation,
                    c.family_phone,
                )
            )
        else:
            out.append(
                CitizenView(
                    c.pk,
                    c.version,
                    c.anonymised_on is not None,
                    mask_name(c.full_name),
                    # fully masked: not even the birth year (it narrows the person down with the province)
                    "••/••/••••" if c.birth_date else "",
                    mask(c.passport_number),
                    mask(c.phone),
                    "•••" if c.address else "",
                    mask_name(c.family_name),
                    c.family_relation and "•••",
                    mask(c.family_phone),
                )
            )
    return out


def handover_pending_for(user: Actor, case: CitizenCase) -> list[CaseHandover]:
    org_id = user.scope.org_id
    return [h for h in case.handovers.all() if h.pending and org_id is not None and h.to_org_id == org_id]


def withdrawable_by(user: Actor, case: CitizenCase) -> list[CaseHandover]:
    """Pending handovers the user's organisation sent (it may take them back)."""
    org_id = user.scope.org_id
    if not user.scope.can_write or org_id is None:
        return []
    return [h for h in case.handovers.all() if h.pending and h.from_org_id == org_id]


@dataclass(frozen=True)
class PendingNotice:
    """What a mission sees of a case handed over to it before it accepts: nothing but this."""

    case_id: int
    reference: str
    country: str
    kind: str
    from_org: str
    handovers: list[int]


def pending_handover_notices(*, user: Actor, limit: int = 100) -> list[PendingNotice]:
    """Every pending handover to the user's organisation, as notices (a mission reads no more before it
    accepts): the list `?handover_pending=true` of a mission. Bounded: three queries, `limit` cases."""
    if not user.scope.can_write or user.scope.org_id is None:
        return []
    cases = list(
        CitizenCase.objects.visible_to(user, Action.APPROVE)
        .filter(handover_pending_q(user))
        .select_related("country")
        .order_by("-received_on", "-pk")[:limit]
    )
    by_case: dict[int, list[CaseHandover]] = {}
    for h in (
        CaseHandover.objects.filter(
            case_id__in=[c.pk for c in cases], to_org_id=user.scope.org_id, accepted_at=None, ended_at=None
        )
        .select_related("from_org")
        .order_by("pk")
    ):
        by_case.setdefault(h.case_id, []).append(h)
    return [
        PendingNotice(
            c.pk,
            c.reference,
            c.country.name_vi,
            str(c.get_kind_display()),
            by_case[c.pk][0].from_org.name_vi,
            [h.pk for h in by_case[c.pk]],
        )
        for c in cases
        if c.pk in by_case
    ]


def pending_handover_notice(*, user: Actor, pk: int) -> PendingNotice | None:
    """For a user who may not read the case: the minimal notice of a pending handover to their organisation
    (reference, country, kind), or None. Least privilege: no summary, no citizens, no history."""
    if not user.scope.can_write or user.scope.org_id is None or not 0 < pk < 2**63:
        return None
    case = (
        CitizenCase.objects.visible_to(user, Action.APPROVE).select_related("country").filter(pk=pk).first()
    )
    if case is None:
        return None
    pending = list(
        CaseHandover.objects.filter(
            case_id=case.pk, to_org_id=user.scope.org_id, accepted_at=None, ended_at=None
        )
        .select_related("from_org")
        .order_by("pk")
    )
    if not pending:
        return None
    return PendingNotice(
        case.pk,
        case.reference,
        case.country.name_vi,
        str(case.get_kind_display()),
        pending[0].from_org.name_vi,
        [h.pk for h in pending],
    )


# --- counts for everyone --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    country: str  # ISO alpha-2
    country_name: str
    counts: dict[str, int]  # kind → cases
    total: int


def case_summary(*, filters: SummaryFilters) -> tuple[list[SummaryRow], dict[str, int], int]:
    """Cases by country and kind, for every signed-in user (DOMAIN.md §2: "counts by country and kind without
    names for everyone else"). Read without scope on purpose: only counts leave this function."""
    qs = (
        CitizenCase.objects.system(reason="counts by country and kind, no names")
        .filter(deleted_at__isnull=True)
        .filter(filters.get_filter_expression())
        .order_by()
        .values("country__iso2", "country__name_vi", "kind")
        .annotate(n=Count("pk"))
    )
    rows: dict[str, dict[str, Any]] = {}
    by_kind: dict[str, int] = dict.fromkeys(CitizenCase.Kind.values, 0)
    for r in qs:
        row = rows.setdefault(r["country__iso2"], {"name": r["country__name_vi"], "counts": {}})
        row["counts"][r["kind"]] = r["n"]
        by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + r["n"]
    out = [
        SummaryRow(iso, v["name"], v["counts"], sum(v["counts"].values()))
        for iso, v in sorted(rows.items(), key=lambda kv: (-sum(kv[1]["counts"].values()), kv[1]["name"]))
    ]
    return out, by_kind, sum(by_kind.values())


def summary_years() -> list[int]:
    years = (
        CitizenCase.objects.system(reason="years of the counts")
        .filter(deleted_at__isnull=True)
        .dates("received_on", "year", order="DESC")
    )
    return [d.year for d in years]


def mission_choices() -> list[tuple[str, str]]:
    from ngoaivu.directory.models import Mission

    return list(Mission.objects.order_by("sort_key").values_list("code", "name_vi"))


# --- the home page's work list ---------------------------------------------------------------------------------


def work_counts(*, user: Actor, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The consular part of the home work list; each count links to the list showing exactly its rows.
    Remembered while the cases the user may see (or accept) are unchanged (handovers touch their case)."""
    from django.utils.translation import get_language

    from ngoaivu.core.lists import stamped

    today = today or _today()
    return stamped(
        "home:consular",
        [
            CitizenCase.objects.visible_to(user, Action.VIEW),
            CitizenCase.objects.visible_to(user, Action.APPROVE),
        ],
        lambda: _work_counts(user, today),
        today,
        get_language(),
        user.scope.org_id,
    )


def _work_counts(user: Actor, today: dt.date) -> list[dict[str, Any]]:
    """- the handling mission: its cases not yet notified to the province, due today or overdue;
    - everyone who may accept (writers of the parties): handovers waiting for MY organisation to accept;
    - the province: new cases of its citizens received in the last 7 days (today included)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    scope = user.scope
    if not scope.active or scope.org_id is None:
        return []
    url = reverse("consular:case_list")
    out: list[dict[str, Any]] = []
    seen = CitizenCase.objects.visible_to(user, Action.VIEW)
    if scope.is_mission:
        out.append(
            {
                "label": _("vụ việc bảo hộ công dân chưa thông báo tỉnh (đến hạn hoặc quá hạn)"),
                "n": seen.filter(owner_org_id=scope.org_id).filter(notify_pending_q(today)).count(),
                "url": f"{url}?notify_pending=true",
            }
        )
    if scope.can_write:
        out.append(
            {
                "label": _("bàn giao vụ việc bảo hộ công dân chờ đơn vị nhận"),
                "n": CitizenCase.objects.visible_to(user, Action.APPROVE)
                .filter(handover_pending_q(user))
                .count(),
                "url": f"{url}?handover_pending=true",
            }
        )
    if scope.is_province and scope.province_code:
        since = today - dt.timedelta(days=6)
        out.append(
            {
                "label": _("vụ việc bảo hộ công dân mới của công dân tỉnh (7 ngày qua)"),
                "n": seen.filter(province__code=scope.province_code, received_on__gte=since).count(),
                "url": f"{url}?province={scope.province_code}&date_from={since.isoformat()}",
            }
        )
    return out
