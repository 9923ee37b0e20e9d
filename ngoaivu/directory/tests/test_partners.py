import io
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ngoaivu.core.testing.world import read_body
from ngoaivu.directory.models import Country, Partner

pytestmark = pytest.mark.django_db


def form(country="JP", **extra):
    data = {
        "kind": "agency",
        "name": "Japan External Trade Organization",
        "name_vi": "JETRO Hà Nội",
        "country": Country.objects.get(iso2=country).pk,
        "visibility": "shared",
    }
    data.update(extra)
    return data


def test_create_partner_in_the_browser_normalises_text(world):
    client = world.client("a_editor")
    nfd = unicodedata.normalize("NFD", "Tổ chức Xúc tiến Thương mại")
    response = client.post("/directory/partners/new/", form(name_vi=nfd))
    assert response.status_code == 302
    partner = Partner.objects.visible_to(world.users["a_editor"]).get(
        name="Japan External Trade Organization"
    )
    assert partner.name_vi == unicodedata.normalize("NFC", nfd)
    assert partner.owner_org == world.orgs["A"]
    assert " jetro" not in partner.search_text
    assert " xuc tien" in partner.search_text


def test_duplicate_warning_needs_confirmation(world):
    client = world.client("a_editor")
    assert client.post("/directory/partners/new/", form()).status_code == 302
    again = client.post("/directory/partners/new/", form(name="Japan External Trade Organisation JETRO"))
    assert again.status_code == 200
    page = again.content.decode()
    assert "Đối tác có thể trùng" in page
    assert Partner.objects.visible_to(world.users["a_editor"]).count() == 1
    confirmed = client.post(
        "/directory/partners/new/",
        form(name="Japan External Trade Organisation JETRO", confirm_duplicate="on"),
    )
    assert confirmed.status_code == 302


