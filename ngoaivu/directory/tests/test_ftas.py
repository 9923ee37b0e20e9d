"""Viet Nam's FTAs: the shipped file, its loader (idempotent, audited), the list and detail pages, the country
page, the API, and the list's query count."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.testing.world import read_body
from ngoaivu.directory import ftas
from ngoaivu.directory.models import Country, FreeTradeAgreement, FtaCommitment

pytestmark = pytest.mark.django_db
REQUIRED = {
    "CPTPP", "EVFTA", "RCEP", "UKVFTA", "VJEPA", "VKFTA", "VN-EAEU FTA", "VCFTA", "VIFTA",
    "ATIGA", "ACFTA", "AKFTA", "AJCEP", "AIFTA", "AANZFTA", "AHKFTA",
}  # fmt: skip
UNSURE = "cần xác minh"


def test_the_file_has_every_required_fta_with_sources_and_sane_dates():
    rows = {r["short_name"]: r for r in ftas.fta_rows()}
    assert set(rows) >= REQUIRED
    iso2 = set(Country.objects.values_list("iso2", flat=True))
    for name, row in rows.items():
        assert row["source"], name
        assert "VN" in row["members"], name
        assert set(row["members"]) <= iso2, name
        assert 2 <= len(row["commitments"]) <= 5, name
        for c in row["commitments"]:
            assert all((c["source"], c["note_vi"], c["note_en"])), (name, c["topic_vi"])
        signed, in_force = row.get("signed_on"), row.get("in_force_on")
        if signed and in_force:
            assert dt.date.fromisoformat(signed) <= dt.date.fromisoformat(in_force), name
        # a date left blank is said to be unchecked, so a reader knows why it is missing
        if row["status"] == "in_force" and not in_force:
            assert UNSURE in row["summary_vi"], name
        # nobody has reviewed these rows against the sources yet: reviewed_on stays empty until someone does
        assert row["reviewed_on"] is None, name


def test_loaded_rows_match_the_file():
    evfta = FreeTradeAgreement.objects.get(short_name="EVFTA")
    assert evfta.signed_on == dt.date(2019, 6, 30)
    assert evfta.in_force_on == dt.date(2020, 8, 1)
    assert evfta.members.count() == 28  # 27 EU member states and Viet Nam
    assert set(FreeTradeAgreement.objects.get(short_name="VN-EAEU FTA").members.values_list("iso2", flat=True)) == {
        "VN", "RU", "BY", "KZ", "AM", "KG",
    }  # fmt: skip
    assert FtaCommitment.objects.filter(agreement=evfta).count() == 4
    assert FreeTradeAgreement.objects.get(short_name="ACFTA").in_force_on is None


def test_reload_writes_nothing_and_a_changed_row_is_put_back_and_audited():
    assert set(ftas.load_fta_reference().values()) == {0}
    fta = FreeTradeAgreement.objects.get(short_name="VKFTA")
    FreeTradeAgreement.objects.filter(pk=fta.pk).update(in_force_on=dt.date(2000, 1, 1))
    fta.members.remove(Country.objects.get(iso2="KR"))
    FtaCommitment.objects.create(agreement=fta, position=9, topic_vi="x", note_vi="x", source="x")
    before = AuditEvent.objects.count()
    written = ftas.load_fta_reference()
    assert written == {"ftas": 1, "fta_members": 1, "fta_commitments": 1}
    fta.refresh_from_db()
    assert fta.in_force_on == dt.date(2015, 12, 20)
    assert fta.members.filter(iso2="KR").exists()
    assert not fta.commitments.filter(position=9).exists()
    assert AuditEvent.objects.count() == before + 3


def test_list_filters_by_member_status_and_text(world):
    client = world.client("a_viewer")
    page = client.get("/directory/ftas/?country=JP").content.decode()
    for name in ("CPTPP", "RCEP", "VJEPA", "AJCEP"):
        assert f">{name}<" in page
    assert ">EVFTA<" not in page
    assert ">VKFTA<" not in page
    page = client.get("/directory/ftas/?q=chi le").content.decode()
    assert ">VCFTA<" in page
    assert ">CPTPP<" not in page
    page = client.get("/directory/ftas/?status=signed").content.decode()
    assert ">CPTPP<" not in page
    export = client.get("/directory/ftas/?country=KR&format=xlsx")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert read_body(export)


def test_detail_and_country_page(world):
    client = world.client("x_officer")
    cptpp = FreeTradeAgreement.objects.get(short_name="CPTPP")
    page = client.get(f"/directory/ftas/{cptpp.pk}/").content.decode()
    assert "14/01/2019" in page
    assert "08/03/2018" in page
    assert "Dệt may" in page
    assert "/directory/countries/JP/" in page
    assert client.get("/directory/ftas/987654/").status_code == 404
    page = client.get("/directory/countries/KR/").content.decode()
    assert "VKFTA" in page
    assert "AKFTA" in page
    assert "RCEP" in page
    assert "EVFTA" not in page
    page = client.get("/directory/countries/AR/").content.decode()  # no FTA with Argentina
    assert "chưa có hiệp định thương mại tự do" in page


def test_api_list_and_detail(world):
    client = world.client("b_editor")
    body = client.get("/api/v1/ftas?country=KR&status=in_force&page_size=50").json()
    names = {r["short_name"] for r in body["items"]}
    assert names == {"VKFTA", "AKFTA", "RCEP"}
    assert all("KR" in r["members"] for r in body["items"])
    detail = client.get("/api/v1/ftas/evfta").json()
    assert detail["in_force_on"] == "2020-08-01"
    assert len(detail["commitments"]) == 4
    assert detail["commitments"][0]["source"]
    by_id = client.get(f"/api/v1/ftas/{detail['id']}").json()
    assert by_id["short_name"] == "EVFTA"
    missing = client.get("/api/v1/ftas/NOPE")
    assert missing.status_code == 404
    assert "hiệp định" in json.dumps(missing.json(), ensure_ascii=False)
    assert world.client("anonymous").get("/api/v1/ftas").status_code == 401


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(world):
    client = world.client("a_viewer")
    client.get("/directory/ftas/")  # warm the session and caches
    few = _queries(client, "/directory/ftas/?page_size=2")
    many = _queries(client, "/directory/ftas/?page_size=30")
    assert FreeTradeAgreement.objects.count() >= 16
    assert few == many
    few = _queries(client, "/api/v1/ftas?page_size=2")
    many = _queries(client, "/api/v1/ftas?page_size=30")
    assert few == many


def test_detail_reads_in_the_readers_language(world):
    """The summary and commitments are shown once, in the reader's language (the English text where it exists),
    not the Vietnamese and the English one under the other."""
    from ngoaivu.accounts.models import User

    cptpp = FreeTradeAgreement.objects.get(short_name="CPTPP")
    commitment = cptpp.commitments.order_by("position", "pk").first()
    assert commitment is not None
    assert commitment.note_en
    page = world.client("x_officer").get(f"/directory/ftas/{cptpp.pk}/").content.decode()
    assert commitment.note_vi in page
    assert commitment.note_en not in page
    User.objects.filter(username="x_officer").update(language="en")
    page = world.client("x_officer").get(f"/directory/ftas/{cptpp.pk}/").content.decode()
    assert commitment.note_en in page
    assert commitment.note_vi not in page
