"""A correction of a validated value (walk #4, review #3, #4): the old figure keeps counting until the
ministry validates the correction, and a returned correction stays on its unit, market and period."""

from decimal import Decimal

import pytest

from ngoaivu.core.exceptions import ServiceError, StateConflict
from ngoaivu.indicators import selectors, services
from ngoaivu.indicators.models import Indicator, IndicatorValue

S = IndicatorValue.Status
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]


def validated(world, who, **kw):
    data = {"indicator": "remittances", "period": "2023", "value": Decimal(10)}
    data.update(kw)
    value = services.value_create(actor=world.users[who], data=services.ValueInput(**data), submit=True)
    return services.value_validate(
        actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
    )


def total(world, year=2023):
    points = selectors.series(
        user=world.users["ministry"],
        indicator=Indicator.objects.get(code="remittances"),
        group_by="year",
        year_from=year,
        year_to=year,
    ).points
    return points[0].value if points else None


def correct(world, old, value=12):
    return services.value_correct(
        actor=world.users["b_editor"],
        value_id=old.pk,
        expected_version=old.version,
        data=services.CorrectionInput(value=Decimal(value), reason="Số chính thức"),
    )


def test_a_validated_figure_still_counts_while_its_correction_awaits_validation(world):
    old = validated(world, "b_editor")
    assert total(world) == Decimal(10)
    new = correct(world, old)
    old.refresh_from_db()
    assert old.status == S.VALIDATED
    assert total(world) == Decimal(10)
    # returned and left: the validated figure still counts
    new = services.value_return(
        actor=world.users["ministry"], value_id=new.pk, expected_version=new.version, reason="Kiểm tra lại"
    )
    assert total(world) == Decimal(10)
    # sent again and validated: the correction counts, the old row is superseded (history kept)
    new = services.value_submit(actor=world.users["b_editor"], value_id=new.pk, expected_version=new.version)
    services.value_validate(actor=world.users["ministry"], value_id=new.pk, expected_version=new.version)
    old.refresh_from_db()
    assert old.status == S.SUPERSEDED
    assert total(world) == Decimal(12)
    history = selectors.value_history(user=world.users["a_editor"], value=old)
    assert [v.pk for v in history] == [old.pk, new.pk]


def test_one_open_correction_at_a_time(world):
    old = validated(world, "b_editor")
    correct(world, old)
    old.refresh_from_db()
    with pytest.raises(StateConflict):
        correct(world, old, value=13)
    assert IndicatorValue.objects.system(reason="test").filter(corrects=old).count() == 1


def test_a_returned_correction_cannot_be_moved_to_another_period(world):
    old = validated(world, "b_editor")
    new = correct(world, old)
    new = services.value_return(
        actor=world.users["ministry"], value_id=new.pk, expected_version=new.version, reason="Kiểm tra lại"
    )
    with pytest.raises(ServiceError) as exc:
        services.value_update(
            actor=world.users["b_editor"],
            value_id=new.pk,
            expected_version=new.version,
            data=services.ValueInput(indicator="remittances", period="2022", value=Decimal(12)),
        )
    assert "period" in exc.value.errors
    # the figure itself may change
    edited = services.value_update(
        actor=world.users["b_editor"],
        value_id=new.pk,
        expected_version=new.version,
        data=services.ValueInput(indicator="remittances", period="2023", value=Decimal(14)),
    )
    assert (edited.value, edited.period_start.year) == (Decimal(14), 2023)
