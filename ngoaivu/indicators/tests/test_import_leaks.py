"""The import routes for every world user, with a policy written from DOMAIN.md §2 (not from `visible_to`):
"Indicators: MOFA R all, CE national; province CE own; mission R". An import run belongs to the organisation
that ran it: a province's officers import their own figures, the ministry imports the exchange rates; the run
is read by its organisation and the ministry; only its organisation's writers confirm it. Out of scope is 404,
in scope without the right is 403.

`IMPORT_ENDPOINTS` is added to `tests/endpoints.py` (the site-wide matrix); the core suites leave the model
"indicator_import" to this file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time
from openpyxl import Workbook

from ngoaivu.core.testing.endpoints import Endpoint
from ngoaivu.core.testing.world import ALL_USERS, USERS, text_of
from ngoaivu.indicators import importer
from ngoaivu.indicators.models import ExchangeRate, IndicatorImport, IndicatorValue

M = "indicator_import"
IMPORT_ENDPOINTS = [
    Endpoint("indicators/import/", "object", lambda o: "/indicators/import/", model=M, action="import"),
    Endpoint("indicators/import/template/", "reference", lambda o: "/indicators/import/template/"),
    Endpoint("indicators/import/template/", "reference", lambda o: "/indicators/import/template/?shape=wide"),
    Endpoint("indicators/import/<int:pk>/", "object", lambda o: f"/indicators/import/{o.pk}/", model=M),
    Endpoint(
        "indicators/import/<int:pk>/",
        "object",
        lambda o: f"/indicators/import/{o.pk}/",
        model=M,
        method="post",
        action="confirm",
    ),
]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
SIGNED_OUT = {"anonymous", "inactive"}


@pytest.fixture
def frozen():
    with freeze_time("2026-03-10 09:00:00"):
        yield


# --- the policy, from DOMAIN.md §2 ---------------------------------------------------------------------------


def org(who: str) -> str | None:
    return None if who == "anonymous" else USERS[who][0]


def writes(who: str) -> bool:
    return who in {"a_editor", "b_editor", "x_officer", "y_officer", "ministry"}


def may_import(who: str) -> bool:
    """Province writers (their figures) and the ministry's writers (the rates)."""
    return writes(who) and org(who) in {"A", "B", "M"}


def may_view(who: str, owner: str) -> bool:
    return org(who) == owner or org(who) == "M"


def may_confirm(who: str, owner: str) -> bool:
    return org(who) == owner and writes(who)


def denied(who: str, status: int) -> None:
    """Signed out or deactivated: to the sign-in page; signed in without an organisation: 403."""
    assert status == (403 if who == "noorg" else 302), f"{who}: {status}"


# --- helpers -----------------------------------------------------------------------------------------------------