def test_invalid_input_is_rejected_with_field_messages_and_nothing_saved(world):
    client = world.client("a_editor")
    response = client.post(
        "/directory/partners/new/",
        {
            "kind": "spaceship",
            "name": "",
            "country": "999999",
            "visibility": "shared",
            "website": "not a url",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chưa lưu được" in page
    assert 'href="#id_name"' in page
    assert Partner.objects.visible_to(world.users["a_editor"]).count() == 0


def test_stale_edit_gets_409_and_keeps_input(world):
    partner = world.partner("A", visibility="shared")
    client = world.client("a_editor")
    data = form(name=partner.name, sector="Mới", version=1)
    world.client("ministry").post(
        f"/directory/partners/{partner.pk}/edit/", form(name=partner.name, version=1)
    )
    response = client.post(f"/directory/partners/{partner.pk}/edit/", data)
    assert response.status_code == 409
    assert "Mới" in response.content.decode()
    partner.refresh_from_db()
    assert partner.version == 2
    assert partner.sector == ""


def test_viewer_cannot_create(world):
    assert world.client("a_viewer").post("/directory/partners/new/", form()).status_code == 403


def test_api_create_patch_with_etag_and_delete(world):
    client = world.client("b_editor")
    created = client.post(
        "/api/v1/partners",
        {"kind": "locality", "name": "云南省", "country": "CN"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pid = created.json()["partner"]["id"]
    got = client.get(f"/api/v1/partners/{pid}")
    etag = got["ETag"]
    assert (
        client.patch(
            f"/api/v1/partners/{pid}", {"sector": "Biên giới"}, content_type="application/json"
        ).status_code
        == 428
    )
    ok = client.patch(
        f"/api/v1/partners/{pid}",
        {"sector": "Biên giới"},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = client.patch(
        f"/api/v1/partners/{pid}",
        {"sector": "x"},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert stale.status_code == 412
    assert stale.json()["type"] == "stale_version"
    assert client.delete(f"/api/v1/partners/{pid}", headers={"If-Match": '"2"'}).status_code == 204
    assert client.get(f"/api/v1/partners/{pid}").status_code == 404
    assert Partner.objects.system(reason="test").get(pk=pid).deleted_at is not None


def test_api_errors_name_the_field(world):
    client = world.client("b_editor")
    response = client.post(
        "/api/v1/partners", {"kind": "company", "name": "", "country": "ZZ"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "invalid_input"
    assert body["request_id"]
    assert any(e["field"] == "name" for e in body["errors"])
    unknown = client.post(
        "/api/v1/partners",
        {"kind": "company", "name": "Ok", "country": "ZZ"},
        content_type="application/json",
    ).json()
    assert unknown["errors"] == [{"field": "country", "message": "Mã quốc gia không có trong danh mục."}]
    bad_kind = client.post(
        "/api/v1/partners", {"kind": "bogus", "name": "Ok", "country": "JP"}, content_type="application/json"
    ).json()
    assert bad_kind["errors"][0]["field"] == "kind"


def test_api_list_search_is_diacritic_insensitive(world):
    world.partner("A", visibility="shared", marker="Sở Công Thương Đà Nẵng")
    client = world.client("y_officer")
    for q in ("da nang", "Đà Nẵng", "DA NANG", "cong thuong"):
        body = client.get("/api/v1/partners", {"q": q}).json()
        assert body["count"] == 1, q
    assert client.get("/api/v1/partners", {"q": "nang da xyz"}).json()["count"] == 0
    assert client.get("/api/v1/partners", {"page_size": 500}).status_code == 200


def test_excel_export_of_filtered_list_escapes_formulas(world):
    world.partner("A", visibility="shared", marker='=HYPERLINK("http://x")')
    world.partner("A", visibility="shared", marker="Normal Partner")
    response = world.client("a_editor").get("/directory/partners/?format=xlsx&q=normal")
    assert response["Content-Disposition"].startswith('attachment; filename="doi-tac-')
    wb = load_workbook(io.BytesIO(read_body(response)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "Đối tác"
    assert len(rows) == 2
    assert rows[1][0] == "Normal Partner"
    full = world.client("a_editor").get("/directory/partners/?format=xlsx")
    wb = load_workbook(io.BytesIO(read_body(full)))
    values = [r[0] for r in wb.active.iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://x")' in values


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_missions_list_runs_as_many_queries_for_a_longer_page(world):
    # The partner lists (page and API) are in core/tests/test_query_counts.py; the missions list is reference
    # data, outside that test's lists.
    client = world.client("ministry")
    missions_few = _list_queries(client, "/directory/missions/?page_size=25")
    assert _list_queries(client, "/directory/missions/?page_size=100") == missions_few


def test_list_filters_sort_and_pagination(world):
    for name in ("Bravo", "Alpha", "Charlie"):
        world.partner("A", visibility="shared", marker=name, country="KR")
    client = world.client("a_editor")
    page = client.get("/directory/partners/?country=KR&sort=-name&page_size=25").content.decode()
    assert page.index("Charlie") < page.index("Bravo") < page.index("Alpha")
    htmx = client.get("/directory/partners/?country=KR", headers={"HX-Request": "true"})
    assert "<html" not in htmx.content.decode()
    assert "Alpha" in htmx.content.decode()
    assert "HX-Request" in htmx["Vary"]
    bad = client.get("/directory/partners/?page=abc&page_size=zz&sort=drop table").status_code
    assert bad == 200


def test_contact_needs_consent_for_personal_data(world):
    partner = world.partner("A", visibility="shared")
    client = world.client("a_editor")
    response = client.post(
        f"/directory/partners/{partner.pk}/contacts/new/",
        {"family_name": "Sato", "given_name": "Ken", "email": "sato@example.invalid"},
    )
    assert response.status_code == 400
    assert "đồng ý" in response.content.decode()
    ok = client.post(
        f"/directory/partners/{partner.pk}/contacts/new/",
        {"family_name": "Sato", "given_name": "Ken", "email": "sato@example.invalid", "consent": "on"},
    )
    assert ok.status_code == 302


def test_province_and_mission_pages(world):
    client = world.client("a_viewer")
    page = client.get("/directory/provinces/25/").content.decode()
    assert "Vĩnh Phúc" in page
    assert "Hòa Bình" in page
    assert client.get("/directory/provinces/99/").status_code == 404
    assert "Kiêm nhiệm" in client.get("/directory/missions/cqdd-in-new-delhi/").content.decode()
    countries = client.get("/directory/countries/?q=han+quoc").content.decode()
    assert "Hàn Quốc" in countries
    assert "Hồng Kông" not in countries
    former = client.get("/directory/provinces/former/?successor=25").content.decode()
    assert "Vĩnh Phúc" in former
    assert "Bắc Giang" not in former
