"""Fixes from the new-user walk (WALK 23) on the partner-search page: the history lists the proposals' steps
(masked for a reader who may not see the candidate), and the closing form offers only related agreements."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.testing.world import make_agreement, text_of
from ngoaivu.partnering import selectors, services
from ngoaivu.partnering.tests.factories_searches import make_search, propose

pytestmark = pytest.mark.django_db


@freeze_time("2026-03-10 09:00:00")
def test_the_history_lists_the_proposals_steps_masked_for_readers_who_may_not_see_the_candidate(world):
    shared = world.partner("X", visibility="shared", country="JP", marker="HISTSHARED1Q")
    secret = world.partner("A", visibility="private", country="JP", marker="HISTSECRET2Q")
    search = make_search(world, "A", countries=("JP",), shared=True)
    first = propose(world, "x_officer", search, partner=shared)
    propose(world, "ministry", search, partner=secret)
    services.proposal_move(
        actor=world.users["a_editor"],
        search_id=search.pk,
        proposal_id=first.pk,
        expected_version=None,
        to="shortlisted",
    )
    owner = [e.sentence for e in selectors.search_history(user=world.users["a_editor"], search=search)]
    assert sum("đề xuất ứng viên đối tác" in s for s in owner) == 2
    assert any("đưa ứng viên vào danh sách ngắn" in s and "HISTSHARED1Q" in s for s in owner)
    assert any("HISTSECRET2Q" in s for s in owner)  # the owner may see its own partner
    other = [e.sentence for e in selectors.search_history(user=world.users["b_editor"], search=search)]
    assert sum("đề xuất ứng viên đối tác" in s for s in other) == 2  # the step is there, the name is not
    assert not any("HISTSECRET2Q" in s for s in other)
    assert any("HISTSHARED1Q" in s for s in other)
    page = text_of(world.client("b_editor").get(f"/partnering/searches/{search.pk}/"))
    assert "đưa ứng viên vào danh sách ngắn" in page
    assert "HISTSECRET2Q" not in page


@freeze_time("2026-03-10 09:00:00")
def test_the_closing_form_offers_only_agreements_related_to_the_search(world):
    search = make_search(world, "A", countries=("JP",))
    japan = make_agreement(world, "A", country="JP", shared=True, signed=True)
    china = make_agreement(world, "A", country="CN", shared=True, signed=True)
    offered = {pk for pk, _label in selectors.agreement_choices(user=world.users["a_editor"], search=search)}
    assert japan.pk in offered
    assert china.pk not in offered  # Đà Nẵng's agreement with China is not this search's outcome
    with pytest.raises(ServiceError):
        services.search_close(
            actor=world.users["a_editor"], search_id=search.pk, expected_version=None, agreement_id=china.pk
        )
    closed = services.search_close(
        actor=world.users["a_editor"], search_id=search.pk, expected_version=None, agreement_id=japan.pk
    )
    assert closed.outcome_agreement_id == japan.pk


@freeze_time("2026-03-10 09:00:00")
def test_an_empty_outbound_search_names_every_missing_field_in_one_round(world):
    response = world.client("a_editor").post(
        "/partnering/searches/new/",
        {
            "direction": "outbound",
            "title": "",
            "partner_kind": "locality",
            "wants": "",
            "visibility": "shared",
        },
    )
    assert response.status_code == 400
    page = text_of(response)
    for label in ("Tiêu đề", "Điều mong muốn", "Quốc gia"):
        assert label in page
    assert "Chọn ít nhất một quốc gia cần tìm đối tác." in page
