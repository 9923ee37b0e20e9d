"""The aid app: services (validation, scope, versions, audit), pages, API (shape, If-Match), the summary, the
computed indicator figures, search, demo and synth."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time
from openpyxl import load_workbook

from ngoaivu.aid import indicator_sources, selectors, services
from ngoaivu.aid.filters import AidProjectFilters
from ngoaivu.aid.models import AidProject, AidYear
from ngoaivu.aid.tests.makers import make_aid_project, make_ngo
from ngoaivu.audit.models import AccessEvent, AuditEvent
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject
from ngoaivu.core.testing.world import read_body
from ngoaivu.directory.models import FormerProvince, Province

pytestmark = pytest.mark.django_db


def _input(ngo_id: int, **changes: object) -> services.ProjectInput:
    values: dict[str, object] = {
        "title": "Dự án nước sạch",
        "ngo_id": ngo_id,
        "commitment": Decimal("100000"),
        "currency": "USD",
        "status": "approved",
        "approval_date": dt.date(2024, 2, 1),
        "start_on": dt.date(2024, 3, 1),
        "end_on": dt.date(2026, 12, 31),
    }
    values.update(changes)
    return services.ProjectInput(**values)  # type: ignore[arg-type]


# --- services --------------------------------------------------------------------------------------------------


def test_create_keeps_the_owner_province_the_ngo_country_nfc_and_audits(world):
    ngo = make_ngo(world, "A", country="JP")
    project = services.project_create(
        actor=world.users["a_editor"],
        data=_input(ngo.pk, title="Cho\u0302\u0301ng thiên tai", fields=("health",), provinces=("12",)),
    )
    assert project.title == "Chống thiên tai"
    assert project.owner_org_id == world.orgs["A"].pk
    assert project.province.code == "48"
    assert project.country.iso2 == "JP"
    assert sorted(p.code for p in project.provinces.all()) == ["12", "48"]
    assert " chong thien tai " in project.search_text
    # approved before 01/07/2025: the former unit of the province's code, as named then
    assert project.former_province is not None
    assert project.former_province.code == "48"
    assert AuditEvent.objects.filter(action="aid_project.create", target_id=str(project.pk)).exists()


def test_only_province_writers_create(world):
    ngo = make_ngo(world, "A")
    for who in ("a_viewer", "ministry", "x_officer"):
        with pytest.raises(Forbidden):
            services.project_create(actor=world.users[who], data=_input(ngo.pk))


def test_validation_names_each_field_in_vietnamese(world):
    ngo = make_ngo(world, "A")
    company = world.partner("A")
    with pytest.raises(ServiceError) as exc:
        services.project_create(
            actor=world.users["a_editor"],
            data=_input(
                company.pk,
                title=" ",
                commitment=Decimal("-1"),
                currency="XXX",
                start_on=dt.date(2025, 1, 2),
                end_on=dt.date(2025, 1, 1),
                former_province="26",  # Vĩnh Phúc is not Đà Nẵng's
                fields=("nope",),
            ),
        )
    errors = exc.value.errors
    assert set(errors) >= {"title", "ngo", "commitment", "currency", "end_on", "former_province", "fields"}
    assert "không phải tổ chức phi chính phủ" in errors["ngo"][0]
    assert "nay không thuộc Đà Nẵng" in errors["former_province"][0]
    # another province's private NGO is not even found
    other = make_ngo(world, "B")
    with pytest.raises(ServiceError) as exc:
        services.project_create(actor=world.users["a_editor"], data=_input(other.pk))
    assert "ngo" in exc.value.errors
    assert services.project_create(actor=world.users["a_editor"], data=_input(ngo.pk)).pk


def test_former_province_as_named(world):
    ngo = make_ngo(world, "A", country="KR")
    project = services.project_create(
        actor=world.users["a_editor"], data=_input(ngo.pk, former_province="49")
    )
    assert project.former_province == FormerProvince.objects.get(code="49")
    assert project.province_as_named == "Quảng Nam"
    with pytest.raises(ServiceError) as exc:  # approved after the merger: the current province, as named then
        services.project_create(
            actor=world.users["a_editor"],
            data=_input(ngo.pk, former_province="49", approval_date=dt.date(2025, 8, 1)),
        )
    assert "từ 01/07/2025" in exc.value.errors["former_province"][0]
    later = services.project_create(
        actor=world.users["a_editor"], data=_input(ngo.pk, approval_date=dt.date(2025, 8, 1))
    )
    assert later.former_province is None
    assert later.province_as_named == "Đà Nẵng"


def test_update_is_versioned_and_scoped(world):
    project = make_aid_project(world, "A")
    data = services.ProjectInput(**{**selectors.project_values(project), "title": "Tên mới"})
    updated = services.project_update(
        actor=world.users["a_editor"], project_id=project.pk, expected_version=project.version, data=data
    )
    assert updated.version == project.version + 1
    with pytest.raises(StaleObject):
        services.project_update(
            actor=world.users["a_editor"], project_id=project.pk, expected_version=project.version, data=data
        )
    with pytest.raises(NotFound):
        services.project_update(
            actor=world.users["b_editor"], project_id=project.pk, expected_version=None, data=data
        )
    for who in ("ministry", "a_viewer", "y_officer"):
        with pytest.raises(Forbidden):
            services.project_update(
                actor=world.users[who], project_id=project.pk, expected_version=None, data=data
            )


def test_years_replace_the_table_and_refuse_bad_rows(world):
    project = make_aid_project(world, "A")
    rows = [
        services.YearInput(year=2024, planned=Decimal("10"), actual=Decimal("8")),
        services.YearInput(year=2025, planned=Decimal("12"), actual=None),
        services.YearInput(year=2026, planned=None, actual=None),  # empty: dropped
    ]
    services.years_set(
        actor=world.users["a_editor"], project_id=project.pk, expected_version=project.version, rows=rows
    )
    assert list(AidYear.objects.filter(project=project).values_list("year", "planned", "actual")) == [
        (2024, Decimal("10.00"), Decimal("8.00")),
        (2025, Decimal("12.00"), None),
    ]
    with pytest.raises(ServiceError) as exc:
        services.years_set(
            actor=world.users["a_editor"],
            project_id=project.pk,
            expected_version=None,
            rows=[
                services.YearInput(year=2024, planned=Decimal("1")),
                services.YearInput(year=2024, planned=Decimal("2")),
                services.YearInput(year=1800, planned=Decimal("1")),
                services.YearInput(year=2023, actual=Decimal("-5")),
            ],
        )
    messages = " ".join(exc.value.errors["years"])
    assert "Năm 2024: ghi hai lần" in messages
    assert "Năm 1800" in messages
    assert "Năm 2023, thực tế" in messages
    with pytest.raises(StaleObject):
        services.years_set(
            actor=world.users["a_editor"], project_id=project.pk, expected_version=1, rows=rows
        )


def test_report_with_a_checked_file(world):
    project = make_aid_project(world, "A")
    report = services.report_add(
        actor=world.users["a_editor"],
        project_id=project.pk,
        data=services.ReportInput(reported_on=dt.date(2025, 1, 5), title="Báo cáo năm 2024"),
        upload=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    assert report.name == "bao-cao.pdf"
    assert report.sha256
    response = world.client("ministry").get(f"/aid/{project.pk}/reports/{report.pk}/file/")
    assert response.status_code == 200
    assert read_body(response).startswith(b"%PDF")
    assert world.client("b_editor").get(f"/aid/{project.pk}/reports/{report.pk}/file/").status_code == 404
    with pytest.raises(ServiceError):
        services.report_add(
            actor=world.users["a_editor"],
            project_id=project.pk,
            data=services.ReportInput(reported_on=dt.date(2025, 1, 5), title="Mật"),
            upload=SimpleUploadedFile("tai-lieu-mat.pdf", b"%PDF-1.4 test", "application/pdf"),
        )


# --- lists and summary -------------------------------------------------------------------------------------------


def test_filters(world):
    kr = make_aid_project(world, "A", country="KR")
    jp = make_aid_project(world, "A", country="JP")
    user = world.users["ministry"]

    def titles(**f: object) -> set[str]:
        return {p.title for p in selectors.project_list(user=user, filters=AidProjectFilters(**f))} & {
            kr.title,
            jp.title,
        }

    assert titles(country="jp") == {jp.title}
    assert titles(ngo=kr.ngo_id) == {kr.title}
    assert titles(province="48") == {kr.title, jp.title}
    assert titles(province="12") == set()
    assert titles(year=2024) == {kr.title, jp.title}
    assert titles(year=2027) == set()
    assert titles(status="in_progress") == {kr.title, jp.title}
    assert titles(q=kr.title.lower()) == {kr.title}


def test_a_mission_reads_the_projects_of_ngos_from_the_countries_it_covers(world):
    """Review #9: the mission's scope follows the NGO's country (the foreign party, DOMAIN §2), not the
    project's own `country` field, which may be recorded apart from it."""
    from ngoaivu.core.scoping import Action

    ngo = make_ngo(world, "A", country="KR")
    project = services.project_create(
        actor=world.users["a_editor"], data=_input(ngo.pk, country="JP", approval_date=dt.date(2025, 9, 1))
    )
    assert project.country.iso2 == "JP"
    seoul = AidProject.objects.visible_to(world.users["y_officer"], Action.VIEW)
    tokyo = AidProject.objects.visible_to(world.users["x_officer"], Action.VIEW)
    assert seoul.filter(pk=project.pk).exists()
    assert not tokyo.filter(pk=project.pk).exists()
    assert world.client("y_officer").get(f"/aid/{project.pk}/").status_code == 200
    assert world.client("x_officer").get(f"/aid/{project.pk}/").status_code == 404


