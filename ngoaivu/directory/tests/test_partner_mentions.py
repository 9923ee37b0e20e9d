"""A partner's page lists the agreements, delegations, requests and documents naming the partner, each only
as far as the reader may open it (each app's own `visible_to`), in a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.core.testing.world import make_agreement, make_delegation, make_request
from ngoaivu.directory.selectors import partner_mentions

pytestmark = pytest.mark.django_db


def _document(world, who, *, partner, visibility, marker):
    from ngoaivu.ingest import services

    return services.document_create(
        actor=world.users[who],
        data=services.DocumentInput(
            title=marker,
            text=f"{marker}: bản tin làm việc với đối tác.",
            visibility=visibility,
            partners=(partner.pk,),
        ),
    )


def _name_partner(world, partner, n=1, *, prefix=""):
    """Records of A and B that name `partner`: private ones of each side, shared ones of B."""
    made = {}
    for i in range(n):
        tag = f"{prefix}{i}"
        made[f"AGR_A_PRIVATE{tag}"] = make_agreement(world, "A", marker=f"AGRAPRIV{tag}Q")
        made[f"AGR_B_PRIVATE{tag}"] = make_agreement(world, "B", marker=f"AGRBPRIV{tag}Q")
        made[f"AGR_B_SHARED{tag}"] = make_agreement(world, "B", shared=True, marker=f"AGRBSHARED{tag}Q")
        made[f"DEL_A_PRIVATE{tag}"] = make_delegation(world, "A", marker=f"DELAPRIV{tag}Q")
        made[f"DEL_B_PRIVATE{tag}"] = make_delegation(world, "B", marker=f"DELBPRIV{tag}Q")
        made[f"REQ_A{tag}"] = make_request(world, "A", ["M"], marker=f"REQA{tag}Q")
        made[f"REQ_B{tag}"] = make_request(world, "B", ["M"], marker=f"REQB{tag}Q")
    for key, record in made.items():
        relation = record.target_partners if key.startswith("REQ") else record.partners
        relation.add(partner)
    for i in range(n):
        tag = f"{prefix}{i}"
        made[f"DOC_A_PRIVATE{tag}"] = _document(
            world, "a_editor", partner=partner, visibility="private", marker=f"DOCAPRIV{tag}Q"
        )
        made[f"DOC_B_SHARED{tag}"] = _document(
            world, "b_editor", partner=partner, visibility="shared", marker=f"DOCBSHARED{tag}Q"
        )
    return made


def test_partner_page_shows_each_organisation_only_what_it_may_see(world):
    partner = world.partner("A", visibility="shared")
    _name_partner(world, partner)
    other = world.partner("B", visibility="shared")
    make_agreement(world, "A", marker="AGRAOTHERQ").partners.add(other)  # names another partner: never listed

    a_page = world.client("a_editor").get(f"/directory/partners/{partner.pk}/").content.decode()
    b_page = world.client("b_editor").get(f"/directory/partners/{partner.pk}/").content.decode()
    m_page = world.client("ministry").get(f"/directory/partners/{partner.pk}/").content.decode()

    for marker in ("AGRAPRIV0Q", "AGRBSHARED0Q", "DELAPRIV0Q", "REQA0Q", "DOCAPRIV0Q", "DOCBSHARED0Q"):
        assert marker in a_page, marker
    for marker in ("AGRBPRIV0Q", "DELBPRIV0Q", "REQB0Q", "AGRAOTHERQ"):
        assert marker not in a_page, marker

    for marker in ("AGRBPRIV0Q", "AGRBSHARED0Q", "DELBPRIV0Q", "REQB0Q", "DOCBSHARED0Q"):
        assert marker in b_page, marker
    for marker in ("AGRAPRIV0Q", "DELAPRIV0Q", "REQA0Q", "DOCAPRIV0Q"):
        assert marker not in b_page, marker

    for marker in ("AGRAPRIV0Q", "AGRBPRIV0Q", "REQA0Q", "REQB0Q", "DOCAPRIV0Q"):
        assert marker in m_page, marker

    # the counts are those of the reader, not of the database
    counts = {s.key: s.count for s in partner_mentions(user=world.users["a_editor"], partner=partner)}
    assert counts == {"agreements": 2, "delegations": 1, "requests": 1, "documents": 2}
    counts = {s.key: s.count for s in partner_mentions(user=world.users["b_editor"], partner=partner)}
    assert counts == {"agreements": 2, "delegations": 1, "requests": 1, "documents": 1}


def test_sections_link_to_records_and_to_the_filtered_agreement_list(world):
    partner = world.partner("A", visibility="shared")
    made = _name_partner(world, partner)
    page = world.client("a_editor").get(f"/directory/partners/{partner.pk}/").content.decode()
    assert f'href="/agreements/{made["AGR_A_PRIVATE0"].pk}/"' in page
    assert f"/agreements/?partner={partner.pk}" in page
    assert "Xem trong danh sách" in page  # one agreement, shown: the filtered list without a count
    assert "Hồ sơ có nêu đối tác này" in page


def test_a_partner_named_nowhere_shows_empty_sections(world):
    partner = world.partner("A", visibility="shared")
    sections = partner_mentions(user=world.users["a_editor"], partner=partner)
    assert [(s.key, s.count, s.items) for s in sections] == [
        ("agreements", 0, []),
        ("delegations", 0, []),
        ("requests", 0, []),
        ("documents", 0, []),
    ]
    page = world.client("a_editor").get(f"/directory/partners/{partner.pk}/")
    assert page.status_code == 200
    assert "Chưa có." in page.content.decode()


def test_the_list_is_short_and_the_queries_do_not_grow_with_the_records(world):
    partner = world.partner("A", visibility="shared")
    client = world.client("ministry")
    url = f"/directory/partners/{partner.pk}/"
    _name_partner(world, partner, 1, prefix="a")
    client.get(url)  # warm caches (sessions, choices)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _name_partner(world, partner, 3, prefix="b")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    sections = {s.key: s for s in partner_mentions(user=world.users["ministry"], partner=partner)}
    assert sections["agreements"].count == 12
    assert len(sections["agreements"].items) == 5
    assert "Xem tất cả 12 hồ sơ" in page
