"""The pages that show rows but are not declared as lists (kind "list" in `<app>/tests/endpoints.py`, which
test_query_counts.py reads): reference lists, a user's own rows, an organisation's people, dashboards and
count tables, and the detail pages with child rows (an agreement's milestones, a delegation's members, a
request's recipients…). Each runs the same number of SQL queries for 2 rows as for 14.

A case's `grow(world, n)` makes the page show (at least) n rows and returns its URL and the text of the last
row made ("" when the page names none, e.g. a longer page of reference rows or a table of counts). Child rows
are made under a new parent each time, so the two reads are of two records, one with 2 rows, one with 14.

`test_every_page_with_rows_is_counted_or_said_why_not` keeps this complete: every route of the matrix read
with GET and not declared a list is a case here, or named in ELSEWHERE (another test counts it), NO_ROWS (no
number of rows that grows, with the reason) or LEFT (rows not counted yet, with the reason), or is a form or a
file (FORM_OR_FILE)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ngoaivu.core.testing.queries import queries_and_text
from ngoaivu.core.testing.world import (
    World,
    make_agreement,
    make_request,
    second_head,
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


def _answered(world: World, n: int, url: str) -> tuple[str, str]:
    """A request of province A, shared, sent to n missions, each of which answers it (an officer each)."""
    from ngoaivu.accounts.models import Organisation, Role, User
    from ngoaivu.accounts.services.users import user_create
    from ngoaivu.audit.services import SystemActor
    from ngoaivu.requests import services

    missions = list(
        Organisation.objects.filter(kind=Organisation.Kind.MISSION, is_active=True).order_by("pk")[:n]
    )
    marker = _mark("REQ")
    req = services.request_create(
        actor=world.users["a_editor"],
        data=services.DraftInput(
            title=marker,
            description=marker,
            category="investment",
            recipients=[m.code for m in missions],
            shared=True,
        ),
    )
    approver = second_head(world, "A")
    services.request_action(actor=world.users["a_editor"], request_id=req.pk, action="submit")
    req.refresh_from_db()
    if req.status == req.Status.PENDING_APPROVAL:
        services.request_action(actor=approver, request_id=req.pk, action="approve")
    answer = ""
    for mission in missions:
        officer = User.objects.filter(username=f"hq-{mission.code}").first() or user_create(
            actor=SystemActor("test"),
            username=f"hq-{mission.code}",
            password="",
            organisation=mission,
            roles=[Role.OFFICER],
            check_password=False,
        )
        answer = _mark("TRALOI")
        services.request_action(actor=officer, request_id=req.pk, action="answer", text=answer)
    return url.format(pk=req.pk), answer


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


def _admin(world: World) -> Any:
    """An administrator of province A's people (the world has none)."""
    from ngoaivu.accounts.models import Role, User
    from ngoaivu.accounts.services.users import user_create
    from ngoaivu.audit.services import SystemActor

    return User.objects.filter(username="a_admin").first() or user_create(
        actor=SystemActor("test"),
        username="a_admin",
        password="",
        organisation=world.orgs["A"],
        roles=[Role.ORG_ADMIN, Role.OFFICER, Role.HEAD],
        full_name="Quản Trị Tỉnh A",
        check_password=False,
    )


def _person(world: World, _parent: Any, i: int) -> str:
    from ngoaivu.accounts.models import Role
    from ngoaivu.accounts.services.users import user_create

    name = _mark("NGUOI")
    user_create(
        actor=_admin(world),
        username=name.lower(),
        password="",
        organisation=world.orgs["A"],
        roles=[Role.OFFICER],
        full_name=name,
        check_password=False,
    )
    return name


def _viewer(_: Any) -> int:
    from ngoaivu.accounts.models import User

    return User.objects.get(username="a_viewer").pk


def _viewer_token(world: World, _parent: Any, i: int) -> str:
    from ngoaivu.accounts.services.tokens import api_token_create

    name = _mark("KHOA")
    api_token_create(actor=world.users["a_viewer"], user=world.users["a_viewer"], name=name, days=30)
    return name