def test_the_audit_log_names_the_record_type_in_words(world):
    """Walk #19: the audit words lower-case the record type's verbose name; "pcpnn" did not read."""
    from ngoaivu.audit.words import action_phrase, record_type

    project = make_aid_project(world, "A")
    assert record_type("aid.aidproject") == "Dự án viện trợ phi chính phủ nước ngoài"
    assert action_phrase("aid_project.create", "aid.aidproject") in {
        "thêm dự án viện trợ phi chính phủ nước ngoài",
        "tạo dự án viện trợ phi chính phủ nước ngoài",
    }
    text = world.client("a_editor").get(f"/aid/{project.pk}/").content.decode()
    assert "pcpnn" not in text
    assert "dự án viện trợ phi chính phủ nước ngoài" in text


def test_summary_per_year_and_donor_keeps_currencies_apart(world):
    usd = make_aid_project(world, "A")
    ngo = make_ngo(world, "A", country="JP")
    services.project_create(
        actor=world.users["a_editor"],
        data=_input(ngo.pk, currency="JPY", commitment=Decimal("5000000")),
        years=(services.YearInput(year=2024, planned=Decimal("1000000"), actual=Decimal("500000")),),
    )
    user = world.users["ministry"]
    by_year = {
        (r.key, r.currency): r for r in selectors.summary_by_year(user=user, filters=AidProjectFilters())
    }
    assert by_year[(2024, "USD")].planned == Decimal("150000")
    assert by_year[(2024, "USD")].actual == Decimal("120000")
    assert by_year[(2024, "USD")].rate == Decimal("80.0")
    assert by_year[(2024, "JPY")].planned == Decimal("1000000")
    by_donor = {r.key: r for r in selectors.summary_by_donor(user=user, filters=AidProjectFilters())}
    assert by_donor[usd.ngo_id].planned == Decimal("250000")
    assert by_donor[usd.ngo_id].project_count == 1
    assert by_donor[ngo.pk].currency == "JPY"
    # the page and its export
    page = world.client("ministry").get("/aid/summary/")
    text = page.content.decode()
    assert "150.000" in text
    assert "120.000" in text
    assert "1.000.000" in text
    wb = load_workbook(io.BytesIO(read_body(world.client("ministry").get("/aid/summary/?format=xlsx"))))
    cells = [c for row in wb.active.iter_rows(values_only=True) for c in row]
    assert "Theo năm" in cells
    assert "Theo nhà tài trợ" in cells
    assert Decimal("150000") in [Decimal(str(c)) for c in cells if isinstance(c, int | float)]


