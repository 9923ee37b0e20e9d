"""Writes for indicator values and exchange rates. A province enters its own values (draft → submitted); the
ministry validates them or returns them with a reason, never a value it submitted itself (four eyes); a
validated value is corrected by a new row that `corrects` it, the earlier one becoming `superseded` and
staying readable with the reason. Rates are the ministry's. Every write scopes, validates, saves with
optimistic locking and is audited."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, FormerProvince, Province
from ngoaivu.indicators import rules
from ngoaivu.indicators.models import ExchangeRate, Indicator, IndicatorValue
from ngoaivu.indicators.periods import Period, PeriodError, parse_period

S = IndicatorValue.Status
EDITABLE_STATES = (S.DRAFT, S.RETURNED)
MAX_ABS_VALUE = Decimal(10) ** 19  # max_digits=24, decimal_places=4
CURRENCY_UNITS = {Indicator.Unit.USD: "USD", Indicator.Unit.VND: "VND"}
COUNTED_UNITS = (
    Indicator.Unit.PERSONS,
    Indicator.Unit.VISITS,
    Indicator.Unit.PROJECTS,
    Indicator.Unit.COUNT,
)


@dataclass(frozen=True)
class ValueInput:
    """What a form, the API or an import row says about one figure. `province` is the current province's
    code (empty: the actor's own), `former_province` the code of the pre-2025 unit it was reported for,
    `period` as officials write it ("2024", "Q1/2024", "03/2024", "2024-03"), `country` ISO alpha-2 for
    by-market indicators, `currency` ISO 4217 for money in another currency than the catalogue's."""

    indicator: str
    period: str
    value: Decimal
    province: str = ""
    former_province: str = ""
    country: str = ""
    currency: str = ""
    source: str = ""
    note: str = ""
    convention: str = IndicatorValue.Convention.CALENDAR


@functools.lru_cache(maxsize=1)
def iso_currencies() -> frozenset[str]:
    """ISO 4217 codes as CLDR knows them (Babel): a currency is a code, never a guess from its name."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def may_enter(actor: Actor) -> bool:
    """Province officers enter their own province's values; site administrators any province's."""
    scope = actor.scope
    return bool(scope.can_write and (scope.is_province or scope.is_site_admin))


def may_validate(actor: Actor) -> bool:
    scope = actor.scope
    return bool(scope.can_write and scope.is_national)


def _province_org(province: Province) -> int:
    org_id = (
        Organisation.objects.filter(code=f"tinh-{province.code}", kind=Organisation.Kind.PROVINCE)
        .values_list("pk", flat=True)
        .first()
    )
    if org_id is None:
        raise ServiceError(_("Chưa có đơn vị cho tỉnh %(p)s.") % {"p": province.name})
    return int(org_id)


def _refusal_field(indicator: Indicator, period: Period, former: FormerProvince | None) -> str:
    """Which form field an entry refusal belongs to (the rules answer one sentence)."""
    if not indicator.active or indicator.computed == Indicator.Computed.ALWAYS:
        return "indicator"
    if period.start > timezone.localdate() or rules.too_fine(indicator, period):
        return "period"
    return "former_province" if former is not None else "province"


def validate_value(actor: Actor, data: ValueInput) -> dict[str, Any]:
    """Every field checked at once; the values to write (with `unit_key` and `owner_org_id`) or a
    ServiceError naming each field in Vietnamese."""
    errors: dict[str, list[str]] = {}
    indicator = Indicator.objects.filter(code=clean_text(data.indicator)).first()
    if indicator is None:
        errors["indicator"] = [_("Chỉ tiêu “%(c)s” không có trong danh mục.") % {"c": data.indicator}]
    period: Period | None = None
    try:
        period = parse_period(clean_text(data.period))
    except PeriodError as exc:
        errors["period"] = [str(exc)]
    own = actor.scope.province_code if actor.scope.is_province else ""
    code = clean_text(data.province) or own
    province = Province.objects.filter(code=code).first() if code else None
    former = None
    if data.former_province:
        former = FormerProvince.objects.select_related("successor").filter(code=data.former_province).first()
        if former is None:
            errors["former_province"] = [_("Không có tỉnh cũ mã “%(c)s”.") % {"c": data.former_province[:10]}]
        elif province is None and not data.province:
            province = former.successor
    if code and province is None:
        errors["province"] = [_("Không có tỉnh, thành phố mã “%(c)s”.") % {"c": code[:10]}]
    elif province is None and former is None and "former_province" not in errors:
        errors["province"] = [_("Hãy chọn tỉnh, thành phố.")]
    if own and province is not None and province.code != own:
        errors["province"] = [_("Chỉ nhập được số liệu của tỉnh mình.")]
    if indicator is not None and period is not None and (province or former) and not errors:
        refusal = rules.entry_refusal(
            indicator=indicator, province=province, former_province=former, period=period
        )
        if refusal:
            errors[_refusal_field(indicator, period, former)] = [refusal]
    values: dict[str, Any] = {}
    value = data.value
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except (InvalidOperation, ValueError):
            value = None
    if value is None or not value.is_finite() or abs(value) >= MAX_ABS_VALUE:
        errors["value"] = [_("Giá trị phải là một số.")]
    elif indicator is not None:
        if indicator.unit in COUNTED_UNITS and value < 0:
            errors["value"] = [_("Số lượng không được âm.")]
        if indicator.unit == Indicator.Unit.PERCENT and not 0 <= value <= 100:
            errors["value"] = [_("Tỷ lệ phải từ 0 đến 100.")]
        values["value"] = value.quantize(Decimal("0.0001"))
    currency = clean_text(data.currency).upper()
    if indicator is not None:
        fixed = CURRENCY_UNITS.get(Indicator.Unit(indicator.unit))
        if fixed is not None:
            if currency and currency != fixed:
                errors["currency"] = [_("Chỉ tiêu này tính bằng %(c)s.") % {"c": fixed}]
            currency = fixed
        elif indicator.unit == Indicator.Unit.CURRENCY:
            if currency not in iso_currencies():
                errors["currency"] = [_("Ghi mã tiền tệ 3 chữ cái (USD, JPY, KRW, EUR, VND…).")]
        else:
            currency = ""
    country = None
    if indicator is not None and indicator.by_market:
        country = Country.objects.filter(iso2=clean_text(data.country).upper()).first()
        if country is None:
            errors["country"] = [_("Chỉ tiêu theo thị trường: hãy chọn thị trường (quốc gia).")]
    elif data.country:
        errors["country"] = [_("Chỉ tiêu này không chia theo thị trường.")]
    if data.convention not in IndicatorValue.Convention.values:
        errors["convention"] = [_("Quy ước kỳ không hợp lệ.")]
    for name in ("source", "note"):
        text = clean_text(getattr(data, name))
        limit = getattr(IndicatorValue._meta.get_field(name), "max_length", None)
        if limit and len(text) > limit:
            errors[name] = [_("Tối đa %(n)d ký tự (hiện có %(m)d).") % {"n": limit, "m": len(text)}]
        values[name] = text
    _fail(errors, _("Chưa lưu được giá trị."))
    assert indicator is not None
    assert period is not None
    unit_key, current_id = rules.derive_unit(province=province, former_province=former)
    current = (
        province
        if province is not None and province.pk == current_id
        else Province.objects.get(pk=current_id)
    )
    values.update(
        indicator=indicator,
        province=current,
        former_province=former if rules.stores_former(former) else None,
        unit_key=unit_key,
        country=country,
        market_key=country.iso2 if country is not None else "",
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        year=period.year,
        currency=currency,
        convention=data.convention,
        owner_org_id=_province_org(current),
    )
    return values


def _live_duplicate(values: dict[str, Any], exclude_pk: int | None = None) -> bool:
    qs = IndicatorValue.objects.system(reason="one live value per indicator, unit, market and period").filter(
        indicator=values["indicator"],
        unit_key=values["unit_key"],
        market_key=values["market_key"],
        period_kind=values["period_kind"],
        period_start=values["period_start"],
        status__in=IndicatorValue.LIVE_STATES,
        deleted_at__isnull=True,
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


DUPLICATE = _("Đã có giá trị của chỉ tiêu này cho tỉnh và kỳ này; hãy sửa hoặc đính chính giá trị đó.")


def _check_and_save(obj: IndicatorValue, expected_version: int | None) -> None:
    try:
        obj.full_clean(exclude=["owner_org", "created_by", "updated_by"])
    except ValidationError as exc:
        raise ServiceError(
            _("Chưa lưu được giá trị."),
            {k if k != "__all__" else "value": [str(m) for m in v] for k, v in exc.message_dict.items()},
        ) from exc
    save_versioned(obj, expected_version)


def _after_write(obj: IndicatorValue, actor: Actor) -> None:
    """Inside the transaction: the row is still one the actor may act on (ownership never from input)."""
    if not IndicatorValue.objects.visible_to(actor, Action.VIEW).filter(pk=obj.pk).exists():
        raise Forbidden()


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


@transaction.atomic
def value_create(
    *, actor: Actor, data: ValueInput, submit: bool = False, import_batch_id: int | None = None
) -> IndicatorValue:
    if not may_enter(actor):
        raise Forbidden()
    values = validate_value(actor, data)
    if _live_duplicate(values):
        raise ServiceError(_("Chưa lưu được giá trị."), {"period": [str(DUPLICATE)]})
    user = _user(actor)
    obj = IndicatorValue(created_by=user, updated_by=user, import_batch_id=import_batch_id, **values)
    if submit:
        obj.status, obj.submitted_at, obj.submitted_by = S.SUBMITTED, timezone.now(), user
    _check_and_save(obj, None)
    _after_write(obj, actor)
    audit.record(actor=actor, action="indicator_value.create", target=obj, after=audit.snapshot(obj))
    return obj


@transaction.atomic
def value_update(
    *, actor: Actor, value_id: int, expected_version: int | None, data: ValueInput
) -> IndicatorValue:
    """A draft or returned value's figure, period, unit, source and note; the indicator stays."""
    obj = get_for_action(IndicatorValue, actor, Action.CHANGE, pk=value_id)
    if obj.status not in EDITABLE_STATES:
        raise StateConflict(
            _("Giá trị “%(s)s” không sửa được; giá trị đã xác nhận thì đính chính.")
            % {"s": obj.get_status_display()}
        )
    if clean_text(data.indicator) != obj.indicator.code:
        raise ServiceError(
            _("Chưa lưu được giá trị."), {"indicator": [_("Không đổi được chỉ tiêu của một giá trị.")]}
        )
    values = validate_value(actor, data)
    if obj.corrects_id is not None:
        # a correction keeps the unit, market and period of the value it corrects (review #3)
        fixed = ("unit_key", "market_key", "period_kind", "period_start")
        if any(values[k] != getattr(obj, k) for k in fixed):
            message = _(
                "Giá trị đính chính giữ nguyên tỉnh, thị trường và kỳ của giá trị được đính chính; "
                "chỉ sửa được số liệu, đơn vị tiền tệ, nguồn và ghi chú."
            )
            raise ServiceError(_("Chưa lưu được giá trị."), {"period": [str(message)]})
    elif _live_duplicate(values, exclude_pk=obj.pk):
        raise ServiceError(_("Chưa lưu được giá trị."), {"period": [str(DUPLICATE)]})
    before = audit.snapshot(obj)
    for k, v in values.items():
        setattr(obj, k, v)
    obj.updated_by = _user(actor)
    _check_and_save(obj, expected_version)
    audit.record(
        actor=actor, action="indicator_value.update", target=obj, before=before, after=audit.snapshot(obj)
    )
    return obj


def _transition(
    obj: IndicatorValue, actor: Actor, action: str, expected_version: int | None, **changes: Any
) -> IndicatorValue:
    before = audit.snapshot(obj)
    for k, v in changes.items():
        setattr(obj, k, v)
    obj.updated_by = _user(actor)
    save_versioned(obj, expected_version)
    audit.record(
        actor=actor, action=f"indicator_value.{action}", target=obj, before=before, after=audit.snapshot(obj)
    )
    return obj


@transaction.atomic
def value_submit(*, actor: Actor, value_id: int, expected_version: int | None) -> IndicatorValue:
    obj = get_for_action(IndicatorValue, actor, Action.CHANGE, pk=value_id)
    if obj.status not in EDITABLE_STATES:
        raise StateConflict(_("Chỉ gửi được giá trị nháp hoặc bị trả lại."))
    return _transition(
        obj,
        actor,
        "submit",
        expected_version,
        status=S.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=_user(actor),
    )


def _for_decision(actor: Actor, value_id: int) -> IndicatorValue:
    obj = get_for_action(IndicatorValue, actor, Action.VIEW, pk=value_id)
    if obj.status != S.SUBMITTED:
        if may_validate(actor):
            raise StateConflict(_("Chỉ xác nhận hoặc trả lại được giá trị đã gửi Bộ."))
        raise Forbidden()
    get_for_action(IndicatorValue, actor, Action.APPROVE, pk=value_id)
    user = _user(actor)
    if user is not None and obj.submitted_by_id == user.pk:
        raise ServiceError(
            _("Người gửi giá trị không tự xác nhận hoặc trả lại giá trị đó (nguyên tắc bốn mắt)."),
        )
    return obj


@transaction.atomic
def value_validate(*, actor: Actor, value_id: int, expected_version: int | None) -> IndicatorValue:
    obj = _for_decision(actor, value_id)
    if obj.corrects_id is not None:
        # the corrected value counted until now; from here on the correction does
        old = IndicatorValue.objects.system(reason="a validated correction supersedes").get(
            pk=obj.corrects_id
        )
        if old.status == S.VALIDATED:
            before = audit.snapshot(old)
            old.status = S.SUPERSEDED
            old.updated_by = _user(actor)
            save_versioned(old, None)
            audit.record(
                actor=actor,
                action="indicator_value.supersede",
                target=old,
                before=before,
                after=audit.snapshot(old),
            )
    return _transition(
        obj,
        actor,
        "validate",
        expected_version,
        status=S.VALIDATED,
        validated_at=timezone.now(),
        validated_by=_user(actor),
        returned_reason="",
    )


@transaction.atomic
def value_return(*, actor: Actor, value_id: int, expected_version: int | None, reason: str) -> IndicatorValue:
    reason = clean_text(reason)
    obj = _for_decision(actor, value_id)
    if not reason:
        message = _("Ghi lý do trả lại.")
        raise ServiceError(message, {"reason": [message]})
    if len(reason) > 3000:
        message = _("Tối đa %(n)d ký tự.") % {"n": 3000}
        raise ServiceError(message, {"reason": [message]})
    obj = _transition(obj, actor, "return", expected_version, status=S.RETURNED, returned_reason=reason)
    # the province's officers hear of it (deduplicated per value and version: a second return is new news)
    notify(
        users=staff_of(obj.owner_org_id),
        kind="indicator_value.returned",
        title=rendered_later(
            gettext_noop("Bộ trả lại số liệu %(i)s (%(p)s): %(r)s"),
            i=obj.indicator.name_vi,
            p=Period(obj.period_kind, obj.period_start).label(),
            r=reason[:200],
        ),
        url=obj.get_absolute_url(),
        dedupe_key=f"indicator-value-returned-{obj.pk}-v{obj.version}",
    )
    return obj


@dataclass(frozen=True)
class CorrectionInput:
    value: Decimal
    reason: str
    source: str = ""
    note: str = ""
    currency: str = ""


def open_correction(value: IndicatorValue) -> IndicatorValue | None:
    """The correction of a validated value still waiting for (or returned by) the ministry, if any."""
    return (
        IndicatorValue.objects.system(reason="one open correction per value")
        .filter(corrects_id=value.pk, status__in=(S.DRAFT, S.SUBMITTED, S.RETURNED), deleted_at__isnull=True)
        .first()
    )


@transaction.atomic
def value_correct(
    *, actor: Actor, value_id: int, expected_version: int | None, data: CorrectionInput
) -> IndicatorValue:
    """A validated figure corrected: a new row that `corrects` it carries the new figure and the reason,
    submitted for validation; the earlier row stays validated (still counted) until the ministry validates the
    correction, then becomes `superseded` (kept, with the history). One open correction at a time."""
    old = get_for_action(IndicatorValue, actor, Action.VIEW, pk=value_id)
    if old.status != S.VALIDATED:
        if IndicatorValue.objects.visible_to(actor, Action.CHANGE).filter(pk=old.pk).exists():
            raise StateConflict(_("Chỉ đính chính được giá trị đã xác nhận; giá trị khác thì sửa."))
        raise Forbidden()
    get_for_action(IndicatorValue, actor, Action.CHANGE, pk=value_id)
    reason = clean_text(data.reason)
    if not reason:
        message = _("Ghi lý do đính chính.")
        raise ServiceError(message, {"reason": [message]})
    province_code = old.province.code
    former_code = old.former_province.code if old.former_province is not None else ""
    values = validate_value(
        actor,
        ValueInput(
            indicator=old.indicator.code,
            period=Period(old.period_kind, old.period_start).key,
            value=data.value,
            province=province_code if not former_code else "",
            former_province=former_code,
            country=old.country.iso2 if old.country is not None else "",
            currency=data.currency or old.currency,
            source=data.source or old.source,
            note=data.note,
            convention=old.convention,
        ),
    )
    if open_correction(old) is not None:
        raise StateConflict(_("Giá trị này đang có một đính chính chờ Bộ xác nhận; hãy sửa đính chính đó."))
    # the validated value stays validated (and counted) until its correction is validated; its version moves
    # so that two corrections sent at once cannot both pass
    old.updated_by = _user(actor)
    save_versioned(old, expected_version)
    user = _user(actor)
    new = IndicatorValue(
        created_by=user,
        updated_by=user,
        corrects=old,
        correction_reason=reason[:3000],
        status=S.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=user,
        **values,
    )
    _check_and_save(new, None)
    audit.record(actor=actor, action="indicator_value.correct", target=new, after=audit.snapshot(new))
    return new


@transaction.atomic
def value_delete(*, actor: Actor, value_id: int, expected_version: int | None) -> None:
    """A draft is deleted (soft); anything sent to the ministry stays, corrected if need be."""
    obj = get_for_action(IndicatorValue, actor, Action.DELETE, pk=value_id)
    if obj.status != S.DRAFT:
        raise StateConflict(_("Chỉ xóa được giá trị nháp."))
    before = audit.snapshot(obj)
    obj.deleted_at = timezone.now()
    obj.updated_by = _user(actor)
    save_versioned(obj, expected_version)
    audit.record(actor=actor, action="indicator_value.delete", target=obj, before=before)


# --- exchange rates ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateInput:
    currency: str
    period: str
    vnd_per_unit: Decimal
    source: str
    note: str = ""


def may_manage_rates(actor: Actor) -> bool:
    scope = actor.scope
    return bool(scope.can_write and scope.is_national)


def _rate_values(data: RateInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    currency = clean_text(data.currency).upper()
    if currency not in iso_currencies():
        errors["currency"] = [_("Ghi mã tiền tệ 3 chữ cái (USD, JPY, KRW, EUR…).")]
    elif currency == "VND":
        errors["currency"] = [_("Tỷ giá là số đồng cho 1 đơn vị ngoại tệ; không nhập cho VND.")]
    period: Period | None = None
    try:
        period = parse_period(clean_text(data.period))
    except PeriodError as exc:
        errors["period"] = [str(exc)]
    rate = data.vnd_per_unit
    if rate is None or not isinstance(rate, Decimal) or not rate.is_finite() or rate <= 0 or rate >= 10**12:
        errors["vnd_per_unit"] = [_("Tỷ giá phải là số dương.")]
    source = clean_text(data.source)
    if not source:
        errors["source"] = [_("Ghi nguồn tỷ giá (ví dụ: tỷ giá trung tâm của Ngân hàng Nhà nước).")]
    values: dict[str, Any] = {"source": source[:300], "note": clean_text(data.note)[:500]}
    _fail(errors, _("Chưa lưu được tỷ giá."))
    assert period is not None
    values.update(
        currency=currency,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        vnd_per_unit=rate.quantize(Decimal("0.000001")),
    )
    return values


def _save_rate(rate: ExchangeRate, expected_version: int | None) -> None:
    clash = ExchangeRate.objects.filter(
        currency=rate.currency, period_kind=rate.period_kind, period_start=rate.period_start
    ).exclude(pk=rate.pk)
    if clash.exists():
        message = _("Đã có tỷ giá của đồng tiền này cho kỳ này.")
        raise ServiceError(message, {"period": [message]})
    save_versioned(rate, expected_version)


@transaction.atomic
def rate_create(*, actor: Actor, data: RateInput) -> ExchangeRate:
    if not may_manage_rates(actor):
        raise Forbidden()
    rate = ExchangeRate(created_by=_user(actor), **_rate_values(data))
    _save_rate(rate, None)
    audit.record(actor=actor, action="exchange_rate.create", target=rate, after=audit.snapshot(rate))
    return rate


def _rate_for_change(actor: Actor, rate_id: int) -> ExchangeRate:
    from ngoaivu.core.exceptions import NotFound

    rate = ExchangeRate.objects.filter(pk=rate_id).first() if 0 < rate_id < 2**63 else None
    if rate is None or not actor.scope.active:
        raise NotFound()
    if not may_manage_rates(actor):
        raise Forbidden()
    return rate


@transaction.atomic
def rate_update(*, actor: Actor, rate_id: int, expected_version: int | None, data: RateInput) -> ExchangeRate:
    rate = _rate_for_change(actor, rate_id)
    before = audit.snapshot(rate)
    for k, v in _rate_values(data).items():
        setattr(rate, k, v)
    _save_rate(rate, expected_version)
    audit.record(
        actor=actor, action="exchange_rate.update", target=rate, before=before, after=audit.snapshot(rate)
    )
    return rate


@transaction.atomic
def rate_delete(*, actor: Actor, rate_id: int, expected_version: int | None) -> None:
    rate = _rate_for_change(actor, rate_id)
    if expected_version is not None and rate.version != expected_version:
        from ngoaivu.core.exceptions import StaleObject

        raise StaleObject(rate._meta.label, rate.pk, rate.version)
    before = audit.snapshot(rate)
    audit.record(actor=actor, action="exchange_rate.delete", target=rate, before=before)
    rate.delete()