def _chain_step(world: World, _parent: Any, i: int) -> str:
    from ngoaivu.delegations import services

    label = _mark("BUOCDUYET")
    services.chain_step_create(
        actor=_admin(world), data=services.ChainStepInput(order=min(1 + i, 20), label=label)
    )
    return label


def _rate(world: World, _parent: Any, i: int) -> str:
    from ngoaivu.indicators import services

    period = f"{1990 + next(_numbers) % 30}-{1 + i % 12:02d}"
    services.rate_create(
        actor=world.users["ministry"],
        data=services.RateInput(
            currency="USD", period=period, vnd_per_unit=Decimal(20000 + i), source="NHNN"
        ),
    )
    return ""


def _scheme(world: World, _parent: Any, i: int) -> str:
    from ngoaivu.training import services

    title = _mark("DEAN")
    services.scheme_create(
        actor=world.users["ministry"], data=services.SchemeInput(title=title, year_from=2021, year_to=2030)
    )
    return title


def _partner_search(world: World) -> Any:
    """An open search, and a partner not yet proposed: the page's suggestions are read for both counts."""
    from ngoaivu.partnering.tests.factories_searches import make_search

    world.partner("X", visibility="shared", country="JP")
    return make_search(world, "A", shared=True, fields=("tourism",))


def _proposal(world: World, search: Any, i: int) -> str:
    from ngoaivu.partnering.tests.factories_searches import propose

    partner = world.partner("X", visibility="shared", country="JP")
    propose(world, "x_officer", search, partner=partner)
    return str(partner.name)


def _feed(world: World, n: int) -> tuple[str, str]:
    """The ministry's calendar feed (a secret URL, read signed out) with n more events in it."""
    from ngoaivu.accounts.services.tokens import calendar_token_issue

    make = _maker("promotion_event")
    for _ in range(n):
        event = make(world)
    raw = calendar_token_issue(actor=world.users["ministry"], user=world.users["ministry"])
    return f"/delegations/calendar/feed/{raw}.ics", str(event.title_vi)


def _narrowed(few: str, many: str) -> Grow:
    """Reference rows without paging: a filter that keeps a few of them, then none."""
    return lambda world, n: (few if n == 2 else many, "")


def _press_visit(world: World) -> Any:
    from ngoaivu.press.tests.helpers import make_visit

    return make_visit(world, "A", shared=True, country="JP", reporters=0, licence_number="1/BNG")


def _reporter(world: World, visit: Any, i: int) -> str:
    from ngoaivu.press.personal import ReporterInput, reporters_add

    name = f"Phóng Viên {_mark('PV')}"
    reporters_add(actor=world.users["a_editor"], visit_id=visit.pk, rows=[ReporterInput(full_name=name)])
    return name


def _article(world: World, visit: Any, i: int) -> str:
    from ngoaivu.press import services

    title = _mark("BAIVIET")
    services.article_add(
        actor=world.users["a_editor"], visit_id=visit.pk, data=services.ArticleInput(title=title)
    )
    return title


def _agreement_of_dossiers(world: World) -> Any:
    return make_agreement(world, "A", country="JP", shared=True, signed=True)


def _dossier_for(world: World, agreement: Any, i: int) -> str:
    from ngoaivu.market_access.tests.factories import make_dossier

    return str(make_dossier(world, "A", market="JP", shared=True, agreements=(agreement.pk,)).marker)


def _request_for(world: World, dossier: Any, i: int) -> str:
    from ngoaivu.requests import services

    marker = _mark("REQ")
    services.request_create(
        actor=world.users["a_editor"],
        data=services.DraftInput(
            title=marker,
            description=marker,
            category="investment",
            recipients=["mofa"],
            market_dossier_ids=(dossier.pk,),
        ),
    )
    return marker


def _trainee(world: World) -> Any:
    """A trainee of province A (nominated once); `_course_of` nominates the same person again."""
    from ngoaivu.training.tests.helpers import make_course, nominate

    nomination = nominate(world, "A", make_course(world, "M"), marker=_mark("HOCVIEN"))
    return nomination.trainee


def _course_of(world: World, trainee: Any, i: int) -> str:
    from ngoaivu.training import services
    from ngoaivu.training.tests.helpers import make_course

    course = make_course(world, "M")
    services.nomination_create(
        actor=world.users["a_editor"],
        course_id=course.pk,
        data=services.TraineeInput(full_name=trainee.full_name, position="Chuyên viên", unit="Sở Ngoại vụ"),
    )
    return str(course.title)


