"""Services, pages, API, personal data, counts, the remittances panel, the calendar, demo and synth of the
overseas app."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject
from ngoaivu.core.testing.world import text_of
from ngoaivu.overseas import selectors, services
from ngoaivu.overseas.models import OverseasAssociation, OverseasInvestment, OverseasPerson, OverseasProgramme
from ngoaivu.overseas.tests.helpers import (
    make_association,
    make_investment,
    make_person,
    make_programme,
)

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]
API = "/api/v1/overseas-vietnamese"


def _json(client, method, url, body, **headers):
    return client.generic(method, url, json.dumps(body), content_type="application/json", headers=headers)


# --- associations and personal data ----------------------------------------------------------------------------


def test_contact_details_need_consent_and_are_encrypted_at_rest(world):
    with pytest.raises(ServiceError) as caught:
        make_association(world, "X", contact_email="chu.tich@example.org", consent=False)
    assert "consent" in caught.value.errors
    with pytest.raises(ServiceError) as caught:
        make_association(world, "X", contact_email="not-an-email", contact_phone="abc", consent=True)
    assert set(caught.value.errors) == {"contact_email", "contact_phone"}
    made = make_association(
        world, "X", contact_email="chu.tich@example.org", contact_phone="+81 3 1234 5678", consent=True
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT contact_email, contact_phone FROM {OverseasAssociation._meta.db_table} WHERE id = %s",
            [made.pk],
        )
        email, phone = cursor.fetchone()
    assert email.startswith("enc1:")
    assert phone.startswith("enc1:")
    assert "example.org" not in email
    made.refresh_from_db()
    assert made.contact_email == "chu.tich@example.org"


def test_contact_details_are_masked_for_other_organisations_and_unmasked_reads_are_logged(world):
    a = make_association(
        world,
        "A",
        shared=True,
        contact_email="chu.tich@example.org",
        contact_phone="+84 236 123 4567",
        consent=True,
    )
    url = f"/overseas-vietnamese/associations/{a.pk}/"
    other = text_of(world.client("b_editor").get(url))
    assert a.name_vi in other
    assert "chu.tich@example.org" not in other
    assert "123 4567" not in other
    assert "c•••@example.org" in other
    assert "?personal=1" not in other  # no way to ask for it
    assert world.client("b_editor").get(url + "?personal=1").status_code == 403
    own = text_of(world.client("a_viewer").get(url))
    assert "chu.tich@example.org" not in own
    assert "?personal=1" in own
    before = AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA).count()
    unmasked = text_of(world.client("a_viewer").get(url + "?personal=1"))
    assert "chu.tich@example.org" in unmasked
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA).count() == before + 1
    # the ministry sees them too; a mission with the API is masked and refused the unmasked read
    assert world.client("ministry").get(url + "?personal=1").status_code == 200
    body = world.client("x_officer").get(f"{API}/associations/{a.pk}").json()
    assert body["contact"] == {"email": "c•••@example.org", "phone": "••••••••••••••67", "masked": True}
    assert world.client("x_officer").get(f"{API}/associations/{a.pk}?personal=true").status_code == 403
    body = world.client("a_editor").get(f"{API}/associations/{a.pk}?personal=true").json()
    assert body["contact"]["email"] == "chu.tich@example.org"
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA).count() == before + 3


def test_exports_and_audit_never_hold_contact_details(world):
    from ngoaivu.audit.models import AuditEvent

    p = make_person(world, "A", shared=True, email="nguoi@example.org", phone="+1 555 0100", consent=True)
    text = text_of(world.client("a_editor").get("/overseas-vietnamese/people/?format=xlsx"))
    assert p.full_name in text
    assert "nguoi@example.org" not in text
    event = AuditEvent.objects.filter(action="overseas_person.create").order_by("-pk").first()
    assert "nguoi@example.org" not in json.dumps(event.changes, ensure_ascii=False)


def test_personal_data_read_is_refused_to_who_may_not_see(world):
    p = make_person(world, "A", shared=True)
    with pytest.raises(Forbidden):
        services.personal_data_read(user=world.users["b_editor"], record=p, path="/x")


# --- forms and pages --------------------------------------------------------------------------------------------


def test_association_form_creates_names_bad_fields_and_refuses_a_stale_version(world):
    client = world.client("x_officer")
    assert client.get("/overseas-vietnamese/associations/new/").status_code == 200
    bad = client.post(
        "/overseas-vietnamese/associations/new/",
        {
            "name_vi": "",
            "kind": "association",
            "country": "JP",
            "status": "active",
            "visibility": "shared",
            "founded_year": "1700",
        },
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Tên tiếng Việt" in page
    assert "Năm thành lập" in page
    done = client.post(
        "/overseas-vietnamese/associations/new/",
        {
            "name_vi": "Hội doanh nhân Việt Nam tại Osaka",
            "kind": "business",
            "country": "JP",
            "city": "Osaka",
            "mission": "cqdd-jp-tokyo",
            "status": "active",
            "visibility": "shared",
        },
    )
    assert done.status_code == 302
    made = OverseasAssociation.objects.visible_to(world.users["x_officer"]).get(
        name_vi="Hội doanh nhân Việt Nam tại Osaka"
    )
    assert made.owner_org_id == world.orgs["X"].pk
    assert made.mission.code == "cqdd-jp-tokyo"
    detail = client.get(done["Location"]).content.decode()
    assert "thêm hội đoàn người Việt Nam ở nước ngoài" in detail  # the history panel
    services.association_update(
        actor=world.users["x_officer"],
        association_id=made.pk,
        expected_version=made.version,
        data=services.with_changes(services.association_input_of(made), {"city": "Kyoto"}),
    )
    stale = client.post(
        f"/overseas-vietnamese/associations/{made.pk}/edit/",
        {
            "name_vi": made.name_vi,
            "kind": "business",
            "country": "JP",
            "status": "active",
            "visibility": "shared",
            "version": str(made.version),
        },
    )
    assert stale.status_code == 409
    with pytest.raises(StaleObject):
        services.association_update(
            actor=world.users["x_officer"],
            association_id=made.pk,
            expected_version=made.version,
            data=services.association_input_of(made),
        )


def test_every_page_renders_for_its_owner(world):
    a = make_association(world, "A", shared=True)
    p = make_person(world, "A", shared=True, association_ids=(a.pk,))
    g = make_programme(world, "A", shared=True, association_ids=(a.pk,), provinces=("48", "12"))
    i = make_investment(world, "A", shared=True, association_id=a.pk, person_id=p.pk)
    client = world.client("a_editor")
    for url in (
        "/overseas-vietnamese/",
        "/overseas-vietnamese/people/",
        "/overseas-vietnamese/programmes/",
        "/overseas-vietnamese/investments/",
        "/overseas-vietnamese/counts/",
        f"/overseas-vietnamese/associations/{a.pk}/edit/",
        f"/overseas-vietnamese/people/{p.pk}/edit/",
        f"/overseas-vietnamese/programmes/{g.pk}/edit/",
        f"/overseas-vietnamese/investments/{i.pk}/edit/",
        "/overseas-vietnamese/people/new/",
        "/overseas-vietnamese/programmes/new/",
        "/overseas-vietnamese/investments/new/",
    ):
        assert client.get(url).status_code == 200, url
    detail = client.get(f"/overseas-vietnamese/associations/{a.pk}/").content.decode()
    assert p.full_name in detail
    assert g.title in detail
    assert i.title in detail
    assert "1.000.000 USD" in client.get(f"/overseas-vietnamese/investments/{i.pk}/").content.decode()
    htmx = client.get("/overseas-vietnamese/?q=" + a.name_vi, headers={"HX-Request": "true"})
    assert a.name_vi in htmx.content.decode()
    assert "Kiều hối" not in htmx.content.decode()


def test_a_private_association_linked_to_a_shared_programme_stays_unseen(world):
    hidden = make_association(world, "A", shared=False)
    g = make_programme(world, "A", shared=True, association_ids=(hidden.pk,))
    text = text_of(world.client("b_editor").get(f"/overseas-vietnamese/programmes/{g.pk}/"))
    assert g.title in text
    assert hidden.name_vi not in text
    assert world.client("b_editor").get(f"{API}/programmes/{g.pk}").json()["associations"] == []
    # and B cannot link it (an id out of scope reads as unknown)
    with pytest.raises(ServiceError) as caught:
        make_programme(world, "B", association_ids=(hidden.pk,))
    assert "associations" in caught.value.errors
    # A's own edit by someone who cannot see a link never drops it
    theirs = make_association(world, "B", shared=False)
    services.person_create  # noqa: B018 - (documentation: links kept the same way for people)
    ours = make_programme(world, "A", shared=True)
    OverseasProgramme.associations.through.objects.create(
        overseasprogramme_id=ours.pk, overseasassociation_id=theirs.pk
    )
    services.programme_update(
        actor=world.users["a_editor"],
        programme_id=ours.pk,
        expected_version=ours.version,
        data=services.with_changes(services.programme_input_of(ours), {"association_ids": ()}),
    )
    assert list(ours.associations.values_list("pk", flat=True)) == [theirs.pk]


# --- programmes -------------------------------------------------------------------------------------------------


def test_programme_dates_and_status_are_checked(world):
    with pytest.raises(ServiceError) as caught:
        services.programme_create(
            actor=world.users["a_editor"],
            data=services.ProgrammeInput(
                title="Trại hè",
                kind="summer_camp",
                starts_on=dt.date(2026, 8, 10),
                ends_on=dt.date(2026, 8, 1),
            ),
        )
    assert "ends_on" in caught.value.errors
    with pytest.raises(ServiceError) as caught:
        services.programme_create(
            actor=world.users["a_editor"],
            data=services.ProgrammeInput(
                title="Trại hè",
                kind="summer_camp",
                starts_on=dt.date(2026, 8, 10),
                ends_on=dt.date(2026, 8, 20),
                status="held",
                countries=("ZZ",),
                provinces=("99",),
            ),
        )
    assert {"status", "countries", "provinces"} <= set(caught.value.errors)
    made = services.programme_create(
        actor=world.users["a_editor"],
        data=services.ProgrammeInput(
            title="Trại hè", kind="summer_camp", starts_on=dt.date(2026, 8, 10), ends_on=dt.date(2026, 8, 20)
        ),
    )
    assert made.organiser_name  # the organisation's name by default


def test_programmes_are_on_the_shared_calendar_except_cancelled(world):
    kept = make_programme(
        world, "A", shared=True, starts_on=dt.date(2026, 6, 20), countries=("JP",), provinces=("48",)
    )
    dropped = make_programme(world, "A", shared=True, starts_on=dt.date(2026, 6, 22), status="cancelled")
    entries = selectors.calendar_entries(
        user=world.users["b_editor"], start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30)
    )
    titles = [e.title for e in entries]
    assert kept.title in titles
    assert dropped.title not in titles
    assert entries[0].kind == "overseas"
    assert entries[0].url.endswith(f"/programmes/{kept.pk}/")
    assert (
        selectors.calendar_entries(
            user=world.users["b_editor"], start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30), country="KR"
        )
        == []
    )
    provinces, countries = selectors.calendar_choices(user=world.users["b_editor"])
    assert provinces == {"48": kept.provinces.get().name}
    assert "JP" in countries
    page = text_of(world.client("b_editor").get("/delegations/calendar/?month=2026-06&view=list"))
    assert kept.title in page


# --- investments ------------------------------------------------------------------------------------------------


def test_an_investment_keeps_the_province_as_named_then(world):
    made = make_investment(world, "A", province_as_named="Quảng Nam", year=2023)
    assert (made.province.code, made.former_province.code, made.province_as_named) == (
        "48",
        "49",
        "Quảng Nam",
    )
    text = text_of(world.client("a_editor").get("/overseas-vietnamese/investments/?former_province=49"))
    assert made.title in text
    with pytest.raises(ServiceError) as caught:
        make_investment(world, "A", province_as_named="Lai Châu")
    assert "province_as_named" in caught.value.errors
    with pytest.raises(ServiceError) as caught:
        make_investment(world, "A", investor_name="", year=1900)
    assert {"investor_name", "year"} <= set(caught.value.errors)
    with pytest.raises(Forbidden):
        make_investment(world, "X")  # a mission does not record a province's investments


# --- API --------------------------------------------------------------------------------------------------------


def test_api_create_patch_with_if_match(world):
    client = world.client("a_editor")
    created = _json(
        client,
        "POST",
        f"{API}/programmes",
        {
            "title": "Diễn đàn doanh nhân kiều bào Đà Nẵng",
            "kind": "business_forum",
            "starts_on": "2026-09-10",
            "ends_on": "2026-09-11",
            "countries": ["JP", "us"],
            "provinces": ["48"],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["countries"] == ["JP", "US"] or sorted(body["countries"]) == ["JP", "US"]
    url = f"{API}/programmes/{body['id']}"
    got = client.get(url)
    assert got["ETag"] == '"1"'
    assert _json(client, "PATCH", url, {"place": "Hội An"}).status_code == 428
    assert _json(client, "PATCH", url, {"place": "Hội An"}, **{"If-Match": '"9"'}).status_code == 412
    ok = _json(client, "PATCH", url, {"place": "Hội An", "participants": 300}, **{"If-Match": '"1"'})
    assert ok.status_code == 200
    assert ok.json()["place"] == "Hội An"
    assert ok.json()["version"] == 2
    cleared = _json(client, "PATCH", url, {"participants": None}, **{"If-Match": '"2"'})
    assert cleared.json()["participants"] is None
    bad = _json(client, "PATCH", url, {"ends_on": "2026-01-01"}, **{"If-Match": '"3"'})
    assert bad.status_code == 422
    assert "ends_on" in json.dumps(bad.json())
    for noun, payload in (
        ("associations", {"name_vi": "Hội người Việt tại Seoul", "kind": "association", "country": "KR"}),
        ("people", {"full_name": "Trần Thị Bình", "country": "KR", "field": "science"}),
        (
            "investments",
            {
                "title": "Nhà máy chế biến",
                "sector": "Chế biến",
                "year": 2026,
                "investor_name": "Công ty X",
                "capital": "2500000.50",
                "currency": "usd",
            },
        ),
    ):
        response = _json(client, "POST", f"{API}/{noun}", payload)
        assert response.status_code == 201, (noun, response.content)
        listed = client.get(f"{API}/{noun}?page_size=200").json()
        assert listed["count"] >= 1
        assert any(r["id"] == response.json()["id"] for r in listed["items"])
    assert response.json()["capital"] == "2500000.50"
    assert response.json()["currency"] == "USD"
    assert (
        _json(
            world.client("a_viewer"),
            "POST",
            f"{API}/people",
            {"full_name": "X", "country": "KR", "field": "other"},
        ).status_code
        == 403
    )


def test_api_filters_narrow_the_lists(world):
    jp = make_association(world, "A", country="JP", shared=True)
    kr = make_association(world, "A", country="KR", shared=True, kind="students")
    client = world.client("ministry")
    ids = [r["id"] for r in client.get(f"{API}/associations?country=JP&page_size=200").json()["items"]]
    assert jp.pk in ids
    assert kr.pk not in ids
    ids = [r["id"] for r in client.get(f"{API}/associations?kind=students").json()["items"]]
    assert ids == [kr.pk]
    g = make_programme(world, "A", shared=True, starts_on=dt.date(2025, 3, 1), kind="summer_camp")
    ids = [r["id"] for r in client.get(f"{API}/programmes?year=2025&kind=summer_camp").json()["items"]]
    assert ids == [g.pk]
    assert client.get(f"{API}/programmes?year=abc").status_code == 422


# --- counts and the remittances panel ---------------------------------------------------------------------------


def test_counts_link_to_the_filtered_lists_and_export(world):
    make_association(world, "A", country="JP", shared=True, mission="cqdd-jp-tokyo")
    make_association(world, "B", country="JP", shared=True)
    make_programme(world, "A", shared=True, starts_on=dt.date(2026, 2, 7), kind="xuan_que_huong")
    make_investment(world, "A", shared=True)
    page = world.client("ministry").get("/overseas-vietnamese/counts/").content.decode()
    assert 'href="/overseas-vietnamese/?country=JP">2</a>' in page
    assert 'href="/overseas-vietnamese/?mission=cqdd-jp-tokyo">1</a>' in page
    assert 'href="/overseas-vietnamese/programmes/?year=2026&amp;kind=xuan_que_huong">1</a>' in page
    assert 'href="/overseas-vietnamese/investments/?province=48">1</a>' in page
    assert "2.026" not in page
    export = world.client("ministry").get("/overseas-vietnamese/counts/?format=xlsx")
    assert "spreadsheetml" in export["Content-Type"]
    assert "Nhật Bản" in text_of(export)
    # a province counts only what it may see
    private = make_association(world, "B", country="KR", shared=False)
    assert "Hàn Quốc" not in world.client("a_editor").get("/overseas-vietnamese/counts/").content.decode()
    assert private.pk


def test_the_remittances_panel_shows_validated_figures_only(world):
    from ngoaivu.indicators import services as indicators

    client = world.client("b_editor")
    assert "Chưa có số liệu kiều hối đã xác nhận." in client.get("/overseas-vietnamese/").content.decode()
    draft = indicators.value_create(
        actor=world.users["a_editor"],
        data=indicators.ValueInput(indicator="remittances", period="2025", value=Decimal("987654")),
    )
    assert draft.pk
    assert "Chưa có số liệu kiều hối đã xác nhận." in client.get("/overseas-vietnamese/").content.decode()
    value = indicators.value_create(
        actor=world.users["b_editor"],
        data=indicators.ValueInput(indicator="remittances", period="2024", value=Decimal("123456")),
        submit=True,
    )
    indicators.value_validate(
        actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
    )
    page = client.get("/overseas-vietnamese/").content.decode()
    assert "123.456" in page
    assert "987.654" not in page
    assert "Lai Châu" in page  # by province, the latest year with figures
    panel = selectors.remittances_panel(user=world.users["b_editor"])
    assert panel is not None
    assert panel.latest_year == 2024
    assert [f.value for f in panel.national] == [Decimal("123456")]


# --- demo and synth ---------------------------------------------------------------------------------------------


@pytest.mark.today("2026-03-02 09:00:00+07:00")
def test_the_demo_runs_twice(reference):
    from ngoaivu.directory.dev.demo import load_demo
    from ngoaivu.overseas.dev.demo import ASSOCIATION, INVESTMENT, load_demo_overseas

    load_demo()
    assert load_demo_overseas() == "overseas: 5"
    assert load_demo_overseas() == "overseas: 0"
    association = OverseasAssociation.objects.system(reason="test").get(name_vi=ASSOCIATION)
    assert (association.country.iso2, association.mission.code, association.owner_org.code) == (
        "JP",
        "cqdd-jp-tokyo",
        "cqdd-jp-tokyo",
    )
    investment = OverseasInvestment.objects.system(reason="test").get(title=INVESTMENT)
    assert investment.province.code == "48"
    assert investment.person is not None
    kinds = set(OverseasProgramme.objects.system(reason="test").values_list("kind", flat=True))
    assert kinds == {"xuan_que_huong", "summer_camp"}


def test_synth_makes_the_small_scale_once(reference):
    from ngoaivu.overseas.dev.synth import overseas_synthesized, synthesize_overseas

    assert not overseas_synthesized(scale="small")
    made = synthesize_overseas(scale="small", seed=1, say=None)
    assert made == {
        "overseas_associations": 150,
        "overseas_people": 300,
        "overseas_programmes": 200,
        "overseas_investments": 100,
    }
    assert overseas_synthesized(scale="small")
    assert OverseasPerson.objects.system(reason="test").count() == 300
    former = OverseasInvestment.objects.system(reason="test").filter(former_province__isnull=False).first()
    assert former is None or former.year <= 2025


# --- search -----------------------------------------------------------------------------------------------------


def test_search_finds_associations_without_diacritics_and_never_their_contact_details(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a = make_association(
            world,
            "A",
            shared=True,
            marker="Hội doanh nhân Việt Nam tại Đức",
            contact_email="bimat@example.org",
            consent=True,
        )
        hidden = make_association(world, "A", shared=False, marker="Hội sinh viên Việt Nam tại Đức")
    found = text_of(world.client("b_editor").get("/search/?q=hoi doanh nhan viet nam tai duc"))
    assert f"/overseas-vietnamese/associations/{a.pk}/" in found
    assert hidden.name_vi not in text_of(world.client("b_editor").get("/search/?q=hoi sinh vien tai duc"))
    nothing = text_of(world.client("a_editor").get("/search/?q=bimat"))
    assert f"/overseas-vietnamese/associations/{a.pk}/" not in nothing
