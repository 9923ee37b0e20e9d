"""Entity rules: the examples the issue names, the era of province names, folding, number parsing
(property-based), and a floor on the annotated evaluation so a rule change cannot quietly make it worse."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ngoaivu.core.text import fold
from ngoaivu.ingest import evaluate
from ngoaivu.ingest.entities import extract, fold_keep_length, parse_number


def found(text, on=None, kind=None):
    return [(e.type, e.text, e.norm) for e in extract(text, on=on) if kind is None or e.type == kind]


def test_the_examples_of_the_issue():
    text = (
        "Ngày 10/8/2022, UBND tỉnh Vĩnh Phúc làm việc với phía Nhật Bản; trong tháng 6/2022 "
        "kim ngạch đạt 51,53 tỷ USD. Các nước Trung Đông quan tâm."
    )
    assert ("DATE", "10/8/2022", "2022-08-10") in found(text)
    assert ("DATE", "tháng 6/2022", "2022-06") in found(text)
    assert ("MONEY", "51,53 tỷ USD", {"amount": 51530000000, "currency": "USD"}) in found(text)
    assert ("COUNTRY", "Nhật Bản", "JP") in found(text)
    assert not [e for e in found(text, kind="COUNTRY") if "Trung" in e[1]]
    assert ("PROVINCE", "Vĩnh Phúc", {"code": "26", "current_code": "25"}) in found(text)


@pytest.mark.parametrize(
    ("text", "on", "norm"),
    [
        ("Đoàn của tỉnh Vĩnh Phúc", dt.date(2024, 5, 1), {"code": "26", "current_code": "25"}),
        ("Đoàn của tỉnh Vĩnh Phúc (cũ)", dt.date(2026, 5, 1), {"code": "26", "current_code": "25"}),
        ("Đoàn của tỉnh Phú Thọ", dt.date(2024, 5, 1), {"code": "25", "current_code": "25"}),
        ("Đoàn của tỉnh Phú Thọ", dt.date(2026, 5, 1), {"code": "25", "current_code": "25"}),
        ("Đoàn của tỉnh Gia Lai", dt.date(2024, 5, 1), {"code": "64", "current_code": "52"}),
        ("Đoàn của tỉnh Gia Lai", dt.date(2025, 7, 1), {"code": "52", "current_code": "52"}),
        ("Ngày 3/3/2019, đoàn của TP.HCM", None, {"code": "79", "current_code": "79"}),
        ("Ngày 3/3/2019, đoàn tỉnh BR-VT", None, {"code": "77", "current_code": "79"}),
    ],
)
def test_a_province_name_means_the_unit_of_the_documents_era(text, on, norm):
    provinces = found(text, on=on, kind="PROVINCE")
    assert len(provinces) == 1
    assert provinces[0][2] == norm
    assert not provinces[0][1].lower().startswith(("tỉnh", "tp", "thành phố"))


def test_the_era_comes_from_dates_in_the_text_when_not_given():
    assert found("Ngày 05/3/2024, Gia Lai đón đoàn.", kind="PROVINCE")[0][2]["code"] == "64"
    assert found("Ngày 05/3/2026, Gia Lai đón đoàn.", kind="PROVINCE")[0][2]["code"] == "52"


def test_names_without_diacritics_in_an_undiacritised_text():
    assert found("doan cua tinh Vinh Phuc sang Han Quoc ngay 2/5/2024", kind="PROVINCE")[0][1] == "Vinh Phuc"
    assert ("COUNTRY", "Han Quoc", "KR") in found("doan cua tinh Vinh Phuc sang Han Quoc ngay 2/5/2024")


def test_in_a_text_with_diacritics_a_name_must_be_spelled_as_listed():
    assert found("Sở Lao động tỉnh Hà Giang làm việc ngày 8/8/2017", kind="COUNTRY") == []


def test_offsets_point_into_the_nfc_text_even_for_nfd_input():
    nfd = unicodedata.normalize("NFD", "Chủ tịch UBND tỉnh Đắk Lắk tiếp Đại sứ Hàn Quốc")
    nfc = unicodedata.normalize("NFC", nfd)
    for e in extract(nfd):
        assert nfc[e.start : e.end] == e.text


def test_people_and_organisations():
    text = (
        "Bí thư Tỉnh ủy Nguyễn Hồng Lĩnh làm việc với ông Mitani Mitsuru, Chủ tịch Tập đoàn Mitani Sangyo, "
        "và đại diện JETRO tại Đại sứ quán Việt Nam tại Nhật Bản."
    )
    result = found(text)
    assert ("PERSON", "Nguyễn Hồng Lĩnh", None) in result
    assert ("PERSON", "Mitani Mitsuru", None) in result
    assert ("ORG", "Tập đoàn Mitani Sangyo", None) in result
    assert ("ORG", "JETRO", "Tổ chức Xúc tiến Thương mại Nhật Bản") in result
    assert ("ORG", "Đại sứ quán Việt Nam tại Nhật Bản", None) in result


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("6.470", Decimal(6470)),
        ("51,53", Decimal("51.53")),
        ("2.348,3", Decimal("2348.3")),
        ("6,470.5", Decimal("6470.5")),
        ("1.5", Decimal("1.5")),
        ("1.234.567", Decimal(1234567)),
        ("1,234,567", Decimal(1234567)),
        ("12", Decimal(12)),
        ("1.2.3", None),
        ("1,", None),
    ],
)
def test_numbers_in_vietnamese_and_english_style(raw, value):
    assert parse_number(raw) == value


def vietnamese(value: Decimal) -> str:
    whole, _, frac = f"{value:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    frac = frac.rstrip("0")
    return f"{grouped},{frac}" if frac else grouped


def english(value: Decimal) -> str:
    whole, _, frac = f"{value:f}".partition(".")
    frac = frac.rstrip("0")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


amounts = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_vietnamese_written_numbers_parse_back(value):
    assert parse_number(vietnamese(value)) == value


@given(amounts)
def test_english_written_numbers_with_decimals_parse_back(value):
    text = english(value)
    if "." in text or "," not in text:  # "1,234" alone is Vietnamese 1.234: written English needs a decimal
        assert parse_number(text) == value


@given(amounts, st.sampled_from(["triệu", "tỷ", "tỉ", "nghìn"]), st.sampled_from(["USD", "đồng", "EUR"]))
def test_money_amount_is_number_times_unit(value, unit, currency):
    scale = {"triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9, "nghìn": 10**3}[unit]
    entities = [
        e for e in extract(f"Tổng vốn {vietnamese(value)} {unit} {currency} cho dự án") if e.type == "MONEY"
    ]
    assert len(entities) == 1
    norm = entities[0].norm
    assert Decimal(str(norm["amount"])) == value * scale
    assert norm["currency"] == {"USD": "USD", "đồng": "VND", "EUR": "EUR"}[currency]


VIETNAMESE_LETTERS = (
    "".join(
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for tone in ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    )
    + "bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX"
)


@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "M", "N", "Zs", "P"]), max_size=60))
def test_folding_keeps_the_length_of_any_text(text):
    text = unicodedata.normalize("NFC", text)
    assert len(fold_keep_length(text)) == len(text)


@given(st.text(alphabet=VIETNAMESE_LETTERS + " ", max_size=60))
def test_folding_agrees_with_the_search_key_on_vietnamese(text):
    assert " ".join(fold_keep_length(text).split()) == fold(text)


@given(st.sampled_from(["Đà Nẵng", "đà nẵng", "ĐÀ NẴNG", "Da Nang", "da nang"]))
def test_d_folds_to_d_in_every_case(name):
    assert fold_keep_length(name) == "da nang"


def test_the_annotated_evaluation_stays_above_its_floor():
    """Floors a little under today's figures (issue 23: dev 0.998 F1 on 612 entities, held-out 0.932 on 428):
    a change that loses more than that fails here; the figures themselves are reported by `make eval-extract`."""
    for name, floor in (("dev", 0.98), ("heldout", 0.91)):
        result = evaluate.evaluate(evaluate.parse_corpus(evaluate.SETS[name].read_text(encoding="utf-8")))
        assert result["micro"]["f1"] >= floor, (name, result["micro"], result["errors"][:10])
        assert result["micro"]["norm_accuracy"] >= 0.95, (name, result["errors"][:10])
