"""The value form reads figures as officials type them (walk #1) and shows them back plainly (review #11)."""

import re
from decimal import Decimal

import pytest

from ngoaivu.indicators import services
from ngoaivu.indicators.models import IndicatorValue

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]


def _form(value: str, period: str = "2023") -> dict[str, str]:
    return {
        "indicator": "remittances",
        "former_province": "49",
        "period": period,
        "value": value,
        "convention": "calendar",
        "source": f"src {period} {value}",
    }


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("45.000", Decimal("45000")),
        ("650.000.000", Decimal("650000000")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("12,5", Decimal("12.5")),
    ],
)
def test_the_value_field_reads_vietnamese_and_english_figures(world, typed, saved):
    client = world.client("a_editor")
    page = client.get("/indicators/values/new/").content.decode()
    field = re.search(r'<input[^>]*name="value"[^>]*>', page).group(0)
    assert 'type="text"' in field, field
    assert 'inputmode="decimal"' in field, field
    done = client.post("/indicators/values/new/", _form(typed))
    assert done.status_code == 302, done.content.decode()[:3000]
    value = IndicatorValue.objects.get(source=f"src 2023 {typed}")
    assert value.value == saved


@pytest.mark.parametrize("typed", ["khoảng 400 triệu", "1.234.5", "1,23,4", "12e3", "NaN"])
def test_the_value_field_refuses_non_numbers_naming_the_field(world, typed):
    response = world.client("a_editor").post("/indicators/values/new/", _form(typed))
    assert response.status_code == 400
    body = response.content.decode()
    # the summary names the field: "Giá trị: “…” không phải số", the label once
    assert re.search(r"Giá trị</a>: “[^”]*” không phải số", body), body[:3000]
    assert "Giá trị: “" not in body
    assert not IndicatorValue.objects.filter(source=f"src 2023 {typed}").exists()


def test_the_edit_form_shows_a_round_figure_as_officials_write_it(world):
    """Review #11: Decimal('132000000.0000').normalize() rendered as "1.32E+8"."""
    value = services.value_create(
        actor=world.users["a_editor"],
        data=services.ValueInput(
            indicator="fdi_registered_new", period="2023", former_province="49", value=Decimal(132_000_000)
        ),
    )
    client = world.client("a_editor")
    page = client.get(f"/indicators/values/{value.pk}/edit/").content.decode()
    field = re.search(r'<input[^>]*name="value"[^>]*>', page).group(0)
    assert "E+" not in field, field
    assert 'value="132.000.000"' in field, field
    # saved back unchanged
    again = client.post(
        f"/indicators/values/{value.pk}/edit/",
        {
            "former_province": "49",
            "period": "2023",
            "value": "132.000.000",
            "convention": "calendar",
            "version": value.version,
        },
    )
    assert again.status_code == 302, again.content.decode()[:3000]
    value.refresh_from_db()
    assert value.value == Decimal(132_000_000)


@pytest.mark.parametrize(
    ("period", "hint"),
    [
        ("2026/13", "tháng phải từ 01 đến 12 (ví dụ 03/2026)"),
        ("13/2025", "tháng phải từ 01 đến 12"),
        ("Q5/2025", "ví dụ"),
    ],
)
def test_a_wrong_period_says_what_is_expected(world, period, hint):
    """Walk #14: "kỳ không hợp lệ: 13" gave no hint."""
    response = world.client("a_editor").post("/indicators/values/new/", _form("5", period=period))
    assert response.status_code == 400
    assert hint in response.content.decode()
