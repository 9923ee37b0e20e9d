import datetime as dt
from decimal import Decimal

import pytest

from ngoaivu.accounts.models import User
from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.directory.models import FormerProvince, Province
from ngoaivu.indicators import rules, selectors, services
from ngoaivu.indicators.models import Indicator, IndicatorValue
from ngoaivu.indicators.periods import parse_period
from ngoaivu.indicators.tests.makers import make_value

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]
S = IndicatorValue.Status


def enter(world, who="a_editor", **kw):
    data = {"indicator": "remittances", "period": "2025", "value": Decimal("1250.5")}
    data.update(kw)
    return services.value_create(actor=world.users[who], data=services.ValueInput(**data))


def errors_of(excinfo):
    return excinfo.value.errors


# --- rules --------------------------------------------------------------------------------------------------


def test_derive_unit_keys_merged_and_unmerged_units():
    danang, laichau = Province.objects.get(code="48"), Province.objects.get(code="12")
    quangnam = FormerProvince.objects.get(code="49")
    assert rules.derive_unit(province=danang, former_province=None) == ("p48", danang.pk)
    assert rules.derive_unit(province=None, former_province=quangnam) == ("f49", danang.pk)
    assert rules.derive_unit(province=danang, former_province=quangnam) == ("f49", danang.pk)
    # an unmerged unit keeps its current key whatever the era: never two keys for one figure
    old_laichau = FormerProvince.objects.get(code="12")
    assert rules.derive_unit(province=None, former_province=old_laichau) == ("p12", laichau.pk)
    with pytest.raises(ValueError, match="former province"):
        rules.derive_unit(province=laichau, former_province=quangnam)


def test_entry_refusals_name_the_reason():
    danang, laichau = Province.objects.get(code="48"), Province.objects.get(code="12")
    quangnam = FormerProvince.objects.get(code="49")
    remit = Indicator.objects.get(code="remittances")
    computed = Indicator.objects.get(code="mous_signed")

    def refusal(indicator=remit, province=None, former=None, period="2024"):
        return rules.entry_refusal(
            indicator=indicator, province=province, former_province=former, period=parse_period(period)
        )

    assert refusal(province=danang, period="2025") is None
    assert refusal(former=quangnam, period="2024") is None
    assert refusal(province=laichau, period="2020") is None  # unmerged: its own figure for any period
    assert "tính tự động" in refusal(indicator=computed, province=danang)
    assert "đơn vị cũ" in refusal(province=danang, period="2023")  # merged: report for the former unit
    assert "Quảng Nam" in refusal(province=danang, period="2023")
    assert "01/07/2025" in refusal(former=quangnam, period="2025")  # a former unit ends on 30/06/2025
    fdi = Indicator.objects.get(code="fdi_realised")
    assert refusal(indicator=fdi, former=quangnam, period="Q2/2025") is None  # coarser than monthly: allowed
    assert "không thuộc" in refusal(province=laichau, former=quangnam)
    assert "ngắn hơn" in refusal(period="03/2024", former=quangnam)  # remittances are yearly
    assert "chưa bắt đầu" in refusal(province=danang, period="2027")


def test_entry_is_refused_for_where_kept_years(world, monkeypatch):
    from ngoaivu.indicators.sources import ComputedFigure

    danang = Province.objects.get(code="48")
    indicator = Indicator.objects.get(code="ngo_aid_disbursed")
    monkeypatch.setattr(
        "ngoaivu.indicators.rules.import_string",
        lambda path: lambda **kw: [ComputedFigure(danang.pk, None, 2025, Decimal(5), "USD")],
    )
    message = rules.entry_refusal(
        indicator=indicator, province=danang, former_province=None, period=parse_period("2025")
    )
    assert "dự án" in message
    assert (
        rules.entry_refusal(
            indicator=indicator,
            province=Province.objects.get(code="12"),
            former_province=None,
            period=parse_period("2025"),
        )
        is None
    )


# --- entry --------------------------------------------------------------------------------------------------


def test_a_province_enters_its_own_draft_audited(world):
    value = enter(world, source=" Ngân hàng Nhà nước ", note="Sơ bộ")
    assert value.status == S.DRAFT
    assert value.unit_key == "p48"
    assert value.province.code == "48"
    assert value.owner_org_id == world.orgs["A"].pk
    assert value.currency == "USD"
    assert (value.period_kind, value.period_start, value.period_end, value.year) == (
        "year",
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        2025,
    )
    assert value.source == "Ngân hàng Nhà nước"
    assert AuditEvent.objects.filter(action="indicator_value.create", target_id=str(value.pk)).exists()