def test_summary_usd_total_per_year_through_the_indicators_rates(world):
    """Walk #22: per year, every currency converted to USD through the exchange-rate table (the year's rate),
    naming the rates used; a year lacking a rate has no total and says which rate is missing."""
    from ngoaivu.indicators.models import ExchangeRate

    make_aid_project(world, "A")  # USD: 2023 100.000 / 90.000, 2024 150.000 / 120.000
    ngo = make_ngo(world, "A", country="JP")
    services.project_create(
        actor=world.users["a_editor"],
        data=_input(ngo.pk, currency="JPY", commitment=Decimal("5000000")),
        years=(services.YearInput(year=2024, planned=Decimal("1000000"), actual=Decimal("500000")),),
    )
    user = world.users["ministry"]

    def totals() -> dict[int, selectors.UsdTotal]:
        rows = selectors.summary_by_year(user=user, filters=AidProjectFilters())
        return {t.key: t for t in selectors.usd_totals(rows)}

    missing = totals()
    assert missing[2023].planned == Decimal("100000.00")  # USD only: nothing to convert
    assert "không cần quy đổi" in missing[2023].note
    assert missing[2024].planned is None  # never counted as 1
    assert missing[2024].actual is None
    assert missing[2024].missing == ["JPY 2024", "USD 2024"]
    assert "Thiếu tỷ giá JPY 2024, USD 2024" in missing[2024].note

    for currency, rate in (("USD", "25000"), ("JPY", "170")):
        ExchangeRate.objects.create(
            currency=currency,
            period_kind="year",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
            vnd_per_unit=Decimal(rate),
            source="NHNN",
        )
    found = totals()[2024]
    assert found.planned == Decimal("156800.00")  # 150.000 + 1.000.000 × 170 / 25.000
    assert found.actual == Decimal("123400.00")
    assert found.missing == []
    assert [(r.currency, r.period) for r in found.rates] == [("JPY", "2024"), ("USD", "2024")]
    assert "JPY 2024: 170 đồng" in found.note
    text = world.client("ministry").get("/aid/summary/").content.decode()
    assert "Tổng quy đổi USD" in text
    assert "156.800" in text
    assert "USD 2024: 25.000 đồng" in text
    wb = load_workbook(io.BytesIO(read_body(world.client("ministry").get("/aid/summary/?format=xlsx"))))
    rows = [row for row in wb.active.iter_rows(values_only=True)]
    usd_rows = [r for r in rows if "Tổng quy đổi USD" in r]
    assert len(usd_rows) == 2
    cells = [c for r in usd_rows for c in r]
    assert Decimal("156800") in [Decimal(str(c)) for c in cells if isinstance(c, int | float)]
    assert any(isinstance(c, str) and "JPY 2024: 170" in c for c in cells)


