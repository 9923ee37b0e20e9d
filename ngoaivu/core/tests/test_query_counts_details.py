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
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ngoaivu.core.testing.world import (
    World,
    make_agreement,
    make_request,
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


def _event_task(world: World, event: Any, i: int) -> str:
    from ngoaivu.events import services

    title = _mark("VIEC")
    services.task_create(
        actor=world.users["a_editor"],
        event_id=event.pk,
        data=services.TaskInput(
            title=title,
            due_on=timezone.localdate() + dt.timedelta(days=40 + i),
            owner_person="Sở Công Thương",
        ),
    )
    return title


def _mechanism(world: World) -> Any:
    from ngoaivu.border.tests.helpers import make_mechanism

    return make_mechanism(world, "A", countries=("JP", "KR"), members=("B",))


def _border_meeting(world: World) -> Any:
    from ngoaivu.border.tests.helpers import make_meeting

    return make_meeting(world, _mechanism(world), "A")


def _meeting_of(world: World, mechanism: Any, i: int) -> str:
    from ngoaivu.border.tests.helpers import make_meeting

    return str(make_meeting(world, mechanism, "A").title)


def _commitment(world: World, meeting: Any, i: int) -> str:
    from ngoaivu.border.tests.helpers import add_commitment

    text = _mark("CAMKET")
    add_commitment(world, meeting, "A", text=text)
    return text


def _aid(world: World, n: int, url: str) -> tuple[str, str]:
    from ngoaivu.aid import services
    from ngoaivu.aid.tests.makers import make_aid_project

    project = make_aid_project(world, "A")
    rows = [services.YearInput(year=2000 + i, planned=Decimal(1000 + i)) for i in range(n)]
    services.years_set(actor=world.users["a_editor"], project_id=project.pk, expected_version=None, rows=rows)
    return url.format(pk=project.pk), ""


def _case(world: World) -> Any:
    from ngoaivu.consular.tests.helpers import make_case

    return make_case(world, "X", "48")


def _case_action(world: World, case: Any, i: int) -> str:
    from ngoaivu.consular import services

    text = _mark("HANHDONG")
    services.action_add(actor=world.users["x_officer"], case_id=case.pk, text=text)
    return text


def _course(world: World) -> Any:
    from ngoaivu.training.tests.helpers import make_course

    return make_course(world, "M")


def _nomination(world: World, course: Any, i: int) -> str:
    from ngoaivu.training.tests.helpers import nominate

    return str(nominate(world, "A", course).marker)  # type: ignore[attr-defined]


def _dossier(world: World) -> Any:
    from ngoaivu.market_access.tests.makers import MAKERS

    return MAKERS["dossier"](world)


def _step(world: World, dossier: Any, i: int) -> str:
    from ngoaivu.market_access import services
    from ngoaivu.market_access.models import Stage

    note = _mark("BUOC")
    services.step_add(
        actor=world.users["a_editor"],
        dossier_id=dossier.pk,
        expected_version=None,
        data=services.StepInput(
            stage=Stage.objects.order_by("pk").values_list("code", flat=True)[i % 3],
            started_on=dossier.opened_on + dt.timedelta(days=i),
            note=note,
        ),
    )
    return note


_COUNTRIES = itertools.cycle(
    ["JP", "KR", "US", "FR", "DE", "CN", "AU", "GB", "TH", "LA", "KH", "SG", "IN", "RU"]
)


def _signed_agreement(world: World) -> Any:
    """Signed, shared, with a country after another: the count tables grow a row per country."""
    return make_agreement(world, "A", country=next(_COUNTRIES), shared=True, signed=True)


def _sent_request(world: World) -> Any:
    return make_request(world, "A", ["M", "X"])


def _maker(model: str) -> Callable[[World], Any]:
    from ngoaivu.core.tests.test_query_counts import MAKERS

    return lambda world: MAKERS[model](world)


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
    Rows(
        "events/<int:pk>/",
        children(_maker("promotion_event"), _event_task, lambda e: f"/events/{e.pk}/"),
        note="tasks",
    ),
    Rows(
        "api/v1/promotion-events/<int:event_id>/tasks",
        children(_maker("promotion_event"), _event_task, lambda e: f"/api/v1/promotion-events/{e.pk}/tasks"),
        note="tasks",
    ),
    Rows(
        "border/<int:pk>/",
        children(_mechanism, _meeting_of, lambda m: f"/border/{m.pk}/"),
        who="a_editor",
        note="meetings",
    ),
    Rows(
        "border/meetings/<int:pk>/",
        children(_border_meeting, _commitment, lambda m: f"/border/meetings/{m.pk}/"),
        who="a_editor",
        note="commitments",
    ),
    Rows(
        "api/v1/border-meetings/<int:meeting_id>",
        children(_border_meeting, _commitment, lambda m: f"/api/v1/border-meetings/{m.pk}"),
        who="a_editor",
        note="commitments",
    ),
    Rows(
        "api/v1/border-meetings/<int:meeting_id>/commitments",
        children(_border_meeting, _commitment, lambda m: f"/api/v1/border-meetings/{m.pk}/commitments"),
        who="a_editor",
        note="commitments",
    ),
    Rows("aid/<int:pk>/", lambda w, n: _aid(w, n, "/aid/{pk}/"), who="a_editor", note="years"),
    Rows("aid/<int:pk>/years/", lambda w, n: _aid(w, n, "/aid/{pk}/years/"), who="a_editor", note="years"),
    Rows(
        "api/v1/aid-projects/<int:project_id>",
        lambda w, n: _aid(w, n, "/api/v1/aid-projects/{pk}"),
        who="a_editor",
        note="years",
    ),
    Rows(
        "api/v1/aid-projects/<int:project_id>/years",
        lambda w, n: _aid(w, n, "/api/v1/aid-projects/{pk}/years"),
        who="a_editor",
        note="years",
    ),
    Rows(
        "citizen-cases/<int:pk>/",
        children(_case, _case_action, lambda c: f"/citizen-cases/{c.pk}/"),
        who="x_officer",
        note="actions",
    ),
    Rows(
        "api/v1/citizen-cases/<int:case_id>/actions",
        children(_case, _case_action, lambda c: f"/api/v1/citizen-cases/{c.pk}/actions"),
        who="x_officer",
        note="actions",
    ),
    Rows(
        "training/<int:pk>/",
        children(_course, _nomination, lambda c: f"/training/{c.pk}/"),
        note="nominations",
    ),
    Rows(
        "api/v1/trainings/<int:course_id>/nominations",
        children(_course, _nomination, lambda c: f"/api/v1/trainings/{c.pk}/nominations"),
        note="nominations",
    ),
    Rows(
        "market-access/<int:pk>/",
        children(_dossier, _step, lambda d: f"/market-access/{d.pk}/"),
        who="a_editor",
        note="steps",
    ),
    Rows(
        "api/v1/market-access/<int:dossier_id>/steps",
        children(_dossier, _step, lambda d: f"/api/v1/market-access/{d.pk}/steps"),
        who="a_editor",
        note="steps",
    ),
    # count tables and dashboards: n more records (of as many countries, for the agreements)
    Rows("agreements/counts/", records(_signed_agreement, "/agreements/counts/")),
    Rows("api/v1/agreements/counts", records(_signed_agreement, "/api/v1/agreements/counts")),
    Rows("requests/responsiveness/", records(_sent_request, "/requests/responsiveness/")),
    Rows("api/v1/requests/responsiveness", records(_sent_request, "/api/v1/requests/responsiveness")),
    Rows("culture/counts/", records(_maker("heritage_title"), "/culture/counts/")),
    Rows("training/counts/", records(_maker("training_nomination"), "/training/counts/")),
    Rows("border/counts/", records(_maker("border_meeting"), "/border/counts/"), who="a_editor"),
    Rows(
        "overseas-vietnamese/counts/", records(_maker("overseas_association"), "/overseas-vietnamese/counts/")
    ),
    Rows(
        "overseas-vietnamese/counts/",
        records(_maker("overseas_association"), "/overseas-vietnamese/counts/?format=xlsx"),
        note="xlsx",
    ),
    Rows("market-access/board/", records(_maker("dossier"), "/market-access/board/")),
    Rows("indicators/compare/", records(_maker("indicator_value"), "/indicators/compare/")),
    Rows(
        "indicators/compare/",
        records(_maker("indicator_value"), "/indicators/compare/?format=xlsx"),
        note="xlsx",
    ),
    Rows("reports/", records(_signed_agreement, "/reports/")),
    Rows("reports/", records(_sent_request, "/reports/?chart=requests_state&format=xlsx"), note="xlsx"),
    Rows("api/v1/dashboards", records(_signed_agreement, "/api/v1/dashboards")),
    Rows("reports/map/", records(_signed_agreement, "/reports/map/?metric=agreements_signed&year=2024")),
    Rows(
        "reports/map/", records(_sent_request, "/reports/map/?metric=requests_sent&format=xlsx"), note="xlsx"
    ),
    Rows(
        "api/v1/map/values",
        records(_signed_agreement, "/api/v1/map/values?metric=agreements_signed&year=2024&era=current"),
    ),
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
