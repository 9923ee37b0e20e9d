"""Partner searches: the workflow (draft → open → closed with an outcome), proposals and their dated, audited
states, four eyes, the funnel counts, the suggestion score's reasons and weights, the forms and the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from ngoaivu.accounts.models import Role
from ngoaivu.accounts.services import user_create
from ngoaivu.agreements import services as agreement_services
from ngoaivu.audit.models import AuditEvent
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.exceptions import ServiceError, StateConflict
from ngoaivu.core.testing.world import PASSWORD, make_agreement
from ngoaivu.partnering import selectors, services
from ngoaivu.partnering.models import LocalityProfile, PartnerSearch, Proposal, SuggestionWeight
from ngoaivu.partnering.suggestions import suggestions_for
from ngoaivu.partnering.tests.factories_searches import make_search, propose

TODAY = dt.date(2026, 3, 10)
pytestmark = pytest.mark.django_db


def _move(world, who, search, proposal, to, on=None, reason=""):
    return services.proposal_move(
        actor=world.users[who],
        search_id=search.pk,
        proposal_id=proposal.pk,
        expected_version=None,
        to=to,
        on=on,
        reason=reason,
    )


def _actions(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


@freeze_time("2026-03-10 09:00:00")
def test_the_whole_workflow_is_dated_and_audited_and_closes_with_an_agreement(world):
    search = make_search(world, "A", countries=("JP",), fields=("tourism",), state="draft")
    assert search.state == "draft"
    assert search.opened_on is None
    search = services.search_open(actor=world.users["a_editor"], search_id=search.pk, expected_version=None)
    assert search.state == "open"
    assert search.opened_on == TODAY
    proposal = propose(world, "x_officer", search)
    assert proposal.state == "proposed"
    assert proposal.proposed_on == TODAY
    assert proposal.proposer_org_id == world.orgs["X"].pk
    for to in ("shortlisted", "contacted", "met", "agreement"):
        proposal = _move(world, "a_editor", search, proposal, to)
    proposal.refresh_from_db()
    assert (proposal.shortlisted_on, proposal.contacted_on, proposal.met_on, proposal.agreement_on) == (
        TODAY,
    ) * 4
    assert _actions(proposal) == [
        "partner_proposal.create",
        "partner_proposal.shortlisted",
        "partner_proposal.contacted",
        "partner_proposal.met",
        "partner_proposal.agreement",
    ]
    agreement = make_agreement(world, "A", country="JP", signed=True)
    search = services.search_close(
        actor=world.users["a_editor"], search_id=search.pk, expected_version=None, agreement_id=agreement.pk
    )
    assert search.state == "closed"
    assert search.outcome_agreement_id == agreement.pk
    assert search.closed_on == TODAY
    assert _actions(search) == ["partner_search.create", "partner_search.open", "partner_search.close"]
    page = world.client("a_editor").get(f"/partnering/searches/{search.pk}/").content.decode()
    assert f"/agreements/{agreement.pk}/" in page
    assert agreement.title_vi in page
    with pytest.raises(StateConflict):  # closed: nothing moves any more
        _move(world, "a_editor", search, proposal, "declined", reason="x")


@freeze_time("2026-03-10 09:00:00")
def test_outcome_must_be_an_agreement_the_owner_sees_or_a_reason(world):
    search = make_search(world, "A")
    with pytest.raises(ServiceError) as empty:
        services.search_close(actor=world.users["a_editor"], search_id=search.pk, expected_version=None)
    assert "reason" in empty.value.errors
    hidden = make_agreement(world, "B", country="JP")  # B's, private: A cannot see it in the register
    with pytest.raises(ServiceError) as unseen:
        services.search_close(
            actor=world.users["a_editor"], search_id=search.pk, expected_version=None, agreement_id=hidden.pk
        )
    assert "agreement" in unseen.value.errors
    closed = services.search_close(
        actor=world.users["a_editor"], search_id=search.pk, expected_version=None, reason="Chưa phù hợp"
    )
    assert closed.close_reason == "Chưa phù hợp"
    assert closed.outcome_agreement_id is None


@freeze_time("2026-03-10 09:00:00")
def test_four_eyes_the_proposer_never_shortlists_its_own_proposal(world):
    """An inbound search entered by mission X: X's officer proposes a province, so another X officer
    shortlists it."""
    search = make_search(world, "X", countries=("JP",), inbound=True)
    proposal = propose(world, "x_officer", search, province="48")
    with pytest.raises(StateConflict, match="Người đề xuất"):
        _move(world, "x_officer", search, proposal, "shortlisted")
    other = user_create(
        actor=SystemActor("test"),
        username="x_officer2",
        password=PASSWORD,
        organisation=world.orgs["X"],
        roles=[Role.OFFICER],
        check_password=False,
        is_superuser=False,
    )
    moved = services.proposal_move(
        actor=other, search_id=search.pk, proposal_id=proposal.pk, expected_version=None, to="shortlisted"
    )
    assert moved.state == "shortlisted"


@freeze_time("2026-03-10 09:00:00")
def test_proposals_move_one_step_and_are_declined_with_a_reason(world):
    search = make_search(world, "A")
    proposal = propose(world, "ministry", search)
    with pytest.raises(StateConflict):
        _move(world, "a_editor", search, proposal, "contacted")  # not shortlisted yet
    with pytest.raises(ServiceError) as no_reason:
        _move(world, "a_editor", search, proposal, "declined")
    assert "reason" in no_reason.value.errors
    with pytest.raises(ServiceError) as future:
        _move(world, "a_editor", search, proposal, "shortlisted", on=TODAY + dt.timedelta(days=1))
    assert "on" in future.value.errors
    declined = _move(world, "a_editor", search, proposal, "declined", reason="Không cùng quy mô")
    assert declined.declined_on == TODAY
    assert declined.decline_reason == "Không cùng quy mô"
    with pytest.raises(StateConflict):
        _move(world, "a_editor", search, proposal, "shortlisted")
    with pytest.raises(ServiceError) as twice:  # the same partner again
        propose(world, "ministry", search, partner=proposal.partner)
    assert "partner" in twice.value.errors


@freeze_time("2026-03-10 09:00:00")
def test_a_new_candidate_is_created_in_the_directory_by_the_proposer(world):
    from ngoaivu.directory.models import Partner

    search = make_search(world, "A", shared=True)
    proposal = services.proposal_create(
        actor=world.users["x_officer"],
        search_id=search.pk,
        expected_version=None,
        data=services.ProposalInput(new_name="Thành phố Sakai", new_kind="locality", new_country="JP"),
    )
    partner = Partner.objects.system(reason="test").get(pk=proposal.partner_id)
    assert partner.owner_org_id == world.orgs["X"].pk
    assert partner.visibility == "shared"
    with pytest.raises(ServiceError) as bad:
        services.proposal_create(
            actor=world.users["x_officer"],
            search_id=search.pk,
            expected_version=None,
            data=services.ProposalInput(new_name="Osaka", new_kind="", new_country="ZZ"),
        )
    assert {"new_kind", "new_country"} <= set(bad.value.errors)


def test_provinces_post_outbound_and_missions_inbound_searches(world):
    with pytest.raises(Exception) as refused:
        make_search(world, "A", inbound=True)
    assert type(refused.value).__name__ == "Forbidden"
    with pytest.raises(Exception) as refused2:
        make_search(world, "X")  # a mission does not post a province's search
    assert type(refused2.value).__name__ == "Forbidden"
    inbound = make_search(world, "M", countries=("KR",), inbound=True)
    assert inbound.province_id is None
    assert inbound.seeker_id is not None


@freeze_time("2026-03-10 09:00:00")
def test_funnel_counts_each_search_once_per_stage_reached(world):
    s1 = make_search(world, "A", countries=("JP",))  # proposed, contacted, met, agreement
    p1 = propose(world, "x_officer", s1)
    for to in ("shortlisted", "contacted", "met", "agreement"):
        _move(world, "a_editor", s1, p1, to)
    s2 = make_search(world, "A", countries=("JP", "KR"))  # two proposals, one contacted
    p2 = propose(world, "ministry", s2)
    propose(world, "x_officer", s2)
    _move(world, "a_editor", s2, p2, "shortlisted")
    _move(world, "a_editor", s2, p2, "contacted")
    make_search(world, "B", countries=("KR",), shared=True)  # posted only
    make_search(world, "B", countries=("KR",), state="draft")  # a draft is not posted
    funnel = selectors.funnel(user=world.users["ministry"])
    assert funnel.total.counts == {"posted": 3, "proposed": 2, "contacted": 2, "met": 1, "agreement": 1}
    provinces = {r.key: r.counts for r in funnel.provinces}
    assert provinces["48"] == {"posted": 2, "proposed": 2, "contacted": 2, "met": 1, "agreement": 1}
    assert provinces["12"] == {"posted": 1, "proposed": 0, "contacted": 0, "met": 0, "agreement": 0}
    countries = {r.key: r.counts for r in funnel.countries}
    assert countries["JP"] == {"posted": 2, "proposed": 2, "contacted": 2, "met": 1, "agreement": 1}
    assert countries["KR"] == {"posted": 2, "proposed": 1, "contacted": 1, "met": 0, "agreement": 0}
    missions = {r.key: r.counts for r in funnel.missions}
    # Tokyo covers Japan (s1, s2) and proposed in both; only its s1 candidate went further
    assert missions["cqdd-jp-tokyo"] == {"posted": 2, "proposed": 2, "contacted": 1, "met": 1, "agreement": 1}
    # each number links to the list filtered the same way: the list shows as many searches
    client = world.client("ministry")
    for key, value, counts in [
        ("province", "48", provinces["48"]),
        ("country", "KR", countries["KR"]),
        ("mission", "cqdd-jp-tokyo", missions["cqdd-jp-tokyo"]),
    ]:
        for stage, n in counts.items():
            body = client.get(f"/api/v1/partner-searches?{key}={value}&funnel={stage}").json()
            assert body["count"] == n, (key, value, stage)
    page = client.get("/partnering/searches/funnel/")
    assert page.status_code == 200
    assert "?country=JP&amp;funnel=met" in page.content.decode()
    export = client.get("/partnering/searches/funnel/?format=xlsx")
    assert export.status_code == 200
    assert "spreadsheetml" in export["Content-Type"]


def _profile(world, partner, fields=(), industries=""):
    from ngoaivu.agreements.models import CooperationField

    profile = LocalityProfile.objects.create(
        owner_org=world.orgs["X"], partner=partner, main_industries=industries
    )
    profile.fields_sought.set(CooperationField.objects.filter(code__in=fields))
    return profile


def test_suggestions_show_their_reasons_and_follow_the_weights(world):
    from ngoaivu.directory.models import Province

    search = make_search(world, "A", countries=("JP",), fields=("tourism", "education"), shared=True)
    sister = world.partner("X", visibility="shared", country="JP", marker="Sakai")
    LocalityProfile.objects.filter(
        pk=_profile(world, sister, ("tourism", "education"), "du lịch, cảng biển").pk
    )
    from ngoaivu.directory.models import Partner

    Partner.objects.system(reason="test").filter(pk=sister.pk).update(kind="locality")
    firm = world.partner("X", visibility="shared", country="JP", marker="Toyota Tsusho")
    busan = world.partner("Y", visibility="shared", country="KR", marker="Busan")
    Partner.objects.system(reason="test").filter(pk=busan.pk).update(kind="locality")
    _profile(world, busan, ("tourism",))
    own = LocalityProfile.objects.create(
        owner_org=world.orgs["A"],
        province=Province.objects.get(code="48"),
        main_industries="Du lịch; công nghệ",
    )
    assert own.pk
    agreement_services.agreement_create(
        actor=world.users["a_editor"],
        data=agreement_services.AgreementInput(
            kind="provincial",
            title_vi="Biên bản ghi nhớ với Toyota Tsusho",
            country="JP",
            partner_ids=(firm.pk,),
        ),
    )
    found = suggestions_for(user=world.users["a_editor"], search=search)
    by_name = {s.name: s for s in found}
    texts = [r.text for r in by_name["Sakai"].reasons]
    assert "cùng lĩnh vực: Du lịch, Giáo dục, đào tạo (+2 × 3)" in texts
    assert "đúng quốc gia cần tìm: Nhật Bản (+1 × 4)" in texts
    assert "đúng loại đối tác: Địa phương (+1 × 2)" in texts
    assert "hồ sơ giống nhau (ngành kinh tế chính): du lich (+1 × 1)" in texts
    assert by_name["Sakai"].score == 6 + 4 + 2 + 1 + 1  # and the province's one agreement with Japan
    assert any(r.key == "past_partner" and "Đà Nẵng" in r.detail for r in by_name["Toyota Tsusho"].reasons)
    # the search's countries filter the candidates: Busan (Korea) seeks the same field but is not suggested
    assert "Busan" not in by_name
    assert found[0].name == "Sakai"
    # the weights are data: with field, kind and profile worth nothing, the Japanese firm passes Sakai
    order = lambda: [s.name for s in suggestions_for(user=world.users["a_editor"], search=search)]  # noqa: E731
    firm_score = by_name["Toyota Tsusho"].score
    assert order().index("Sakai") < order().index("Toyota Tsusho")
    SuggestionWeight.objects.filter(key__in=["field", "kind", "profile"]).update(weight=0)
    assert order().index("Toyota Tsusho") < order().index("Sakai")
    assert firm_score > 5


def test_weights_are_seeded_from_the_data_file_and_changed_by_site_admins_only(world):
    import csv
    from pathlib import Path

    rows = list(csv.DictReader((Path(services.__file__).parent / "data" / "suggestion_weights.csv").open()))
    assert {r["key"]: int(r["weight"]) for r in rows} == dict(
        SuggestionWeight.objects.values_list("key", "weight")
    )
    response = world.client("ministry").post("/partnering/searches/weights/", {"key": "field", "weight": "9"})
    assert response.status_code == 403
    assert SuggestionWeight.objects.get(key="field").weight == 3  # refused: not a site administrator
    services.weight_update(actor=SystemActor("test"), key="field", weight=9)
    assert SuggestionWeight.objects.get(key="field").weight == 9


def test_inbound_suggestions_rank_provinces_by_profile_and_past_agreements(world):
    from ngoaivu.agreements.models import CooperationField
    from ngoaivu.directory.models import Province

    search = make_search(world, "X", countries=("JP",), inbound=True, fields=("agriculture",))
    profile = LocalityProfile.objects.create(
        owner_org=world.orgs["B"], province=Province.objects.get(code="12")
    )
    profile.fields_sought.set(CooperationField.objects.filter(code="agriculture"))
    make_agreement(world, "A", country="JP", shared=True)
    found = {s.province.code: s for s in suggestions_for(user=world.users["x_officer"], search=search)}
    assert [r.text for r in found["12"].reasons if r.key == "field"] == [
        "cùng lĩnh vực: Nông nghiệp (+1 × 3)"
    ]
    assert any(r.key == "province_country" for r in found["48"].reasons)


@freeze_time("2026-03-10 09:00:00")
def test_forms_validate_in_vietnamese_naming_the_field(world):
    client = world.client("a_editor")
    response = client.post(
        "/partnering/searches/new/",
        {
            "direction": "outbound",
            "title": "",
            "partner_kind": "locality",
            "wants": "",
            "visibility": "shared",
            "open_until": "2026-01-01",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tiêu đề" in page
    assert "Điều mong muốn" in page
    response = client.post(
        "/partnering/searches/new/",
        {
            "direction": "outbound",
            "title": "Tìm địa phương kết nghĩa",
            "partner_kind": "locality",
            "wants": "Giao lưu văn hóa",
            "visibility": "shared",
            "open_until": "2026-01-01",
            "countries": "JP",
        },
    )
    assert response.status_code == 400
    assert "Ngày tìm đến không được trước hôm nay." in response.content.decode()
    # (the missing countries are named with the other required fields: test_searches_walk.py)
    ok = client.post(
        "/partnering/searches/new/",
        {
            "direction": "outbound",
            "title": "Tìm địa phương kết nghĩa",
            "partner_kind": "locality",
            "wants": "Giao lưu văn hóa",
            "visibility": "shared",
            "open_until": "2026-12-31",
            "countries": ["JP"],
            "fields": ["culture"],
        },
    )
    assert ok.status_code == 302
    search = PartnerSearch.objects.system(reason="test").get(title="Tìm địa phương kết nghĩa")
    assert search.province.code == "48"
    assert search.state == "draft"
    form = client.get("/partnering/searches/new/").content.decode()
    assert 'type="date"' in form


@freeze_time("2026-03-10 09:00:00")
def test_api_create_etag_patch_and_proposals(world):
    client = world.client("a_editor")
    body = {
        "title": "Tìm đối tác giáo dục",
        "partner_kind": "university",
        "wants": "Trao đổi sinh viên",
        "countries": ["JP"],
        "fields": ["education"],
        "open_until": "2026-12-31",
    }
    created = client.post("/api/v1/partner-searches", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    got = client.get(f"/api/v1/partner-searches/{sid}")
    assert got["ETag"] == '"1"'
    patch = lambda v, data: client.patch(  # noqa: E731
        f"/api/v1/partner-searches/{sid}",
        json.dumps(data),
        content_type="application/json",
        headers={"If-Match": v} if v else {},
    )
    assert patch(None, {"title": "x"}).status_code == 428
    assert patch('"9"', {"title": "x"}).status_code == 412
    bad = patch('"1"', {"countries": ["ZZ"]})
    assert bad.status_code == 422
    assert "countries" in bad.content.decode()
    assert patch('"1"', {"offers": "Học bổng"}).json()["offers"] == "Học bổng"
    opened = client.post(
        f"/api/v1/partner-searches/{sid}/open",
        "{}",
        content_type="application/json",
        headers={"If-Match": '"2"'},
    )
    assert opened.status_code == 200
    assert opened.json()["state"] == "open"
    partner = world.partner("X", visibility="shared", country="JP")
    proposed = world.client("x_officer").post(
        f"/api/v1/partner-searches/{sid}/proposals",
        json.dumps({"partner": partner.pk}),
        content_type="application/json",
        headers={"If-Match": '"3"'},
    )
    assert proposed.status_code == 200
    assert proposed.json()["proposal_list"][0]["state"] == "proposed"
    pid = proposed.json()["proposal_list"][0]["id"]
    moved = client.post(
        f"/api/v1/partner-searches/{sid}/proposals/{pid}/state",
        json.dumps({"to": "shortlisted"}),
        content_type="application/json",
        headers={"If-Match": '"4"'},
    )
    assert moved.status_code == 200
    assert moved.json()["proposal_list"][0]["shortlisted_on"] == "2026-03-10"
    assert Proposal.objects.get(pk=pid).state == "shortlisted"


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/partnering/searches/?page_size=100",
        "/partnering/searches/?format=xlsx",
        "/api/v1/partner-searches?page_size=100",
        "/partnering/searches/funnel/",
    ],
)
def test_lists_run_the_same_queries_for_2_and_30_searches(world, url):
    client = world.client("ministry")

    def add(n):
        for _i in range(n):
            search = make_search(world, "A", shared=True, fields=("tourism",))
            propose(world, "x_officer", search)

    add(2)
    client.get(url)  # warm caches (reference rows, session)
    few = _count(client, url)
    add(28)
    assert _count(client, url) == few


def test_suggestions_run_the_same_queries_for_few_and_many_candidates(world):
    search = make_search(world, "A", countries=("JP",), fields=("tourism",), shared=True)
    client = world.client("ministry")
    url = f"/api/v1/partner-searches/{search.pk}/suggestions"
    for _i in range(2):
        world.partner("X", visibility="shared", country="JP")
    client.get(url)
    few = _count(client, url)
    for _i in range(28):
        world.partner("X", visibility="shared", country="JP")
    assert _count(client, url) == few
    assert len(client.get(url).json()) == 20  # the best SHOWN


def test_past_cooperation_in_the_region_counts_the_neighbouring_provinces(world):
    """Đà Nẵng (48) is in the region "Bắc Trung Bộ và duyên hải miền Trung" (information/data/regions.csv): an
    agreement of Huế (46) with Japan that the reader sees is a reason for every Japanese candidate."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.directory.models import Province
    from ngoaivu.partnering.suggestions import region_of

    name, codes = region_of("48")
    assert "46" in codes
    assert name
    search = make_search(world, "A", countries=("JP",), shared=True)
    world.partner("X", visibility="shared", country="JP", marker="Sakai")
    agreement = make_agreement(world, "A", country="JP")
    Agreement.objects.system(reason="test").filter(pk=agreement.pk).update(
        province=Province.objects.get(code="46")
    )
    found = {s.name: s for s in suggestions_for(user=world.users["a_editor"], search=search)}
    texts = [r.text for r in found["Sakai"].reasons if r.key == "region_country"]
    huế = Province.objects.get(code="46").name
    assert texts == [f"tỉnh cùng vùng đã có thỏa thuận với quốc gia này: {name}: {huế} (+1 × 1)"]
    # the ministry reads every agreement: the same reason
    found_b = suggestions_for(user=world.users["ministry"], search=search)
    assert any(r.key == "region_country" for s in found_b for r in s.reasons)


def test_an_inbound_search_names_only_a_shared_seeker(world):
    """The search shows its seeker to every reader: a private directory partner would leak through it."""
    private = world.partner("X", visibility="private", country="JP")
    with pytest.raises(ServiceError) as refused:
        make_search(world, "X", countries=("JP",), inbound=True, seeker=private)
    assert "seeker" in refused.value.errors