def _case_in(world: World) -> Any:
    from ngoaivu.consular.tests.helpers import make_case

    return make_case(world, "X", "48", country=next(_COUNTRIES))


_ISO = ["JP", "KR", "US", "FR", "DE", "CN", "AU", "GB", "TH", "LA", "KH", "SG", "IN", "RU"]


def _association(world: World) -> Any:
    from ngoaivu.overseas.tests.helpers import make_association

    return make_association(world, "A", shared=True)


def _member(world: World, association: Any, i: int) -> str:
    from ngoaivu.overseas.tests.helpers import make_person

    return str(make_person(world, "A", shared=True, association_ids=(association.pk,)).full_name)


def _linked(kind: str) -> Callable[[World, int, str], tuple[str, str]]:
    """A person or programme of province A linked to n associations."""

    def grow(world: World, n: int, url: str) -> tuple[str, str]:
        from ngoaivu.overseas.tests import helpers

        associations = [_association(world) for _ in range(n)]
        ids = tuple(a.pk for a in associations)
        make = helpers.make_person if kind == "person" else helpers.make_programme
        record = make(world, "A", shared=True, association_ids=ids)
        return url.format(pk=record.pk), str(associations[-1].name_vi)

    return grow


def _conference(world: World, n: int, url: str) -> tuple[str, str]:
    from ngoaivu.delegations import services

    start = timezone.localdate() + dt.timedelta(days=90)
    conference = services.conference_create(
        actor=world.users["a_editor"],
        data=services.ConferenceInput(
            title=_mark("CONF"),
            organiser="UBND tỉnh",
            format="in_person",
            starts_on=start,
            ends_on=start + dt.timedelta(days=1),
            top_rank="other",
            countries=tuple(_ISO[:n]),
            visibility="shared",
        ),
    )
    return url.format(pk=conference.pk), ""


def _cultural_event(world: World, n: int, url: str) -> tuple[str, str]:
    from ngoaivu.culture.tests.helpers import make_cultural_event

    agreements = [_agreement(world) for _ in range(n)]
    event = make_cultural_event(
        world, "A", shared=True, country="JP", mission="X", agreement_ids=tuple(a.pk for a in agreements)
    )
    return url.format(pk=event.pk), str(agreements[-1].title_vi)


def _brief(world: World, n: int, url: str) -> tuple[str, str]:
    from ngoaivu.information.tests.factories import make_brief

    brief = make_brief(world, "X", countries=tuple(_ISO[:n]))
    return url.format(pk=brief.pk), ""


def _deputy(world: World, _parent: Any, i: int) -> str:
    from ngoaivu.delegations import services

    today = timezone.localdate()
    services.deputy_create(
        actor=world.users["a_editor"],
        deputy_id=world.users["a_viewer"].pk,
        starts_on=today + dt.timedelta(days=i),
        ends_on=today + dt.timedelta(days=i + 1),
    )
    return ""


def _title(world: World, n: int, url: str) -> tuple[str, str]:
    """A UNESCO title of province A with n other provinces involved."""
    from ngoaivu.culture.tests.helpers import make_title
    from ngoaivu.directory.models import Province

    names = tuple(Province.objects.exclude(code="48").order_by("code").values_list("name", flat=True)[:n])
    title = make_title(world, "A", shared=True, provinces=names)
    return url.format(pk=title.pk), ""


def _document_naming(world: World, n: int, url: str) -> tuple[str, str]:
    """A document whose text names n partners: each is proposed as a link."""
    from ngoaivu.ingest import services

    names = [f"Tập đoàn Thử Nghiệm {_mark('SAO')}" for _ in range(n)]
    for name in names:
        world.partner("A", visibility="shared", marker=name)
    document = services.document_create(
        actor=world.users["a_editor"],
        data=services.DocumentInput(
            text="Tỉnh làm việc với " + ", ".join(names) + " về đầu tư.", visibility="shared"
        ),
    )
    return url.format(pk=document.pk), names[-1]