def test_a_former_unit_value_keeps_the_unit_and_rolls_into_the_current_province(world):
    value = enter(world, former_province="49", period="2023")
    assert value.unit_key == "f49"
    assert value.former_province.name == "Quảng Nam"
    assert value.province.code == "48"
    assert selectors.unit_label(value) == "Quảng Nam (nay thuộc Đà Nẵng)"


def test_the_form_says_to_report_earlier_periods_for_the_former_unit(world):
    with pytest.raises(ServiceError) as exc:
        enter(world, period="2023")
    assert "đơn vị cũ" in errors_of(exc)["province"][0]


def test_entry_refusals_and_field_errors(world):
    cases = [
        ({"indicator": "nope"}, "indicator"),
        ({"indicator": "mous_signed"}, "indicator"),
        ({"period": "2025-13"}, "period"),
        ({"period": "03/2025"}, "period"),
        ({"value": Decimal("NaN")}, "value"),
        ({"province": "12"}, "province"),  # another province's figure
        ({"former_province": "49", "period": "2025"}, "former_province"),
        ({"indicator": "exports_by_market", "period": "2025-08"}, "country"),
        ({"country": "JP"}, "country"),
        ({"indicator": "ngo_aid_disbursed", "currency": "yen"}, "currency"),
        ({"currency": "JPY"}, "currency"),
        ({"indicator": "requests_answered_on_time"}, "indicator"),
        ({"indicator": "international_arrivals", "period": "2025-08", "value": Decimal(-1)}, "value"),
    ]
    for change, field in cases:
        with pytest.raises(ServiceError) as exc:
            enter(world, **change)
        assert field in errors_of(exc), (change, errors_of(exc))


def test_one_live_value_per_unit_market_and_period(world):
    enter(world)
    with pytest.raises(ServiceError) as exc:
        enter(world, value=Decimal(1))
    assert "Đã có giá trị" in errors_of(exc)["period"][0]
    by_market = {"indicator": "exports_by_market", "period": "2025-08"}
    enter(world, country="JP", **by_market)
    enter(world, country="KR", **by_market)  # another market: another figure


def test_only_province_officers_enter(world):
    for who in ("a_viewer", "ministry", "x_officer"):
        with pytest.raises(Forbidden):
            enter(world, who=who)


def test_edit_only_drafts_and_returned_values(world):
    value = enter(world)
    data = services.ValueInput(indicator="remittances", period="2025", value=Decimal(7), note="sửa")
    value = services.value_update(
        actor=world.users["a_editor"], value_id=value.pk, expected_version=value.version, data=data
    )
    assert value.value == Decimal(7)
    with pytest.raises(StaleObject):
        services.value_update(actor=world.users["a_editor"], value_id=value.pk, expected_version=1, data=data)
    value = services.value_submit(
        actor=world.users["a_editor"], value_id=value.pk, expected_version=value.version
    )
    with pytest.raises(StateConflict):
        services.value_update(
            actor=world.users["a_editor"], value_id=value.pk, expected_version=value.version, data=data
        )
    with pytest.raises(NotFound):
        services.value_update(
            actor=world.users["b_editor"], value_id=value.pk, expected_version=value.version, data=data
        )


# --- workflow -----------------------------------------------------------------------------------------------


def test_submit_validate_and_who_reads_what(world):
    value = enter(world)
    assert not IndicatorValue.objects.visible_to(world.users["ministry"]).filter(pk=value.pk).exists()
    value = services.value_submit(
        actor=world.users["a_editor"], value_id=value.pk, expected_version=value.version
    )
    assert value.status == S.SUBMITTED
    assert value.submitted_by == world.users["a_editor"]
    assert IndicatorValue.objects.visible_to(world.users["ministry"]).filter(pk=value.pk).exists()
    assert not IndicatorValue.objects.visible_to(world.users["b_editor"]).filter(pk=value.pk).exists()
    with pytest.raises(Forbidden):
        services.value_validate(
            actor=world.users["a_editor"], value_id=value.pk, expected_version=value.version
        )
    value = services.value_validate(
        actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
    )
    assert value.status == S.VALIDATED
    assert value.validated_by == world.users["ministry"]
    for who in ("b_editor", "x_officer", "y_officer", "a_viewer"):
        assert IndicatorValue.objects.visible_to(world.users[who]).filter(pk=value.pk).exists(), who
    with pytest.raises(StateConflict):
        services.value_validate(
            actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
        )


