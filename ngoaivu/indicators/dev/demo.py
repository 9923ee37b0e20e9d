"""Demo figures of the seeds' story (issue 20): Đà Nẵng (with Quảng Nam's figures before 07/2025), Phú Thọ
(with Vĩnh Phúc's and Hòa Bình's), Lai Châu and Bắc Ninh (with Bắc Giang's, the Lục Ngạn lychee exports to
Japan) — five years 2021–2025 of the main indicators, and the exchange rates 2021–2025 (USD, JPY, KRW, EUR).

The figures are illustrative: of the right order for each province, not official statistics (their source
says so). 2021–2024 were reported for the units of the time and validated by the ministry (bulk-written as
the history, like the synthetic data); 2025 goes through the real paths so that the workflow shows: Đà Nẵng
imports its 2025 figures from Excel and sends them (the ministry's queue), Phú Thọ's 2025 exports were
returned with a reason, Lai Châu's 2025 figures are drafts, Bắc Ninh's are submitted, and Bắc Giang's 2023
exports were corrected after validation (the earlier figure kept as history). Idempotent: a second run
changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.directory.models import Country, FormerProvince, Province
from ngoaivu.indicators import importer, rules, services
from ngoaivu.indicators.importer.reading import LONG_COLUMNS
from ngoaivu.indicators.models import ExchangeRate, Indicator, IndicatorValue
from ngoaivu.indicators.periods import Period

SOURCE = "Số liệu minh họa (dữ liệu dùng thử), không phải số liệu thống kê chính thức"
RATE_SOURCE = "Tỷ giá minh họa (dữ liệu dùng thử), gần tỷ giá trung tâm bình quân năm; không phải số chính thức của NHNN"
YEARS = (2021, 2022, 2023, 2024)
GROWTH = {
    2021: Decimal("0.82"),
    2022: Decimal("0.91"),
    2023: Decimal("1.00"),
    2024: Decimal("1.12"),
    2025: Decimal("1.20"),
}
# indicator: (code, market ISO or "")
MAIN = [
    ("fdi_registered_new", ""),
    ("fdi_projects_new", ""),
    ("fdi_realised", ""),
    ("exports_total", ""),
    ("exports_by_market", "JP"),
    ("international_arrivals", ""),
    ("remittances", ""),
]
# the unit as reported (former code "fNN" or current "pNN") → its 2023 figures, in MAIN's order
BASE: dict[str, tuple[int, ...]] = {
    "f48": (310_000_000, 85, 190_000_000, 1_450_000_000, 260_000_000, 1_250_000, 420_000_000),
    "f49": (150_000_000, 22, 120_000_000, 1_950_000_000, 210_000_000, 2_100_000, 95_000_000),
    "f25": (160_000_000, 25, 110_000_000, 2_300_000_000, 180_000_000, 25_000, 60_000_000),
    "f26": (520_000_000, 48, 430_000_000, 7_800_000_000, 1_150_000_000, 60_000, 80_000_000),
    "f17": (25_000_000, 6, 18_000_000, 900_000_000, 40_000_000, 120_000, 20_000_000),
    "p12": (3_000_000, 2, 1_500_000, 35_000_000, 1_200_000, 45_000, 4_000_000),
    "f27": (4_900_000_000, 210, 2_100_000_000, 49_000_000_000, 5_600_000_000, 95_000, 180_000_000),
    "f24": (1_900_000_000, 95, 1_300_000_000, 25_000_000_000, 2_300_000_000, 30_000, 110_000_000),
}
# 2025 (the whole year reported for the current province): the sum of its units' trend
CURRENT = {"48": ("f48", "f49"), "25": ("f25", "f26", "f17"), "12": ("p12",), "24": ("f27", "f24")}
RATES = {  # VND per unit, illustrative yearly averages
    "USD": ("23160", "23270", "23880", "24170", "25120"),
    "JPY": ("210.5", "177.3", "170.2", "159.8", "167.9"),
    "KRW": ("20.21", "18.03", "18.28", "17.74", "17.92"),
    "EUR": ("27380", "24450", "25790", "26150", "28310"),
}


def _figure(unit: str, index: int, year: int) -> Decimal:
    return (Decimal(BASE[unit][index]) * GROWTH[year]).quantize(Decimal(1))


def _rates(mofa: User) -> int:
    made = 0
    for currency, per_year in RATES.items():
        for year, rate in zip((*YEARS, 2025), per_year, strict=True):
            if ExchangeRate.objects.filter(
                currency=currency, period_kind="year", period_start=dt.date(year, 1, 1)
            ).exists():
                continue
            services.rate_create(
                actor=mofa,
                data=services.RateInput(
                    currency=currency, period=str(year), vnd_per_unit=Decimal(rate), source=RATE_SOURCE
                ),
            )
            made += 1
    return made


def _history(reporters: dict[str, User], validator: User) -> int:
    """2021–2024, validated, for the units of the time (bulk: the history, not the workflow)."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[c for c, _m in MAIN])}
    formers = {f.code: f for f in FormerProvince.objects.select_related("successor")}
    provinces = {p.code: p for p in Province.objects.all()}
    orgs = dict(Organisation.objects.filter(kind=Organisation.Kind.PROVINCE).values_list("code", "pk"))
    japan = Country.objects.get(iso2="JP")
    existing = set(
        IndicatorValue.objects.system(reason="demo: idempotent")
        .filter(indicator__in=indicators.values(), year__in=YEARS)
        .values_list("indicator__code", "unit_key", "market_key", "period_start")
    )
    rows = []
    for current_code, units in CURRENT.items():
        province = provinces[current_code]
        reporter = reporters[current_code]
        for unit in units:
            former = formers.get(unit[1:]) if unit.startswith("f") else formers.get(current_code)
            for year in YEARS:
                for index, (code, market) in enumerate(MAIN):
                    unit_key, province_id = rules.derive_unit(province=None, former_province=former)
                    if (code, unit_key, market, dt.date(year, 1, 1)) in existing:
                        continue
                    indicator = indicators[code]
                    period = Period.of("year", year)
                    when = timezone.make_aware(dt.datetime(year + 1, 3, 20, 9, 0))  # noqa: DTZ001
                    rows.append(
                        IndicatorValue(
                            owner_org_id=orgs[f"tinh-{province.code}"],
                            created_by=reporter,
                            updated_by=validator,
                            indicator=indicator,
                            province_id=province_id,
                            former_province=former if rules.stores_former(former) else None,
                            unit_key=unit_key,
                            country=japan if market else None,
                            market_key=market,
                            period_kind="year",
                            period_start=period.start,
                            period_end=period.end,
                            year=year,
                            value=_figure(unit, index, year),
                            currency="USD" if indicator.is_money else "",
                            source=SOURCE,
                            status=IndicatorValue.Status.VALIDATED,
                            submitted_at=when - dt.timedelta(days=10),
                            submitted_by=reporter,
                            validated_at=when,
                            validated_by=validator,
                        )
                    )
    IndicatorValue.objects.system(reason="demo history").bulk_create(rows, batch_size=500)
    return len(rows)


