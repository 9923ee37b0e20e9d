"""Getting around (walk #3, #6): a province's own profile from the indicator tabs; the ministry moves on to the
next submitted value after validating or returning one."""

from decimal import Decimal

import pytest

from ngoaivu.indicators import services

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]


def submitted(world, who, period):
    return services.value_create(
        actor=world.users[who],
        data=services.ValueInput(indicator="remittances", period=period, value=Decimal(5)),
        submit=True,
    )


def test_a_province_finds_its_own_profile_from_the_tabs(world):
    page = world.client("b_editor").get("/indicators/").content.decode()
    assert 'href="/indicators/provinces/12/"' in page
    assert "Chỉ tiêu của tỉnh mình" in page
    assert "Chỉ tiêu của tỉnh mình" not in world.client("ministry").get("/indicators/").content.decode()


def test_after_a_decision_the_ministry_goes_to_the_next_submitted_value(world):
    first = submitted(world, "b_editor", "2022")
    second = submitted(world, "b_editor", "2023")
    client = world.client("ministry")
    done = client.post(f"/indicators/values/{first.pk}/validate/", {"version": first.version})
    assert done["Location"] == second.get_absolute_url()
    returned = client.post(
        f"/indicators/values/{second.pk}/return/", {"version": second.version, "reason": "Sai nguồn"}
    )
    assert returned["Location"] == "/indicators/values/?status=submitted"
    # a failed decision stays on the value
    again = client.post(f"/indicators/values/{second.pk}/validate/", {"version": second.version})
    assert again["Location"] == second.get_absolute_url()


def test_the_profile_says_how_many_values_wait_for_the_ministry(world):
    submitted(world, "b_editor", "2025")
    page = world.client("b_editor").get("/indicators/provinces/12/?year=2025").content.decode()
    assert "1 giá trị của năm này đang chờ Bộ xác nhận" in page
    assert "status=submitted" in page
    other = world.client("a_editor").get("/indicators/provinces/12/?year=2025").content.decode()
    assert "đang chờ Bộ xác nhận" not in other  # A does not see B's submitted values