def _profile_partnerships(url: str) -> Grow:
    """Province A's locality profile; its partnerships are A's agreements (n more, shared)."""

    def grow(world: World, n: int) -> tuple[str, str]:
        from ngoaivu.partnering.models import LocalityProfile
        from ngoaivu.partnering.tests.makers_profiles import province_profile

        if not LocalityProfile.objects.system(reason="test").filter(province__code="48").exists():
            province_profile(world, "A")
        agreements = [_signed_agreement(world) for _ in range(n)]
        return url, str(agreements[-1].title_vi)

    return grow


def _workbook(header: list[str], rows: list[list[Any]]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _uploaded(world: World, url: str, content: bytes, **fields: str) -> str:
    """The preview of an uploaded workbook (the page the upload redirects to)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(f"{_mark('TEP')}.xlsx", content)
    response = world.client("a_editor").post(url, {"file": upload, **fields})
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def _agreement_import(world: World, n: int) -> tuple[str, str]:
    """A file of n rows of an unknown kind: the preview lists a problem per row (a clean file shows counts)."""
    from ngoaivu.agreements import importer

    values = {"kind": "?", "province": "Da Nang", "country": "Nhật Bản", "signed_on": "15/03/2022"}
    rows = [
        [{**values, "title_vi": f"Hợp tác {_mark('NHAP')}"}.get(c.key) for c in importer.COLUMNS]
        for _ in range(n)
    ]
    content = _workbook([c.header for c in importer.COLUMNS], rows)
    return _uploaded(world, "/agreements/import/", content), f"<td>{n + 1}</td>"


def _indicator_import(world: World, n: int) -> tuple[str, str]:
    from ngoaivu.indicators import importer

    marker = _mark("NGUON")
    rows = [
        ["Quảng Nam", str(2000 + i), "fdi_registered_new", "1.000", "USD", "", marker, ""] for i in range(n)
    ]
    content = _workbook([c.header for c in importer.LONG_COLUMNS], rows)
    return _uploaded(world, "/indicators/import/", content, shape="long"), ""


def _reporter_import(world: World, n: int) -> tuple[str, str]:
    from ngoaivu.press import importer

    visit = _press_visit(world)
    names = [f"Reporter {_mark('PV')}" for _ in range(n)]
    rows = [[name, "Phóng viên", "JP", f"TK{i:07d}", "15/04/1985"] for i, name in enumerate(names)]
    content = _workbook(list(importer.HEADER), rows)
    return _uploaded(world, f"/press/{visit.pk}/reporters/import/", content), names[-1]


def _validated_value(world: World) -> Any:
    """A validated yearly remittances figure of province A for a year it has none for yet."""
    from ngoaivu.core.exceptions import ServiceError
    from ngoaivu.indicators import services

    while True:
        year = 1995 + next(_numbers) % 31
        try:
            value = services.value_create(
                actor=world.users["a_editor"],
                data=services.ValueInput(
                    indicator="remittances", period=str(year), value=Decimal(1000), former_province="48"
                ),
            )
        except ServiceError:
            continue
        value = services.value_submit(
            actor=world.users["a_editor"], value_id=value.pk, expected_version=value.version
        )
        return services.value_validate(
            actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
        )


def _recognised_title(world: World) -> Any:
    """A title of province A taken to the ministry, then to UNESCO and inscribed (the ministry records those),
    in a year after another: a row per year."""
    from ngoaivu.culture import services
    from ngoaivu.culture.models import HeritageTitle
    from ngoaivu.culture.tests.helpers import make_title

    title = make_title(world, "A", shared=True)
    year = 1990 + next(_numbers) % 35
    today = timezone.localdate()
    steps: tuple[tuple[str, str, dict[str, Any]], ...] = (
        ("a_editor", "submitted_ministry", {}),
        ("ministry", "submitted_unesco", {}),
        ("ministry", "inscribed", {"decision_year": year, "decision_number": f"{year}/QĐ"}),
    )
    for who, stage, extra in steps:
        actor = world.users[who]
        version = HeritageTitle.objects.visible_to(actor).get(pk=title.pk).version
        title = services.title_advance(
            actor=actor,
            title_id=title.pk,
            expected_version=version,
            data=services.StageInput(stage=stage, on=today, **extra),
        )
    return title


def _attended_course(world: World) -> Any:
    """A participation of province A attended, in a course of a year after another: a row per year."""
    from ngoaivu.training import services
    from ngoaivu.training.models import Course
    from ngoaivu.training.tests.helpers import approve, make_course, nominate

    course = make_course(world, "M", topic="protocol")
    nomination = approve(world, "A", nominate(world, "A", course))
    ministry = world.users["ministry"]
    services.nomination_action(
        actor=ministry, nomination_id=nomination.pk, action="accept", expected_version=None
    )
    year = 2000 + next(_numbers) % 26
    Course.objects.system(reason="test: a course held in the past").filter(pk=course.pk).update(
        starts_on=dt.date(year, 5, 1), ends_on=dt.date(year, 5, 3)
    )
    return services.nomination_action(
        actor=ministry, nomination_id=nomination.pk, action="attend", expected_version=None
    )


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
    Rows("culture/counts/", records(_recognised_title, "/culture/counts/")),
    Rows("training/counts/", records(_attended_course, "/training/counts/?page_size=100")),
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
    Rows("indicators/compare/", records(_validated_value, "/indicators/compare/?from=1995&to=2025")),
    Rows(
        "indicators/compare/",
        records(_validated_value, "/indicators/compare/?from=1995&to=2025&format=xlsx"),
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
    # an organisation's people, for its administrator
    Rows(
        "accounts/users/",
        children(lambda w: None, _person, lambda _: "/accounts/users/?format=xlsx"),
        who="a_admin",
        note="xlsx",
    ),
    Rows(
        "accounts/users/changes/",
        children(lambda w: None, _person, lambda _: "/accounts/users/changes/"),
        who="a_admin",
    ),
    Rows(
        "accounts/users/<int:pk>/",
        children(lambda w: None, _viewer_token, lambda _: f"/accounts/users/{_viewer(_)}/"),
        who="a_admin",
        note="tokens",
    ),
    # rows the ministry or a province adds to reference data
    Rows(
        "delegations/chain/",
        children(lambda w: None, _chain_step, lambda _: "/delegations/chain/"),
        who="a_admin",
    ),
    Rows("indicators/rates/", children(lambda w: None, _rate, lambda _: "/indicators/rates/")),
    Rows("api/v1/indicators/rates", children(lambda w: None, _rate, lambda _: "/api/v1/indicators/rates")),
    Rows("training/schemes/", children(lambda w: None, _scheme, lambda _: "/training/schemes/")),
    Rows(
        "directory/countries/",
        _narrowed("/directory/countries/?format=xlsx&q=han", "/directory/countries/?format=xlsx"),
        note="xlsx",
    ),
    Rows(
        "directory/ftas/",
        _narrowed("/directory/ftas/?format=xlsx&country=CL", "/directory/ftas/?format=xlsx&country=JP"),
        note="xlsx",
    ),
    # more
    Rows(
        "partnering/searches/<int:pk>/",
        children(_partner_search, _proposal, lambda s: f"/partnering/searches/{s.pk}/"),
        note="proposals",
    ),
    Rows(
        "api/v1/partner-searches/<int:search_id>/proposals",
        children(_partner_search, _proposal, lambda s: f"/api/v1/partner-searches/{s.pk}/proposals"),
        note="proposals",
    ),
    Rows("delegations/calendar/feed/<str:token>.ics", _feed, who="anonymous"),
    Rows(
        "indicators/<slug:code>/",
        records(_validated_value, "/indicators/remittances/?from=1995&to=2025"),
    ),
    Rows(
        "api/v1/indicators/<code>/series",
        records(_validated_value, "/api/v1/indicators/remittances/series?group_by=year&from=1995&to=2025"),
    ),
    Rows(
        "api/v1/reports/national-review",
        records(_signed_agreement, "/api/v1/reports/national-review?from=2024-01-01&to=2026-12-31"),
    ),
    # the API reading of the details above
    Rows(
        "api/v1/promotion-events/<int:event_id>",
        children(_maker("promotion_event"), _event_task, lambda e: f"/api/v1/promotion-events/{e.pk}"),
        note="tasks",
    ),
    Rows(
        "api/v1/citizen-cases/<int:case_id>",
        children(_case, _case_action, lambda c: f"/api/v1/citizen-cases/{c.pk}"),
        who="x_officer",
        note="actions",
    ),
    Rows(
        "api/v1/trainings/<int:course_id>",
        children(_course, _nomination, lambda c: f"/api/v1/trainings/{c.pk}"),
        note="nominations",
    ),
    Rows(
        "api/v1/market-access/<int:dossier_id>",
        children(_dossier, _step, lambda d: f"/api/v1/market-access/{d.pk}"),
        who="a_editor",
        note="steps",
    ),
    Rows(
        "api/v1/partner-searches/<int:search_id>",
        children(_partner_search, _proposal, lambda s: f"/api/v1/partner-searches/{s.pk}"),
        note="proposals",
    ),
    Rows(
        "press/<int:pk>/",
        children(_press_visit, _reporter, lambda v: f"/press/{v.pk}/"),
        who="a_editor",
        note="reporters",
    ),
    Rows(
        "api/v1/press-visits/<int:visit_id>",
        children(_press_visit, _article, lambda v: f"/api/v1/press-visits/{v.pk}"),
        who="a_editor",
        note="articles",
    ),
    Rows(
        "api/v1/press-visits/<int:visit_id>/reporters",
        children(_press_visit, _reporter, lambda v: f"/api/v1/press-visits/{v.pk}/reporters"),
        who="a_editor",
        note="reporters",
    ),
    # fragments that list the records linked to one record
    Rows(
        "market-access/for-agreement/<int:agreement_id>/",
        children(_agreement_of_dossiers, _dossier_for, lambda a: f"/market-access/for-agreement/{a.pk}/"),
        who="a_editor",
        note="dossiers",
    ),
    Rows(
        "requests/for-dossier/<int:dossier_id>/",
        children(_dossier, _request_for, lambda d: f"/requests/for-dossier/{d.pk}/"),
        who="a_editor",
        note="requests",
    ),
    Rows(
        "training/trainees/<int:pk>/",
        children(_trainee, _course_of, lambda t: f"/training/trainees/{t.pk}/"),
        who="a_editor",
        note="courses",
    ),
    # the citizen-case counts (the page is in consular/tests/test_query_counts.py)
    Rows("citizen-cases/summary/", records(_case_in, "/citizen-cases/summary/?format=xlsx"), note="xlsx"),
    Rows("api/v1/citizen-cases/summary", records(_case_in, "/api/v1/citizen-cases/summary")),
    # details whose rows are links to other records
    Rows(
        "overseas-vietnamese/associations/<int:pk>/",
        children(_association, _member, lambda a: f"/overseas-vietnamese/associations/{a.pk}/"),
        note="people",
    ),
    Rows(
        "overseas-vietnamese/people/<int:pk>/",
        lambda w, n: _linked("person")(w, n, "/overseas-vietnamese/people/{pk}/"),
        note="associations",
    ),
    Rows(
        "overseas-vietnamese/programmes/<int:pk>/",
        lambda w, n: _linked("programme")(w, n, "/overseas-vietnamese/programmes/{pk}/"),
        note="associations",
    ),
    Rows(
        "api/v1/overseas-vietnamese/programmes/<int:programme_id>",
        lambda w, n: (_linked("programme")(w, n, "/api/v1/overseas-vietnamese/programmes/{pk}")[0], ""),
        note="associations",
    ),
    Rows(
        "delegations/conferences/<int:pk>/",
        lambda w, n: _conference(w, n, "/delegations/conferences/{pk}/"),
        note="countries",
    ),
    Rows(
        "api/v1/conferences/<int:conference_id>",
        lambda w, n: _conference(w, n, "/api/v1/conferences/{pk}"),
        note="countries",
    ),
    Rows(
        "culture/events/<int:pk>/",
        lambda w, n: _cultural_event(w, n, "/culture/events/{pk}/"),
        note="agreements",
    ),
    Rows(
        "api/v1/cultural-events/<int:event_id>",
        lambda w, n: _cultural_event(w, n, "/api/v1/cultural-events/{pk}"),
        note="agreements",
    ),
    Rows("briefs/<int:pk>/", lambda w, n: _brief(w, n, "/briefs/{pk}/"), who="a_editor", note="countries"),
    Rows(
        "api/v1/briefs/<int:brief_id>",
        lambda w, n: _brief(w, n, "/api/v1/briefs/{pk}"),
        who="a_editor",
        note="countries",
    ),
    Rows(
        "delegations/deputies/",
        children(lambda w: None, _deputy, lambda _: "/delegations/deputies/"),
        who="a_editor",
    ),
    Rows("culture/<int:pk>/", lambda w, n: _title(w, n, "/culture/{pk}/"), note="provinces involved"),
    Rows(
        "api/v1/unesco/<int:title_id>",
        lambda w, n: _title(w, n, "/api/v1/unesco/{pk}"),
        note="provinces involved",
    ),
    Rows(
        "documents/<int:pk>/",
        lambda w, n: _document_naming(w, n, "/documents/{pk}/"),
        who="a_editor",
        note="partners named",
    ),
    Rows(
        "api/v1/documents/<int:document_id>",
        lambda w, n: _document_naming(w, n, "/api/v1/documents/{pk}"),
        who="a_editor",
        note="partners named",
    ),
    Rows(
        "requests/<int:pk>/", lambda w, n: _answered(w, n, "/requests/{pk}/"), who="a_editor", note="answers"
    ),
    Rows(
        "api/v1/requests/<int:request_id>",
        lambda w, n: _answered(w, n, "/api/v1/requests/{pk}"),
        who="a_editor",
        note="answers",
    ),
    Rows(
        "requests/<int:pk>/shared/",
        lambda w, n: _answered(w, n, "/requests/{pk}/shared/"),
        who="b_editor",
        note="answers",
    ),
    Rows(
        "partnering/profiles/<str:code>/",
        _profile_partnerships("/partnering/profiles/48/"),
        note="partnerships",
    ),
    Rows("api/v1/profiles/<code>", _profile_partnerships("/api/v1/profiles/48"), note="partnerships"),
    # the preview of an uploaded workbook, a row per line of the file
    Rows("agreements/import/<int:pk>/", _agreement_import, who="a_editor", note="problems of the rows"),
    Rows("indicators/import/<int:pk>/", _indicator_import, who="a_editor", note="rows of the file"),
    Rows(
        "press/<int:pk>/reporters/import/<int:batch>/",
        _reporter_import,
        who="a_editor",
        note="rows of the file",
    ),
]


# Every route of the matrix read with GET and not declared a list is counted above, counted by another test, or
# shows no number of rows that grows (a form, a file, one record, a fixed reference set): said here, so that a new
# page with rows is put in CASES or named here with its reason.
FORM_OR_FILE = (
    "new/",
    "edit/",
    "/delete/",
    "/ask/",
    "/import/",
    "template/",
    "/file/",
    "/file",
    "/download/",
    "/version/",
)
ELSEWHERE = {
    "directory/missions/": "directory/tests/test_partners.py (a longer page)",
    "api/v1/ftas": "directory/tests/test_ftas.py (a longer page)",
    "directory/ftas/": "directory/tests/test_ftas.py (a longer page; the XLSX here)",
    "accounts/users/": "accounts/tests/test_users.py (2 and 30 people; the XLSX here)",
    "citizen-cases/summary/": "consular/tests/test_query_counts.py (more countries; the XLSX here)",
    "directory/partners/<int:pk>/": "directory/tests/test_partner_mentions.py (mentions; contacts, history here)",
    "api/v1/users": "accounts/tests/test_users.py (2 and 30 people)",
    "partnering/searches/funnel/": "partnering/tests/test_searches.py (2 and 30 searches)",
    "api/v1/partner-searches/<int:search_id>/suggestions": "partnering/tests/test_searches.py (few and many)",
}
NO_ROWS = {
    # signing in, the user's own account, the machinery
    **dict.fromkeys(
        [
            "accounts/login/",
            "accounts/login/code/",
            "accounts/password/",
            "accounts/password/forgot/",
            "accounts/password/set/",
            "accounts/password/set/<str:token>/",
            "accounts/mfa/",
            "accounts/mfa/enrol/",
            "accounts/mfa/disable/",
            "documents/ingest/",
            "accounts/me/",
            "api/v1/me",
            "api/v1/ping",
            "api/v1/",
            "api/v1/docs",
            "api/v1/openapi.json",
            "healthz",
            "static/<path:path>",
            "oidc/authenticate/",
            "oidc/callback/",
            "session/status/",
            "drafts/",
        ],
        "no rows: a form, a status or the user's own account",
    ),
    # reference rows loaded from the fixtures, a fixed number whatever the use of the site
    **dict.fromkeys(
        [
            "directory/calendar/",
            "api/v1/calendar/add-days",
            "directory/provinces/<str:code>/",
            "api/v1/provinces/<code>",
            "directory/missions/<slug:code>/",
            "api/v1/missions/<code>",
            "api/v1/countries/<iso2>",
            "directory/ftas/<int:pk>/",
            "api/v1/ftas/<key>",
            "requests/categories/",
            "api/v1/requests/categories",
            "agreements/rules/",
            "indicators/",
            "api/v1/indicators",
            "api/v1/market-access/stages",
            "api/v1/map/provinces",
            "partnering/searches/weights/",
            "reports/builder/",
        ],
        "a fixed set of reference rows (fixtures), not grown by users",
    ),
    # one record without child rows in its answer
    **dict.fromkeys(
        [
            "api/v1/users/<int:user_id>",
            "api/v1/partners/<int:partner_id>",
            "api/v1/indicators/values/<int:value_id>",
            "api/v1/indicators/rates/<int:rate_id>",
            "indicators/values/<int:pk>/",
            "api/v1/reports/<int:run_id>",
            "reports/runs/<int:run_id>/",
            "training/schemes/<int:pk>/",
            "indicators/provinces/<str:code>/",  # a year's figure of each indicator of the (fixed) catalogue
            "briefs/for-request/<int:request_id>/",  # a request asks about one brief (one-to-one)
            "overseas-vietnamese/investments/<int:pk>/",
            "api/v1/overseas-vietnamese/investments/<int:investment_id>",
            "api/v1/border-mechanisms/<int:mechanism_id>",  # its meetings are not in the answer
            "api/v1/overseas-vietnamese/associations/<int:association_id>",  # nor its people
            "api/v1/overseas-vietnamese/people/<int:person_id>",  # nor the associations
        ],
        "one record, no child rows",
    ),
    # one file
    **dict.fromkeys(
        [
            "agreements/<int:pk>/files/<int:file_id>/",
            "border/<int:pk>/files/<int:file_pk>/",
            "briefs/<int:pk>/attachments/<int:attachment_id>/",
            "market-access/<int:pk>/documents/<int:document_id>/",
            "requests/<int:pk>/attachments/<int:attachment_id>/",
            "press/reporters-template.xlsx",
        ],
        "one file",
    ),
}
LEFT: dict[str, str] = {
    # rows not counted yet, and why
}


def _accounted(route: str) -> bool:
    return (
        route in {c.route for c in CASES}
        or route in ELSEWHERE
        or route in NO_ROWS
        or route in LEFT
        or route.endswith(FORM_OR_FILE)
    )


def test_every_page_with_rows_is_counted_or_said_why_not() -> None:
    from ngoaivu.core.testing.endpoints import all_endpoints

    endpoints = all_endpoints()
    lists = {e.route for e in endpoints if e.kind == "list"}
    pages = {e.route for e in endpoints if e.method == "get" and e.route not in lists}
    assert sorted(r for r in pages if not _accounted(r)) == []
    named = {c.route for c in CASES} | ELSEWHERE.keys() | NO_ROWS.keys() | LEFT.keys()
    assert sorted(named - pages) == []  # no name of a route gone or declared a list since


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_page_runs_as_many_queries_for_12_more_rows(world: World, case: Rows) -> None:
    if case.who == "a_admin":
        client = Client()
        client.force_login(_admin(world))
    else:
        client = world.client(case.who)
    url, _label = case.grow(world, 2)
    few, _text = queries_and_text(client, url)
    url, label = case.grow(world, 14)
    many, text = queries_and_text(client, url)
    if label:
        assert label in text, f"{case}: the last row is not on the page"
    assert many == few, f"{case}: {few} queries for 2 rows, {many} for 14"
