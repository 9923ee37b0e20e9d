"""Search, issue 18: a former province ranks the records that name it first and groups the successor's newer
records apart ("Theo tên tỉnh cũ: Quảng Nam → nay thuộc Đà Nẵng"); answers and partner contacts are found,
each only where its request / contact and partner may be seen; the page says nothing in codes or English."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.utils import translation

from ngoaivu.core.testing.world import ALL_USERS, USERS, make_delegation, make_request
from ngoaivu.search import services
from ngoaivu.search.registry import kinds
from ngoaivu.search.selectors import Filters, search, search_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def visible_text(response) -> str:
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", body))


def plain(hit) -> str:
    return str(hit.title).replace("<mark>", "").replace("</mark>", "")


def ids(groups, kind=None):
    return {h.id for g in groups for h in g.hits if kind is None or g.kind == kind}


@pytest.fixture
def places(world):
    """Quảng Nam's own record, a Đà Nẵng record since the merger that names Quảng Nam, and Đà Nẵng's newer
    records that do not (the flood)."""
    import datetime as dt

    from ngoaivu.agreements import services as agreement_services

    editor = world.users["a_editor"]
    own = agreement_services.agreement_create(
        actor=editor,
        data=agreement_services.AgreementInput(
            kind="provincial",
            title_vi="Biên bản ghi nhớ hợp tác du lịch Hội An",
            country="KR",
            province="quang nam",
            signed_on=dt.date(2019, 4, 2),
            state="in_implementation",
        ),
    )
    naming = make_delegation(world, "A", country="JP", marker="Đoàn khảo sát di sản Hội An, Quảng Nam")
    flood = [
        make_delegation(world, "A", country="JP", marker=f"Đoàn xúc tiến đầu tư số {i}") for i in range(6)
    ]
    services.rebuild()
    return {"own": own, "naming": naming, "flood": flood}


@pytest.mark.parametrize("q", ["quang nam", "Quảng Nam", "QUẢNG NAM", "quảng nam"])
def test_a_former_province_lists_the_records_naming_it_and_groups_the_successors_apart(world, places, q):
    page = search_page(world.users["a_editor"], q, Filters())
    # ids compared within one kind: an agreement and a delegation may share a number (PostgreSQL's sequences
    # are not reset between tests, so that happened in one run out of many)
    named = ids(page.groups, "delegation")
    assert places["own"].pk in ids(page.groups, "agreement")
    assert places["naming"].pk in named
    assert not {d.pk for d in places["flood"]} & named  # Đà Nẵng's other records do not flood the results
    former = ids(page.former, "delegation")
    assert former <= {d.pk for d in places["flood"]}  # a few per kind are shown, newest first…
    delegations = next(g for g in page.former if g.kind == "delegation")
    assert delegations.count == 6  # …but all are counted
    assert len(delegations.hits) == 3
    assert page.former_heading == "Theo tên tỉnh cũ: Quảng Nam → nay thuộc Đà Nẵng"


def test_the_api_keeps_both_and_ranks_the_records_naming_the_former_province_first(world, places):
    _query, groups = search(world.users["a_editor"], "quang nam", Filters(kind="delegation"), limit=20)
    hits = groups[0].hits
    assert hits[0].id == places["naming"].pk
    assert hits[0].via_former == ""
    assert {h.via_former for h in hits[1:]} == {"Quảng Nam → Đà Nẵng"}


def test_the_search_page_shows_the_former_province_section_and_its_see_all_link(world, places):
    client = world.client("a_editor")
    response = client.get("/search/", {"q": "Quảng Nam"})
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(response)
    heading = "Theo tên tỉnh cũ: Quảng Nam → nay thuộc Đà Nẵng"
    assert heading in text
    assert text.index("Biên bản ghi nhớ hợp tác du lịch Hội An") < text.index(heading)
    assert text.index("Đoàn khảo sát di sản Hội An") < text.index(heading)
    assert text.index(heading) < text.index("Đoàn xúc tiến đầu tư số")
    assert "<details" in html  # collapsed; opens without JavaScript
    assert re.search(r'href="\?q=[^"&]*&amp;tinh_cu=1"', html)  # all of them, every kind
    link = re.search(r'href="\?([^"]*type=delegation[^"]*tinh_cu=1[^"]*)"', html)
    assert link is not None
    see_all = client.get("/search/?" + htmllib.unescape(link.group(1)))
    all_text = visible_text(see_all)
    assert all(f"Đoàn xúc tiến đầu tư số {i}" in all_text for i in range(6))
    assert "Đoàn khảo sát di sản Hội An" not in all_text
    assert heading in all_text
    assert "Bản ghi nhắc đến Quảng Nam" in all_text  # the way back


def test_a_plain_query_has_no_former_section(world, places):
    page = search_page(world.users["a_editor"], "xuc tien dau tu", Filters())
    assert page.former == []
    assert len(ids(page.groups, "delegation")) == 5  # five per kind on the all-kinds page
    text = visible_text(world.client("a_editor").get("/search/", {"q": "xuc tien dau tu"}))
    assert "Theo tên tỉnh cũ" not in text


@pytest.mark.parametrize("who", [u for u in USERS if u not in {"inactive", "noorg"}])
def test_every_hit_of_both_sections_is_one_the_user_may_open(world, places, who):
    make_delegation(world, "B", country="KR", marker="Đoàn của tỉnh B về Quảng Nam")
    services.rebuild()
    user = world.users[who]
    page = search_page(user, "quang nam", Filters())
    for group in [*page.groups, *page.former]:
        kind = kinds()[group.kind]
        for hit in group.hits:
            assert kind.visible(user).filter(pk=hit.id).exists(), (who, group.kind, plain(hit))


# --------------------------------------------------------------------------- answers and contacts


def answer(world, req, who, text, contacts=""):
    from ngoaivu.requests import services as request_services

    request_services.request_action(
        actor=world.users[who], request_id=req.pk, action="answer", text=text, partner_contacts=contacts
    )
    return req.recipients.get(organisation__code=world.orgs[USERS[who][0]].code).answers.get()


@pytest.fixture
def answered(world):
    seen = make_request(world, "A", ["X"], marker="Tìm đối tác du lịch Osaka")
    hidden = make_request(world, "B", ["X"], marker="Tìm đối tác nông nghiệp Osaka")
    records = {
        "seen": seen,
        "hidden": hidden,
        "a_seen": answer(
            world,
            seen,
            "x_officer",
            "Hiệp hội du lịch Kansai zqxansa đồng ý tiếp đoàn",
            "Ông Tanaka Hiroshi, Giám đốc, tanaka@kansai.example.jp",
        ),
        "a_hidden": answer(
            world, hidden, "x_officer", "Hợp tác xã nông nghiệp zqxansb sẵn sàng", "Bà Sato Yuki, sato@zqx.jp"
        ),
    }
    services.rebuild()
    return records


def test_an_answer_and_its_partner_contacts_are_found_and_link_to_the_answer(world, answered):
    user = world.users["a_editor"]
    for q in ("zqxansa", "tanaka hiroshi", "tanaka@kansai.example.jp", "giám đốc kansai"):
        _query, groups = search(user, q, Filters())
        found = {(g.kind, h.id): h for g in groups for h in g.hits}
        assert ("answer", answered["a_seen"].pk) in found, q
        hit = found[("answer", answered["a_seen"].pk)]
        assert hit.url == f"/requests/{answered['seen'].pk}/#answer-{answered['a_seen'].pk}"
    response = world.client("a_editor").get("/search/", {"q": "tanaka"})
    text = visible_text(response)
    assert "Trả lời đặt hàng" in text
    assert "Tìm đối tác du lịch Osaka" in text
    assert f"#answer-{answered['a_seen'].pk}" in response.content.decode()


@pytest.mark.parametrize("who", ALL_USERS)
def test_an_answer_of_a_request_the_user_may_not_see_is_never_a_hit(world, answered, who):
    from ngoaivu.core.testing.world import can_view_request

    for url in ("/search/?q=zqxans", "/api/v1/search?q=zqxans", "/search/?q=zqxans&type=answer"):
        response = world.client(who).get(url)
        if response.status_code != 200:
            assert who in {"anonymous", "inactive", "noorg"}
            continue
        assert (
            "zqxansb" in response.content.decode().lower().replace("<mark>", "").replace("</mark>", "")
        ) == (can_view_request(who, "B", ["X"])), (who, url)


@pytest.fixture
def contacts(world):
    a_private = world.partner("A", marker="Công ty Zqxpriv Nhật Bản")
    a_shared = world.partner("A", visibility="shared", marker="Tập đoàn Zqxshar Hàn Quốc")
    b_private = world.partner("B", marker="Công ty Zqxbpriv")
    records = {
        "a_private": world.contact(a_private, "A", marker="Zqxc Yamada"),
        "a_shared": world.contact(a_shared, "A", marker="Zqxc Kimura"),
        "a_shared_no_consent": world.contact(a_shared, "A", consent=False, marker="Zqxc Parkinson"),
        "b_private": world.contact(b_private, "B", marker="Zqxc Suzuki"),
    }
    from ngoaivu.directory import services as directory_services

    records["a_shared"] = directory_services.contact_update(
        actor=world.users["a_editor"],
        contact_id=records["a_shared"].pk,
        expected_version=records["a_shared"].version,
        changes={"title": "Trưởng đại diện", "email": "kim@zqxshar.example.kr"},
    )
    services.rebuild()
    return records


def can_see_contact(who, name):
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    return {
        "a_private": org in {"A", "M"},
        "a_shared": True,
        "a_shared_no_consent": org in {"A", "M"},
        "b_private": org in {"B", "M"},
    }[name]


@pytest.mark.parametrize("who", ALL_USERS)
def test_a_contact_is_found_only_where_it_and_its_partner_may_be_seen(world, contacts, who):
    markers = {
        "a_private": "yamada",
        "a_shared": "kimura",
        "a_shared_no_consent": "parkinson",
        "b_private": "suzuki",
    }
    for url in ("/search/?q=zqxc", "/api/v1/search?q=zqxc", "/search/?q=zqxc&type=contact"):
        response = world.client(who).get(url)
        if response.status_code != 200:
            assert who in {"anonymous", "inactive", "noorg"}
            continue
        body = response.content.decode().lower().replace("<mark>", "").replace("</mark>", "")
        for name, marker in markers.items():
            assert (marker in body) == can_see_contact(who, name), (who, url, name)


def test_a_contact_hit_links_to_its_partner_and_is_found_by_e_mail_and_position(world, contacts):
    contact = contacts["a_shared"]
    user = world.users["b_editor"]
    _query, groups = search(user, "zqxc kimura", Filters(kind="contact"))
    hit = groups[0].hits[0]
    assert hit.url == f"/directory/partners/{contact.partner_id}/#contact-{contact.pk}"
    _query, groups = search(user, "kim@zqxshar.example.kr", Filters(kind="contact"))
    assert ids(groups) == {contact.pk}
    _query, groups = search(user, "truong dai dien zqxshar", Filters(kind="contact"))
    assert ids(groups) == {contact.pk}


def test_the_search_page_reads_vietnamese_and_names_bad_filters_by_label(world, places):
    client = world.client("a_editor")
    text = visible_text(client.get("/search/", {"q": "quang nam", "province": "xx", "from": "31/12/2026"}))
    assert "Tỉnh, thành phố: giá trị không hợp lệ." in text
    assert "Từ ngày: giá trị không hợp lệ." in text
    assert "String should match" not in text
    assert "province:" not in text
    assert "from:" not in text
    labels = {str(k.label) for k in kinds().values()}
    assert {"Trả lời đặt hàng", "Người liên hệ của đối tác"} <= labels