def workbook(province: str, marker: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in importer.LONG_COLUMNS])
    ws.append([province, "2023", "fdi_registered_new", "1.000", "USD", "", marker, ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def make_import(world, owner: str, marker: str = "") -> IndicatorImport:
    """A previewed run owned by province A (Quảng Nam's figures) or B (Lai Châu's); its filename is the marker."""
    who = {"A": "a_editor", "B": "b_editor"}[owner]
    marker = marker or f"IMPORT{owner}MARKERQ"
    batch, result = importer.preview_batch(
        actor=world.users[who],
        content=workbook("Quảng Nam" if owner == "A" else "Lai Châu", marker),
        filename=f"{marker}.xlsx",
        shape="long",
    )
    assert result.ok, [str(p) for p in result.errors]
    return batch


# --- the routes × every user -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ALL_USERS)
def test_upload_page_is_for_importers_and_lists_only_runs_they_may_see(world, who):
    ours, theirs = make_import(world, "A"), make_import(world, "B")
    response = world.client(who).get("/indicators/import/")
    if who in SIGNED_OUT or who == "noorg":
        denied(who, response.status_code)
        return
    if not may_import(who):
        assert response.status_code == 403, who
        return
    assert response.status_code == 200, who
    text = text_of(response)
    assert (ours.filename in text) == may_view(who, "A"), who
    assert (theirs.filename in text) == may_view(who, "B"), who
    assert ('value="rates"' in text) == (org(who) == "M"), who  # the rates shape is the ministry's


@pytest.mark.parametrize("who", ALL_USERS)
def test_batch_page_follows_policy(world, who):
    batch = make_import(world, "A")
    response = world.client(who).get(f"/indicators/import/{batch.pk}/")
    if who in SIGNED_OUT or who == "noorg":
        denied(who, response.status_code)
        return
    if not may_view(who, "A"):
        assert response.status_code == 404, who
        return
    assert response.status_code == 200, who
    assert ("Xác nhận nhập" in text_of(response)) == may_confirm(who, "A"), who


@pytest.mark.parametrize("who", ALL_USERS)
def test_confirm_follows_policy_and_writes_only_when_allowed(world, who):
    batch = make_import(world, "A")
    response = world.client(who).post(f"/indicators/import/{batch.pk}/")
    batch.refresh_from_db()
    created = IndicatorValue.objects.system(reason="test").filter(import_batch=batch).count()
    if who in SIGNED_OUT or who == "noorg":
        denied(who, response.status_code)
    elif not may_view(who, "A"):
        assert response.status_code == 404, who
    elif not may_confirm(who, "A"):
        assert response.status_code == 403, who
    else:
        assert response.status_code == 302, who
        assert batch.status == IndicatorImport.Status.IMPORTED
        assert created == 1
        return
    assert batch.status == IndicatorImport.Status.PREVIEWED, who
    assert created == 0, who


@pytest.mark.parametrize("who", ALL_USERS)
def test_templates_are_for_any_signed_in_user(world, who):
    for shape in ("long", "wide", "rates", "nonsense"):
        response = world.client(who).get(f"/indicators/import/template/?shape={shape}")
        if who in SIGNED_OUT or who == "noorg":
            denied(who, response.status_code)
            continue
        assert response.status_code == 200, who
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# --- the pages ---------------------------------------------------------------------------------------------------


def test_upload_previews_then_confirms_once(world):
    client = world.client("a_editor")
    content = workbook("Quảng Nam", "Cục Thống kê")
    upload = SimpleUploadedFile("so-lieu-2023.xlsx", content)
    response = client.post("/indicators/import/", {"file": upload, "shape": "long", "submit": "on"})
    assert response.status_code == 302
    batch_url = response["Location"]
    page = client.get(batch_url).content.decode()
    assert "Xác nhận nhập" in page
    assert "gửi Bộ ngay" in page
    assert IndicatorValue.objects.system(reason="test").count() == 0
    client.post(batch_url)
    value = IndicatorValue.objects.system(reason="test").get()
    assert (value.unit_key, value.status) == ("f49", "submitted")
    page = client.get(batch_url).content.decode()
    assert "Đã nhập" in page
    assert "Xác nhận nhập" not in page
    assert client.post(batch_url).status_code == 302  # already done: a message, nothing written
    assert IndicatorValue.objects.system(reason="test").count() == 1
    again = client.post(
        "/indicators/import/",
        {"file": SimpleUploadedFile("lai.xlsx", content), "shape": "long"},
    )
    assert "đã được nhập trước đây" in client.get(again["Location"]).content.decode()


def test_a_bad_file_shows_every_problem_by_row_and_column(world):
    client = world.client("a_editor")
    bad = workbook("Atlantis", "x")
    response = client.post(
        "/indicators/import/", {"file": SimpleUploadedFile("x.xlsx", bad), "shape": "long"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "không nhập dòng nào" in page
    assert "cột Tỉnh, thành phố" in page
    assert "Atlantis" in page
    assert "Xác nhận nhập" not in page


def test_the_ministry_imports_rates_from_the_page(world):
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in importer.RATE_COLUMNS])
    ws.append(["KRW", "2024", "17,74", "NHNN", ""])
    out = io.BytesIO()
    wb.save(out)
    client = world.client("ministry")
    page = client.get("/indicators/import/").content.decode()
    assert 'value="rates"' in page
    assert 'value="long"' not in page
    response = client.post(
        "/indicators/import/", {"file": SimpleUploadedFile("ty-gia.xlsx", out.getvalue()), "shape": "rates"}
    )
    client.post(response["Location"])
    assert str(ExchangeRate.objects.get(currency="KRW").vnd_per_unit) == "17.740000"
    refused = world.client("a_editor").post(
        "/indicators/import/", {"file": SimpleUploadedFile("t.xlsx", out.getvalue()), "shape": "rates"}
    )
    assert refused.status_code == 400  # not a choice for a province
