"""Review 21 (overseas) fixes: contact details in edit forms (O1, O2), scope of association filters and of the
investment search text (O3), only the owner changes the visibility (O4), the leader's name as personal data (O5),
numbers as numbers in Excel, and the remittances panel saying what it sums."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.testing.world import read_body, text_of
from ngoaivu.overseas import selectors, services
from ngoaivu.overseas.models import OverseasAssociation, OverseasPerson
from ngoaivu.overseas.tests.helpers import make_association, make_investment, make_person

pytestmark = pytest.mark.django_db

EMAIL = "leader.contact@example.jp"
PHONE = "+81 3 1234 5678"
LEADER = "Phạm Thị Leaderzz"


def _assoc(world, **extra):
    return make_association(
        world,
        "A",
        country="JP",
        shared=True,
        leader_name=LEADER,
        leader_role="Chủ tịch",
        contact_email=EMAIL,
        contact_phone=PHONE,
        consent=True,
        purpose="liên hệ chương trình",
        **extra,
    )


def _personal_reads() -> int:
    return AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA).count()


def _workbook_rows(response):
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(read_body(response))).active.iter_rows(values_only=True))


# --- O1: an editor who may not see the contact details does not get them in the form -------------------------


def test_mission_edit_form_leaves_the_contact_details_out(world):
    a = _assoc(world)
    html = world.client("x_officer").get(f"/overseas-vietnamese/associations/{a.pk}/edit/").content.decode()
    assert EMAIL not in html
    assert "1234 5678" not in html
    assert "Leaderzz" not in html
    assert 'name="contact_email"' not in html
    assert 'name="visibility"' not in html


def test_mission_person_edit_form_leaves_the_contact_details_out(world):
    p = make_person(world, "A", country="JP", shared=True, email=EMAIL, phone=PHONE, consent=True)
    r = world.client("x_officer").get(f"/overseas-vietnamese/people/{p.pk}/edit/")
    assert r.status_code == 200
    assert EMAIL not in r.content.decode()
    assert "1234 5678" not in r.content.decode()


def test_a_mission_saving_the_form_keeps_the_stored_contact_details(world):
    a = _assoc(world)
    c = world.client("x_officer")
    r = c.post(
        f"/overseas-vietnamese/associations/{a.pk}/edit/",
        {
            "name_vi": a.name_vi,
            "kind": a.kind,
            "country": "JP",
            "status": a.status,
            "activities": "Văn hóa",
            "leader_role": "Chủ tịch",
            "note": "",
            "version": a.version,
        },
    )
    assert r.status_code in (302, 303), r.content.decode()[:2000]
    a.refresh_from_db()
    assert (a.fields, a.contact_email, a.contact_phone, a.leader_name) == ("Văn hóa", EMAIL, PHONE, LEADER)
    assert a.consent
    assert a.visibility == "shared"


def test_the_service_keeps_the_contact_details_a_mission_may_not_see(world):
    p = make_person(world, "A", country="JP", shared=True, email=EMAIL, phone=PHONE, consent=True)
    data = services.with_changes(
        services.person_input_of(p), {"email": "other@example.jp", "position": "CEO"}
    )
    services.person_update(
        actor=world.users["x_officer"], person_id=p.pk, expected_version=p.version, data=data
    )
    p = OverseasPerson.objects.system(reason="test").get(pk=p.pk)
    assert (p.email, p.position) == (EMAIL, "CEO")


# --- O2: the owner's form shows them in clear, and the read is logged ----------------------------------------


def test_owner_edit_form_logs_the_unmasked_read(world):
    a = _assoc(world)
    before = _personal_reads()
    html = world.client("a_editor").get(f"/overseas-vietnamese/associations/{a.pk}/edit/").content.decode()
    assert EMAIL in html
    assert _personal_reads() == before + 1


def test_owner_person_edit_form_logs_the_unmasked_read(world):
    p = make_person(world, "A", country="JP", shared=True, email=EMAIL, phone=PHONE, consent=True)
    before = _personal_reads()
    assert EMAIL in world.client("a_editor").get(f"/overseas-vietnamese/people/{p.pk}/edit/").content.decode()
    assert _personal_reads() == before + 1


# --- O3: no oracle on associations out of scope ---------------------------------------------------------------


def test_people_filter_by_a_hidden_association_matches_nothing(world):
    hidden = make_association(world, "A", country="JP", shared=False)
    person = make_person(world, "A", country="JP", shared=True, association_ids=(hidden.pk,))
    r = world.client("b_editor").get(f"/api/v1/overseas-vietnamese/people?association={hidden.pk}")
    assert person.pk not in [p["id"] for p in r.json()["items"]]
    r = world.client("a_editor").get(f"/api/v1/overseas-vietnamese/people?association={hidden.pk}")
    assert person.pk in [p["id"] for p in r.json()["items"]]  # the owner still filters by it


def test_investment_filter_by_a_hidden_association_matches_nothing(world):
    hidden = make_association(world, "A", country="JP", shared=False)
    inv = make_investment(world, "A", shared=True, association_id=hidden.pk)
    r = world.client("b_editor").get(f"/api/v1/overseas-vietnamese/investments?association={hidden.pk}")
    assert inv.pk not in [i["id"] for i in r.json()["items"]]
    r = world.client("a_editor").get(f"/api/v1/overseas-vietnamese/investments?association={hidden.pk}")
    assert inv.pk in [i["id"] for i in r.json()["items"]]


def test_investment_search_text_does_not_carry_a_hidden_association_name(world):
    hidden = make_association(world, "A", country="JP", shared=False, marker="HIDDENASSOCZZQ")
    inv = make_investment(world, "A", shared=True, association_id=hidden.pk)
    r = world.client("b_editor").get("/api/v1/overseas-vietnamese/investments?q=HIDDENASSOCZZQ")
    assert inv.pk not in [i["id"] for i in r.json()["items"]]


# --- O4: only the owner changes the visibility ----------------------------------------------------------------


def test_a_mission_cannot_make_a_provinces_shared_association_private(world):
    a = make_association(world, "A", country="JP", shared=True)
    data = services.with_changes(services.association_input_of(a), {"visibility": "private"})
    with pytest.raises(ServiceError) as refused:
        services.association_update(
            actor=world.users["x_officer"], association_id=a.pk, expected_version=a.version, data=data
        )
    assert "visibility" in refused.value.errors
    assert world.client("b_editor").get(f"/overseas-vietnamese/associations/{a.pk}/").status_code == 200


def test_a_mission_cannot_make_a_shared_person_private_through_the_api(world):
    p = make_person(world, "A", country="JP", shared=True)
    r = world.client("x_officer").patch(
        f"/api/v1/overseas-vietnamese/people/{p.pk}",
        data={"visibility": "private"},
        content_type="application/json",
        headers={"If-Match": f'"{p.version}"'},
    )
    assert r.status_code in (400, 422)
    assert OverseasPerson.objects.system(reason="test").get(pk=p.pk).visibility == "shared"


def test_the_owner_still_changes_the_visibility(world):
    a = make_association(world, "A", country="JP", shared=True)
    data = services.with_changes(services.association_input_of(a), {"visibility": "private"})
    a = services.association_update(
        actor=world.users["a_editor"], association_id=a.pk, expected_version=a.version, data=data
    )
    assert a.visibility == "private"


# --- O5: the leader's name is personal data -------------------------------------------------------------------


def test_leader_name_is_kept_from_other_organisations(world):
    a = _assoc(world)
    c = world.client("b_editor")
    for url in (
        "/overseas-vietnamese/",
        "/overseas-vietnamese/?format=xlsx",
        f"/overseas-vietnamese/associations/{a.pk}/",
        f"/api/v1/overseas-vietnamese/associations/{a.pk}",
        "/api/v1/overseas-vietnamese/associations",
    ):
        assert "Leaderzz" not in text_of(c.get(url)), url
    assert "P. T. L." in c.get(f"/overseas-vietnamese/associations/{a.pk}/").content.decode()
    assert "leaderzz" not in OverseasAssociation.objects.system(reason="test").get(pk=a.pk).search_text


def test_leader_name_in_clear_for_the_owner_only_when_asked_and_logged(world):
    a = _assoc(world)
    c = world.client("a_editor")
    assert "Leaderzz" not in c.get(f"/overseas-vietnamese/associations/{a.pk}/").content.decode()
    before = _personal_reads()
    assert "Leaderzz" in c.get(f"/overseas-vietnamese/associations/{a.pk}/?personal=1").content.decode()
    body = c.get(f"/api/v1/overseas-vietnamese/associations/{a.pk}?personal=true").json()
    assert body["leader_name"] == LEADER
    assert _personal_reads() == before + 2


# --- Excel: numbers as numbers ----------------------------------------------------------------------------------


def test_exports_write_numbers_as_numbers(world):
    make_association(world, "A", shared=True, members=5000, founded_year=2019)
    make_investment(world, "A", shared=True, year=2025)
    c = world.client("a_editor")
    rows = _workbook_rows(c.get("/overseas-vietnamese/?format=xlsx"))
    header, row = rows[0], rows[1]
    assert row[header.index("Số hội viên")] == 5000
    assert row[header.index("Năm thành lập")] == 2019
    rows = _workbook_rows(c.get("/overseas-vietnamese/investments/?format=xlsx"))
    header, row = rows[0], rows[1]
    assert row[header.index("Vốn đầu tư")] == 1000000
    assert row[header.index("Tiền tệ")] == "USD"
    assert row[header.index("Năm")] == 2025
    page = c.get("/overseas-vietnamese/").content.decode()
    assert "5.000" in page
    assert "2.019" not in page


# --- the remittances panel says what it sums --------------------------------------------------------------------


def test_the_remittances_panel_says_it_sums_the_provinces_the_reader_may_see(world):
    from ngoaivu.indicators import services as indicators

    value = indicators.value_create(
        actor=world.users["b_editor"],
        data=indicators.ValueInput(indicator="remittances", period="2024", value=Decimal("123456")),
        submit=True,
    )
    indicators.value_validate(
        actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
    )
    page = world.client("b_editor").get("/overseas-vietnamese/").content.decode()
    assert "Cả nước theo năm" not in page
    assert "Tổng các tỉnh có số liệu bạn được xem" in page
    assert "Tổng của 1 tỉnh, thành phố" in page
    panel = selectors.remittances_panel(user=world.users["b_editor"])
    assert panel is not None
    assert panel.province_count == 1