def test_return_needs_a_reason_and_the_province_resubmits(world):
    value = make_value(world, "A", status="submitted")
    with pytest.raises(ServiceError) as exc:
        services.value_return(
            actor=world.users["ministry"], value_id=value.pk, expected_version=value.version, reason="  "
        )
    assert "reason" in errors_of(exc)
    value = services.value_return(
        actor=world.users["ministry"], value_id=value.pk, expected_version=value.version, reason="Sai đơn vị"
    )
    assert value.status == S.RETURNED
    assert value.returned_reason == "Sai đơn vị"
    from ngoaivu.accounts.models import Notification

    told = Notification.objects.filter(kind="indicator_value.returned", user=world.users["a_editor"]).get()
    assert "Sai đơn vị" in told.title
    assert told.url == value.get_absolute_url()
    value = services.value_submit(
        actor=world.users["a_editor"], value_id=value.pk, expected_version=value.version
    )
    assert value.status == S.SUBMITTED


def test_four_eyes_whoever_submitted_never_validates(world):
    admin = User.objects.create_user(username="siteadmin", password="x-long-password-1")
    User.objects.filter(pk=admin.pk).update(is_superuser=True, is_staff=True)
    admin = User.objects.get(pk=admin.pk)
    value = services.value_create(
        actor=admin,
        data=services.ValueInput(indicator="remittances", period="2025", value=Decimal(3), province="12"),
        submit=True,
    )
    assert value.submitted_by == admin
    for decide in (
        lambda: services.value_validate(actor=admin, value_id=value.pk, expected_version=value.version),
        lambda: services.value_return(
            actor=admin, value_id=value.pk, expected_version=value.version, reason="x"
        ),
    ):
        with pytest.raises(ServiceError, match="bốn mắt"):
            decide()
    assert (
        services.value_validate(
            actor=world.users["ministry"], value_id=value.pk, expected_version=value.version
        ).status
        == S.VALIDATED
    )


def test_correction_keeps_the_earlier_value_and_the_reason(world):
    old = make_value(world, "A", status="validated", value=100)
    with pytest.raises(ServiceError) as exc:
        services.value_correct(
            actor=world.users["a_editor"],
            value_id=old.pk,
            expected_version=old.version,
            data=services.CorrectionInput(value=Decimal(120), reason=""),
        )
    assert "reason" in errors_of(exc)
    with pytest.raises(Forbidden):  # B reads the validated value but may not correct it
        services.value_correct(
            actor=world.users["b_editor"],
            value_id=old.pk,
            expected_version=old.version,
            data=services.CorrectionInput(value=Decimal(120), reason="x"),
        )
    new = services.value_correct(
        actor=world.users["a_editor"],
        value_id=old.pk,
        expected_version=old.version,
        data=services.CorrectionInput(value=Decimal(120), reason="Cục Thống kê công bố số chính thức"),
    )
    old.refresh_from_db()
    assert old.status == S.VALIDATED  # still counted until the correction is validated
    assert old.value == Decimal(100)
    assert new.corrects_id == old.pk
    assert new.status == S.SUBMITTED
    assert new.value == Decimal(120)
    assert new.unit_key == old.unit_key
    assert new.period_start == old.period_start
    history = selectors.value_history(user=world.users["b_editor"], value=old)
    assert [v.pk for v in history] == [old.pk]  # the correction is not validated yet: B sees the old only
    history = selectors.value_history(user=world.users["a_editor"], value=old)
    assert [v.pk for v in history] == [old.pk, new.pk]
    with pytest.raises(StateConflict):  # a correction is already open: edit that one
        services.value_correct(
            actor=world.users["a_editor"],
            value_id=old.pk,
            expected_version=old.version,
            data=services.CorrectionInput(value=Decimal(1), reason="x"),
        )


def test_delete_only_drafts(world):
    draft = enter(world)
    services.value_delete(actor=world.users["a_editor"], value_id=draft.pk, expected_version=draft.version)
    assert not IndicatorValue.objects.visible_to(world.users["a_editor"]).filter(pk=draft.pk).exists()
    enter(world)  # the deleted draft no longer holds the period
    sent = make_value(world, "A", status="submitted")
    with pytest.raises(StateConflict):
        services.value_delete(actor=world.users["a_editor"], value_id=sent.pk, expected_version=sent.version)