def _year_2025(units: tuple[str, ...], index: int) -> Decimal:
    return sum((_figure(u, index, 2025) for u in units), Decimal(0))


def _danang_import(danang: User) -> int:
    """Đà Nẵng's 2025 figures, imported from a workbook and sent to the ministry."""
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in LONG_COLUMNS])
    for index, (code, market) in enumerate(MAIN):
        value = _year_2025(CURRENT["48"], index)
        ws.append(["Đà Nẵng", "2025", code, str(value), "", "Nhật Bản" if market else "", SOURCE, ""])
    out = io.BytesIO()
    wb.save(out)
    result = importer.run_import(
        actor=danang, content=out.getvalue(), filename="so-lieu-da-nang-2025.xlsx", shape="long", submit=True
    )
    return result.created


def _enter_2025(user: User, current_code: str, *, submit: bool) -> list[IndicatorValue]:
    made = []
    for index, (code, market) in enumerate(MAIN):
        made.append(
            services.value_create(
                actor=user,
                data=services.ValueInput(
                    indicator=code,
                    period="2025",
                    value=_year_2025(CURRENT[current_code], index),
                    province=current_code,
                    country=market,
                    source=SOURCE,
                ),
                submit=submit,
            )
        )
    return made


@transaction.atomic
def load_demo_indicators() -> dict[str, int]:
    users = {
        name: User.objects.get(username=name)
        for name in ("danang", "phutho", "laichau", "admin", "mofa", "mofa.lead")
    }
    reporters = {"48": users["danang"], "25": users["phutho"], "12": users["laichau"], "24": users["admin"]}
    counts = {
        "indicator_rates": _rates(users["mofa"]),
        "indicator_values": _history(reporters, users["mofa.lead"]),
    }
    done_2025 = (
        IndicatorValue.objects.system(reason="demo: idempotent").filter(year=2025, source=SOURCE).exists()
    )
    if done_2025:
        return counts
    counts["indicator_values"] += _danang_import(users["danang"])
    phutho = _enter_2025(users["phutho"], "25", submit=True)
    exports = next(v for v in phutho if v.indicator.code == "exports_total")
    services.value_return(
        actor=users["mofa.lead"],
        value_id=exports.pk,
        expected_version=exports.version,
        reason="Số liệu xuất khẩu 2025 chưa gồm phần của Vĩnh Phúc nửa đầu năm; đề nghị tỉnh rà soát và gửi lại.",
    )
    others = [v for v in phutho if v.pk != exports.pk]
    for value in others[:4]:
        services.value_validate(actor=users["mofa.lead"], value_id=value.pk, expected_version=value.version)
    laichau = _enter_2025(users["laichau"], "12", submit=False)
    bacninh = _enter_2025(users["admin"], "24", submit=True)
    counts["indicator_values"] += len(phutho) + len(laichau) + len(bacninh)
    # Bắc Giang's 2023 exports to Japan, corrected after validation (Lục Ngạn lychee season re-counted)
    lychee = (
        IndicatorValue.objects.system(reason="demo correction")
        .filter(
            indicator__code="exports_by_market",
            unit_key="f24",
            year=2023,
            status=IndicatorValue.Status.VALIDATED,
        )
        .first()
    )
    if lychee is not None:
        correction = services.value_correct(
            actor=users["admin"],
            value_id=lychee.pk,
            expected_version=lychee.version,
            data=services.CorrectionInput(
                value=lychee.value + Decimal(48_500_000),
                reason="Bổ sung kim ngạch vải thiều Lục Ngạn xuất sang Nhật Bản vụ 2023 (số liệu hải quan điều chỉnh).",
            ),
        )
        if correction.status == IndicatorValue.Status.DRAFT:
            correction = services.value_submit(
                actor=users["admin"], value_id=correction.pk, expected_version=correction.version
            )
        # the ministry accepts it, so the demo shows a finished history: the earlier figure superseded
        services.value_validate(
            actor=users["mofa.lead"], value_id=correction.pk, expected_version=correction.version
        )
        counts["indicator_values"] += 1
    return counts
