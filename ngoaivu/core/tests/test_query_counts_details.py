"""The pages that show rows but are not declared as lists (kind "list" in `<app>/tests/endpoints.py`, which
test_query_counts.py reads): reference lists, a user's own rows, an organisation's people, dashboards and
count tables, and the detail pages with child rows (an agreement's milestones, a delegation's members, a
request's recipients…). Each runs the same number of SQL queries for 2 rows as for 14.

A case's `grow(world, n)` makes the page show (at least) n rows and returns its URL and the text of the last
row made ("" when the page names none, e.g. a longer page of reference rows or a table of counts). Child rows
are made under a new parent each time, so the two reads are of two records, one with 2 rows, one with 14."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ngoaivu.core.testing.world import (
    World,
    make_agreement,
    second_head,
    text_of,
)

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)
Grow = Callable[[World, int], tuple[str, str]]


@dataclass(frozen=True)
class Rows:
    route: str  # as in the route matrix
    grow: Grow
    who: str = "ministry"
    note: str = ""  # which rows grow, when the URL alone does not say

    def __str__(self) -> str:
        return f"{self.route} {self.note}".strip()


def _mark(prefix: str) -> str:
    return f"{prefix}{next(_numbers):05d}Q"


def longer(template: str) -> Grow:
    """The same reference rows, a longer page: `template` has `{n}` for the page size."""
    return lambda world, n: (template.format(n=n), "")


def records(make: Callable[[World], Any], url: str) -> Grow:
    """n more records of the kind the page counts or tabulates."""

    def grow(world: World, n: int) -> tuple[str, str]:
        for _ in range(n):
            make(world)
        return url, ""

    return grow


def children(
    parent: Callable[[World], Any], add: Callable[[World, Any, int], str], url: Callable[[Any], str]
) -> Grow:
    """A new parent with n child rows; `add` makes the i-th and returns its text on the page."""

    def grow(world: World, n: int) -> tuple[str, str]:
        record = parent(world)
        label = ""
        for i in range(n):
            label = add(world, record, i)
        return url(record), label

    return grow


# --- makers ---------------------------------------------------------------------------------------------------


def _agreement(world: World) -> Any:
    return make_agreement(world, "A", country="JP", shared=True, signed=True)


def _milestone(world: World, agreement: Any, i: int) -> str:
    from ngoaivu.agreements.services import milestone_create

    title = _mark("MOC")
    milestone_create(
        actor=world.users["a_editor"],
        agreement_id=agreement.pk,
        data={"title": title, "owner": "Sở Ngoại vụ", "due_on": dt.date(2027, 1, 1) + dt.timedelta(days=i)},
    )
    return title


def _notification(world: World, _parent: Any, i: int) -> str:
    from ngoaivu.accounts.notifications import notify

    title = _mark("THONGBAO")
    notify(users=[world.users["a_editor"]], kind="test", title=title, url="/", dedupe_key=title)
    return title


def _token(world: World, _parent: Any, i: int) -> str:
    from ngoaivu.accounts.services.tokens import api_token_create

    name = _mark("KHOA")
    api_token_create(actor=world.users["a_editor"], user=world.users["a_editor"], name=name, days=30)
    return name


def _session(world: World, _parent: Any, i: int) -> str:
    """A signed-in session in the store (the page lists only sessions that still work)."""
    from importlib import import_module

    from django.conf import settings

    from ngoaivu.accounts.models import UserSession

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.create()
    ip = f"192.0.2.{100 + i}"
    UserSession.objects.create(
        user=world.users["a_editor"],
        session_key=store.session_key,
        user_agent="Mozilla/5.0",
        ip=ip,
        last_activity_at=timezone.now(),
    )
    return ip


def _contact(world: World, partner: Any, i: int) -> str:
    return str(world.contact(partner, "A").family_name)


def _partner_edit(world: World, partner: Any, i: int) -> str:
    from ngoaivu.directory import services

    sector = _mark("NGANH")
    partner.refresh_from_db()
    services.partner_update(
        actor=world.users["a_editor"],
        partner_id=partner.pk,
        expected_version=partner.version,
        changes={"sector": sector},
    )
    return sector


def _request_to(world: World, n: int) -> tuple[str, str]:
    """A request of province A sent to n organisations: the ministry and missions."""
    from ngoaivu.accounts.models import Organisation
    from ngoaivu.requests import services

    missions = Organisation.objects.filter(kind=Organisation.Kind.MISSION, is_active=True).order_by("pk")
    codes = ["mofa", *missions.values_list("code", flat=True)[: n - 1]]
    marker = _mark("REQ")
    req = services.request_create(
        actor=world.users["a_editor"],
        data=services.DraftInput(title=marker, description=marker, category="investment", recipients=codes),
    )
    approver = second_head(world, "A")  # four eyes: another head approves the head's draft
    services.request_action(actor=world.users["a_editor"], request_id=req.pk, action="submit")
    req.refresh_from_db()
    if req.status == req.Status.PENDING_APPROVAL:
        services.request_action(actor=approver, request_id=req.pk, action="approve")
    return str(req.pk), codes[-1]


def _delegation_with(world: World, n: int) -> Any:
    from ngoaivu.delegations import services

    start = timezone.localdate() + dt.timedelta(days=30)
    marker = _mark("DEL")
    members = tuple(
        services.MemberInput(full_name=f"Thành Viên {marker} {i:02d}", is_head=i == 0) for i in range(n)
    )
    return services.delegation_create(
        actor=world.users["a_editor"],
        data=services.DelegationInput(
            direction="outbound",
            title=marker,
            purpose=f"{marker} mục đích",
            head_name=members[0].full_name,
            departs_on=start,
            returns_on=start + dt.timedelta(days=5),
            countries=("KR",),
            visibility="shared",
            members=members,
        ),
    )


def _delegation(world: World, n: int, url: str) -> tuple[str, str]:
    delegation = _delegation_with(world, n)
    return url.format(pk=delegation.pk), f"Thành Viên {delegation.title} {n - 1:02d}"


def _visit(world: World, n: int, url: str) -> tuple[str, str]:
    from ngoaivu.delegations import services

    start = timezone.localdate() + dt.timedelta(days=10)
    marker = _mark("VISIT")
    asks = tuple(f"{marker} đề nghị {i:02d}" for i in range(n))
    visit = services.visit_create(
        actor=world.users["ministry"],
        data=services.VisitInput(
            direction="to_province",
            province=world.orgs["A"].province_code,
            starts_on=start,
            ends_on=start,
            ministry_leaders=marker,
            asks=asks,
        ),
    )
    return url.format(pk=visit.pk), asks[-1]


CASES: list[Rows] = [
    # reference rows: the same rows, a longer page
    Rows("directory/provinces/", longer("/directory/provinces/?page_size={n}")),
    Rows("directory/provinces/former/", longer("/directory/provinces/former/?page_size={n}")),
    Rows("directory/countries/", longer("/directory/countries/?page_size={n}")),
    Rows("directory/organisations/", longer("/directory/organisations/?page_size={n}")),
    Rows("api/v1/provinces", longer("/api/v1/provinces?page_size={n}")),
    Rows("api/v1/provinces/former", longer("/api/v1/provinces/former?page_size={n}")),
    Rows("api/v1/countries", longer("/api/v1/countries?page_size={n}")),
    Rows("api/v1/missions", longer("/api/v1/missions?page_size={n}")),
    Rows("api/v1/organisations", longer("/api/v1/organisations?page_size={n}")),
    # a user's own rows
    Rows(
        "accounts/notifications/",
        children(lambda w: None, _notification, lambda _: "/accounts/notifications/"),
        who="a_editor",
    ),
    Rows(
        "accounts/me/tokens/",
        children(lambda w: None, _token, lambda _: "/accounts/me/tokens/"),
        who="a_editor",
    ),
    Rows("api/v1/me/tokens", children(lambda w: None, _token, lambda _: "/api/v1/me/tokens"), who="a_editor"),
    Rows(
        "accounts/me/sessions/",
        children(lambda w: None, _session, lambda _: "/accounts/me/sessions/"),
        who="a_editor",
    ),
    Rows(
        "api/v1/me/sessions",
        children(lambda w: None, _session, lambda _: "/api/v1/me/sessions"),
        who="a_editor",
    ),
    # details with child rows
    Rows(
        "agreements/<int:pk>/",
        children(_agreement, _milestone, lambda a: f"/agreements/{a.pk}/"),
        note="milestones",
    ),
    Rows(
        "api/v1/agreements/<int:agreement_id>",
        children(_agreement, _milestone, lambda a: f"/api/v1/agreements/{a.pk}"),
        note="milestones",
    ),
    Rows(
        "api/v1/agreements/<int:agreement_id>/milestones",
        children(_agreement, _milestone, lambda a: f"/api/v1/agreements/{a.pk}/milestones"),
        note="milestones",
    ),
    Rows(
        "directory/partners/<int:pk>/",
        children(lambda w: w.partner("A"), _contact, lambda p: f"/directory/partners/{p.pk}/"),
        who="a_editor",
        note="contacts",
    ),
    Rows(
        "api/v1/partners/<int:partner_id>/contacts",
        children(lambda w: w.partner("A"), _contact, lambda p: f"/api/v1/partners/{p.pk}/contacts"),
        who="a_editor",
        note="contacts",
    ),
    Rows(
        "directory/partners/<int:pk>/",
        children(lambda w: w.partner("A"), _partner_edit, lambda p: f"/directory/partners/{p.pk}/"),
        who="a_editor",
        note="history",
    ),
    Rows(
        "requests/<int:pk>/",
        lambda w, n: (f"/requests/{_request_to(w, n)[0]}/", ""),
        who="a_editor",
        note="recipients",
    ),
    Rows(
        "api/v1/requests/<int:request_id>",
        lambda w, n: (f"/api/v1/requests/{_request_to(w, n)[0]}", ""),
        who="a_editor",
        note="recipients",
    ),
    Rows(
        "delegations/<int:pk>/",
        lambda w, n: _delegation(w, n, "/delegations/{pk}/"),
        who="a_editor",
        note="members",
    ),
    Rows(
        "api/v1/delegations/<int:delegation_id>",
        lambda w, n: _delegation(w, n, "/api/v1/delegations/{pk}"),
        who="a_editor",
        note="members",
    ),
    Rows("delegations/visits/<int:pk>/", lambda w, n: _visit(w, n, "/delegations/visits/{pk}/"), note="asks"),
    Rows("api/v1/visits/<int:visit_id>", lambda w, n: _visit(w, n, "/api/v1/visits/{pk}"), note="asks"),
]


def _queries(client: Any, url: str) -> tuple[int, str]:
    client.get(url)  # per-process caches warm, as on a running server
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    statements = [q["sql"] for q in ctx.captured_queries]
    count = len([s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))])
    return count, text_of(response)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_page_runs_as_many_queries_for_12_more_rows(world: World, case: Rows) -> None:
    client = world.client(case.who)
    url, _label = case.grow(world, 2)
    few, _text = _queries(client, url)
    url, label = case.grow(world, 14)
    many, text = _queries(client, url)
    if label:
        assert label in text, f"{case}: the last row is not on the page"
    assert many == few, f"{case}: {few} queries for 2 rows, {many} for 14"
