"""How figures read on the pages (walk #2, #12, #13, #19, #20): years without a thousands separator, counts
without decimals, the value's name in the audit log, no file path on the catalogue."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.audit.models import AuditEvent
from ngoaivu.indicators import services
from ngoaivu.indicators.models import IndicatorValue

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]


def validated(world, who, **kw):
    value = services.value_create(actor=world.users[who], data=services.ValueInput(**kw), submit=True)
    return services.value_validate(
        actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
    )


def test_years_are_printed_plainly_sorted_and_once(world):
    client = world.client("ministry")
    pages = [
        client.get("/indicators/remittances/?province=48&from=2016&to=2025").content.decode(),
        client.get("/indicators/provinces/48/?year=2025").content.decode(),
        client.get("/indicators/compare/?from=2024&to=2024").content.decode(),
    ]
    for page in pages:
        assert not re.search(r"\b2\.0[0-9]{2}\b", page), re.search(r".{80}\b2\.0[0-9]{2}\b.{40}", page)
        for select in re.findall(r"<select name=\"(?:from|to|year)\">(.*?)</select>", page, re.S):
            years = [int(y) for y in re.findall(r'<option value="(\d+)"', select)]
            assert years == sorted(set(years), reverse=True)
    assert "2016–2025" in pages[0]
    assert 'value="2025" selected' in pages[1]
    # a year outside the usual range is offered once, in order
    old = client.get("/indicators/remittances/?from=1990&to=1995").content.decode()
    select = re.search(r'<select name="from">(.*?)</select>', old, re.S).group(1)
    assert select.count('value="1990"') == 1


def test_counts_have_no_decimals_and_money_keeps_two(world):
    validated(world, "b_editor", indicator="fdi_projects_new", period="2024", value=Decimal(95))
    validated(world, "b_editor", indicator="remittances", period="2024", value=Decimal("1234.5"))
    client = world.client("ministry")
    projects = client.get("/indicators/fdi_projects_new/?from=2024&to=2024").content.decode()
    assert ">95<" in projects or ">95 " in projects
    assert "95,00" not in projects
    profile = client.get("/indicators/provinces/12/?year=2024").content.decode()
    assert "95,00" not in profile
    assert "1.234,50" in profile


def test_the_audit_log_names_the_indicator_unit_and_period(world):
    value = services.value_create(
        actor=world.users["a_editor"],
        data=services.ValueInput(
            indicator="remittances", period="2023", former_province="49", value=Decimal(5)
        ),
    )
    event = AuditEvent.objects.filter(action="indicator_value.create").latest("pk")
    assert event.target_repr == "Kiều hối — Quảng Nam — Năm 2023", event.target_repr
    listed = list(
        IndicatorValue.objects.filter(pk=value.pk).select_related("indicator", "province", "former_province")
    )
    with CaptureQueriesContext(connection) as queries:
        [str(v) for v in listed]
    assert len(queries) == 0


def test_the_catalogue_shows_no_file_path(world):
    page = world.client("a_viewer").get("/indicators/").content.decode()
    assert "catalogue.csv" not in page