# --- pages ---------------------------------------------------------------------------------------------------------


def test_pages_create_edit_years_report(world):
    ngo = make_ngo(world, "A")
    client = world.client("a_editor")
    assert client.get("/aid/new/").status_code == 200
    bad = client.post("/aid/new/", {"title": "", "ngo_id": ngo.pk, "commitment": "x", "currency": "USD"})
    assert bad.status_code == 400
    posted = client.post(
        "/aid/new/",
        {
            "title": "Trường học vùng cao",
            "ngo_id": ngo.pk,
            "commitment": "1.234.567,5",
            "currency": "USD",
            "status": "approved",
            "approval_date": "2024-05-02",
            "field_codes": ["education"],
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    project = AidProject.objects.visible_to(world.users["a_editor"]).get(title="Trường học vùng cao")
    assert project.commitment == Decimal("1234567.50")
    detail = client.get(f"/aid/{project.pk}/").content.decode()
    assert "1.234.567,50 USD" in detail
    assert "Giáo dục, đào tạo" in detail
    edit = client.get(f"/aid/{project.pk}/edit/")
    assert edit.status_code == 200
    stale = client.post(
        f"/aid/{project.pk}/edit/",
        {
            "title": "X",
            "ngo_id": ngo.pk,
            "commitment": "1",
            "currency": "USD",
            "status": "approved",
            "version": 99,
        },
    )
    assert stale.status_code == 409
    years = client.post(
        f"/aid/{project.pk}/years/",
        {"version": project.version, "add_year": "2024", "add_planned": "1.000", "add_actual": "756,0"},
    )
    assert years.status_code == 302
    row = AidYear.objects.get(project=project)
    assert (row.year, row.planned, row.actual) == (2024, Decimal("1000.00"), Decimal("756.00"))
    detail = client.get(f"/aid/{project.pk}/").content.decode()
    assert "75,6 %" in detail
    assert ">2024<" in detail  # a year is not a number to group ("2.024")
    assert ">2024<" in client.get(f"/aid/{project.pk}/years/").content.decode()
    summary = world.client("ministry").get("/aid/summary/").content.decode()
    assert "?year=2024" in summary
    assert f"?ngo={ngo.pk}" in summary
    report = client.post(
        f"/aid/{project.pk}/reports/new/",
        {"reported_on": "2025-01-10", "title": "Báo cáo giữa kỳ", "summary": "Tốt"},
    )
    assert report.status_code == 302
    detail = client.get(f"/aid/{project.pk}/").content.decode()
    assert "Báo cáo giữa kỳ" in detail
    assert "Lịch sử thay đổi" in detail


def test_list_page_and_export(world):
    project = make_aid_project(world, "A")
    page = world.client("ministry").get("/aid/?country=KR")
    assert page.status_code == 200
    assert project.title in page.content.decode()
    assert "250.000 USD" in page.content.decode()
    export = world.client("ministry").get("/aid/?format=xlsx")
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT, path="/aid/?format=xlsx").count() == 1
    assert export["Content-Disposition"].startswith('attachment; filename="vien-tro-pcpnn-')
    assert project.title in [
        c
        for row in load_workbook(io.BytesIO(read_body(export))).active.iter_rows(values_only=True)
        for c in row
    ]


# --- API ---------------------------------------------------------------------------------------------------------


def test_api_create_read_patch_years(world):
    ngo = make_ngo(world, "A", country="JP")
    client = world.client("a_editor")
    created = client.post(
        "/api/v1/aid-projects",
        json.dumps(
            {
                "title": "Dự án qua API",
                "ngo": ngo.pk,
                "commitment": "5000.5",
                "currency": "JPY",
                "fields": ["health"],
                "years": [{"year": 2025, "planned": "1000", "actual": "900"}],
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["country"] == "JP"
    assert body["currency"] == "JPY"
    assert body["fields"] == ["health"]
    assert body["years"] == [{"year": 2025, "planned": "1000.00", "actual": "900.00"}]
    pk = body["id"]
    read = client.get(f"/api/v1/aid-projects/{pk}")
    assert read["ETag"] == f'"{read.json()["version"]}"'
    # PATCH needs If-Match: missing 428, stale 412, current 200 and only the fields sent change
    url = f"/api/v1/aid-projects/{pk}"
    patch = json.dumps({"status": "in_progress"})
    assert client.patch(url, patch, content_type="application/json").status_code == 428
    assert (
        client.patch(url, patch, content_type="application/json", headers={"If-Match": '"9"'}).status_code
        == 412
    )
    done = client.patch(url, patch, content_type="application/json", headers={"If-Match": read["ETag"]})
    assert done.status_code == 200
    assert done.json()["status"] == "in_progress"
    assert done.json()["fields"] == ["health"]
    assert done.json()["title"] == "Dự án qua API"
    bad = client.patch(
        url,
        json.dumps({"end_on": "2020-01-01", "start_on": "2021-01-01"}),
        content_type="application/json",
        headers={"If-Match": f'"{done.json()["version"]}"'},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "end_on"
    other = make_ngo(world, "A", country="DE")
    moved = client.patch(
        url,
        json.dumps({"ngo": other.pk}),
        content_type="application/json",
        headers={"If-Match": f'"{done.json()["version"]}"'},
    )
    assert moved.status_code == 200
    assert moved.json()["country"] == "DE"  # the new NGO's country
    done = moved
    years_url = f"/api/v1/aid-projects/{pk}/years"
    put = json.dumps({"years": [{"year": 2024, "planned": "10"}, {"year": 2025, "actual": "7"}]})
    assert client.put(years_url, put, content_type="application/json").status_code == 428
    ok = client.put(
        years_url, put, content_type="application/json", headers={"If-Match": f'"{done.json()["version"]}"'}
    )
    assert ok.status_code == 200
    assert [y["year"] for y in ok.json()] == [2024, 2025]
    assert ok["ETag"] == client.get(f"/api/v1/aid-projects/{pk}")["ETag"]
    assert client.get(years_url).json()[1] == {"year": 2025, "planned": None, "actual": "7.00"}
    listing = world.client("ministry").get("/api/v1/aid-projects?page_size=25&currency=JPY").json()
    assert {"items", "count"} <= set(listing)
    summary = world.client("ministry").get("/api/v1/aid-projects/summary?year=2025").json()
    assert [(r["key"], r["currency"], r["actual"]) for r in summary["by_year"]] == [(2025, "JPY", "7.00")]


def test_api_refuses_a_non_ngo_partner(world):
    company = world.partner("A")
    response = world.client("a_editor").post(
        "/api/v1/aid-projects",
        json.dumps({"title": "X", "ngo": company.pk, "commitment": "1"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "ngo"


# --- computed indicator figures ----------------------------------------------------------------------------------


def test_indicator_figures_per_unit_year_and_currency(world):
    quang_nam = make_ngo(world, "A", country="KR")
    ministry = world.users["ministry"]
    project = services.project_create(
        actor=world.users["a_editor"],
        data=_input(
            quang_nam.pk,
            former_province="49",
            currency="KRW",
            commitment=Decimal("900"),
            approval_date=dt.date(2023, 6, 1),
            start_on=dt.date(2023, 7, 1),
            end_on=dt.date(2025, 12, 31),
        ),
        years=(
            services.YearInput(year=2023, planned=Decimal("300"), actual=Decimal("250")),
            services.YearInput(year=2025, planned=Decimal("300"), actual=Decimal("100")),
        ),
    )
    proposed = services.project_create(
        actor=world.users["b_editor"],
        data=_input(make_ngo(world, "B").pk, status="proposed", approval_date=dt.date(2023, 1, 1)),
    )
    assert ministry  # the figures are not scoped: aggregates, not records
    da_nang = Province.objects.get(code="48").pk
    qn = FormerProvince.objects.get(code="49").pk
    committed = {
        (f.province_id, f.former_province_id, f.year, f.currency): f.value
        for f in indicator_sources.committed(year_from=2022, year_to=2026)
    }
    assert committed[(da_nang, qn, 2023, "KRW")] == Decimal("900")
    assert committed[(da_nang, qn, 2024, "KRW")] == 0  # kept here: zero, so an entered value is refused
    assert committed[(da_nang, None, 2025, "KRW")] == 0  # from 2025: the current province
    lai_chau = Province.objects.get(code="12").pk
    # a proposed project commits nothing, and Lai Châu (never merged) counts as its current province
    assert committed[(lai_chau, None, 2023, "USD")] == 0
    assert (lai_chau, FormerProvince.objects.get(code="12").pk, 2023, "USD") not in committed
    disbursed = {
        (f.province_id, f.former_province_id, f.year, f.currency): f.value
        for f in indicator_sources.disbursed(year_from=2023, year_to=2025)
    }
    assert disbursed[(da_nang, qn, 2023, "KRW")] == Decimal("250")
    assert disbursed[(da_nang, qn, 2024, "KRW")] == 0
    assert disbursed[(da_nang, None, 2025, "KRW")] == Decimal("100")
    assert all(f.year <= 2024 for f in indicator_sources.disbursed(year_from=2000, year_to=2024))
    AidProject.objects.system(reason="test").filter(pk__in=[project.pk, proposed.pk]).update(
        deleted_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    assert indicator_sources.committed(year_from=2022, year_to=2026) == []


def test_catalogue_paths_resolve():
    from django.utils.module_loading import import_string

    assert import_string("ngoaivu.aid.indicator_sources.committed") is indicator_sources.committed
    assert import_string("ngoaivu.aid.indicator_sources.disbursed") is indicator_sources.disbursed


# --- search, demo, synth -----------------------------------------------------------------------------------------


def test_search_kind_is_registered():
    from ngoaivu.search.registry import kinds

    assert kinds()["aid_project"].model is AidProject


def test_search_finds_projects_without_diacritics_within_scope(world, django_capture_on_commit_callbacks):
    ngo = make_ngo(world, "A", country="KR", name="Hội Nước sạch Zuôih")
    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_create(
            actor=world.users["a_editor"],
            data=_input(ngo.pk, title="Hồ chứa nước Chà Vàl", former_province="49", localities="xã Chà Vàl"),
        )
    for who, found in (
        ("a_viewer", True),
        ("ministry", True),
        ("y_officer", True),
        ("x_officer", False),
        ("b_editor", False),
    ):
        body = world.client(who).get("/api/v1/search?q=ho chua nuoc cha val&type=aid_project").json()
        assert (f'"/aid/{project.pk}/"' in json.dumps(body)) is found, (who, body)
    by_former = world.client("ministry").get("/api/v1/search?q=zuoih&province=f49").json()
    assert f'"/aid/{project.pk}/"' in json.dumps(by_former)


@freeze_time("2026-03-02")
def test_demo_tells_the_story_and_is_idempotent(reference):
    from ngoaivu.aid.dev.demo import load_demo_aid
    from ngoaivu.directory.dev.demo import load_demo

    load_demo()
    assert load_demo_aid() == {"aid_projects": 2}
    assert load_demo_aid() == {"aid_projects": 0}
    projects = {
        p.province.code: p for p in AidProject.objects.system(reason="test").select_related("province")
    }
    assert set(projects) == {"12", "48"}
    assert projects["48"].former_province is not None
    assert projects["48"].province_as_named == "Quảng Nam"
    assert projects["12"].country.iso2 == "JP"
    assert projects["48"].country.iso2 == "KR"
    for p in projects.values():
        assert sorted(p.years.values_list("year", flat=True)) == [2021, 2022, 2023, 2024, 2025]
        assert p.reports.count() == 1


def test_synth_is_reproducible(world, monkeypatch):
    from ngoaivu.accounts.models import User
    from ngoaivu.aid.dev import synth

    User.objects.filter(pk=world.users["ministry"].pk).update(is_superuser=True)
    monkeypatch.setitem(synth.SCALES, "tiny", (40, 5))
    made = synth.synthesize_aid(scale="tiny", seed=3)
    assert made["aid_projects"] == 40
    assert made["aid_years"] == AidYear.objects.count()
    assert synth.aid_synthesized(scale="tiny")
    titles = list(AidProject.objects.system(reason="test").order_by("pk").values_list("title", flat=True))
    AidProject.objects.system(reason="test").delete()
    synth.synthesize_aid(scale="tiny", seed=3)
    assert (
        list(AidProject.objects.system(reason="test").order_by("pk").values_list("title", flat=True))
        == titles
    )
    user = User.objects.get(pk=world.users["ministry"].pk)
    assert selectors.project_list(user=user, filters=AidProjectFilters()).count() == 40
    # a window of years gives the same figures as the same years of a wider one (the SQL prefilter is safe)
    for source in (indicator_sources.committed, indicator_sources.disbursed):
        wide = source(year_from=2000, year_to=2030)
        assert wide
        for year in (2006, 2015, 2024, 2025):
            assert source(year_from=year, year_to=year) == [f for f in wide if f.year == year]
