import datetime as dt

import pytest

from ngoaivu.accounts.models import Organisation
from ngoaivu.audit.models import AuditEvent
from ngoaivu.directory.models import Accreditation, Country, FormerProvince, Mission, Province
from ngoaivu.directory.reference import load_reference_data
from ngoaivu.directory.services import province_resolve

pytestmark = pytest.mark.django_db

# DOMAIN.md §3, copied here independently of the data file.
MAPPING = {
    "01": "01",
    "02": "08",
    "04": "04",
    "06": "19",
    "08": "08",
    "10": "15",
    "11": "11",
    "12": "12",
    "14": "14",
    "15": "15",
    "17": "25",
    "19": "19",
    "20": "20",
    "22": "22",
    "24": "24",
    "25": "25",
    "26": "25",
    "27": "24",
    "30": "31",
    "31": "31",
    "33": "33",
    "34": "33",
    "35": "37",
    "36": "37",
    "37": "37",
    "38": "38",
    "40": "40",
    "42": "42",
    "44": "44",
    "45": "44",
    "46": "46",
    "48": "48",
    "49": "48",
    "51": "51",
    "52": "52",
    "54": "66",
    "56": "56",
    "58": "56",
    "60": "68",
    "62": "51",
    "64": "52",
    "66": "66",
    "67": "68",
    "68": "68",
    "70": "75",
    "72": "80",
    "74": "79",
    "75": "75",
    "77": "79",
    "79": "79",
    "80": "80",
    "82": "82",
    "83": "86",
    "84": "86",
    "86": "86",
    "87": "82",
    "89": "91",
    "91": "91",
    "92": "92",
    "93": "92",
    "94": "92",
    "95": "96",
    "96": "96",
}


def test_34_current_and_63_former_provinces_with_the_2025_mapping(reference):
    assert Province.objects.count() == 34
    assert FormerProvince.objects.count() == 63
    actual = dict(FormerProvince.objects.values_list("code", "successor__code"))
    assert actual == MAPPING
    unchanged = [c for c, n in MAPPING.items() if list(MAPPING.values()).count(n) == 1]
    assert len(unchanged) == 11


def test_organisations_per_province_and_mission(reference):
    assert Organisation.objects.get(code="mofa").kind == "mofa"
    assert Organisation.objects.filter(kind="province").count() == 34
    danang = Organisation.objects.get(code="tinh-48")
    assert danang.province_code == "48"
    assert "Đà Nẵng" in danang.name_vi
    assert Organisation.objects.get(code="tinh-66").body_type == "van_phong_ubnd"  # Đắk Lắk: PC Office
    assert Organisation.objects.get(code="tinh-42").body_type == "so_ngoai_vu"  # Hà Tĩnh
    for code in ("cqdd-jp-tokyo", "cqdd-jp-osaka", "cqdd-kr-seoul"):
        assert Mission.objects.get(code=code).organisation.code == code
    assert 95 <= Mission.objects.count() <= 110


def test_countries_use_vietnamese_official_names(reference):
    names = dict(Country.objects.values_list("iso2", "name_vi"))
    assert names["KR"] == "Hàn Quốc"
    assert names["JP"] == "Nhật Bản"
    assert names["US"] == "Hoa Kỳ"
    assert Country.objects.get(iso2="TW").is_territory
    assert Country.objects.count() >= 249


def test_concurrent_accreditation(reference):
    india = Mission.objects.get(code="cqdd-in-new-delhi")
    kinds = dict(Accreditation.objects.filter(mission=india).values_list("country__iso2", "kind"))
    assert kinds["IN"] == "resident"
    assert kinds["NP"] == "concurrent"


def test_reloading_changes_nothing(reference):
    events = AuditEvent.objects.count()
    written = load_reference_data()
    assert sum(written.values()) == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("name", "day", "former", "current"),
    [
        ("Vĩnh Phúc", dt.date(2022, 5, 1), "26", "25"),
        ("vinh phuc", dt.date(2026, 5, 1), "26", "25"),
        ("Tỉnh Bắc Giang", dt.date(2020, 1, 1), "24", "24"),
        ("Bắc Ninh", dt.date(2024, 1, 1), "27", "24"),
        ("Bắc Ninh", dt.date(2025, 8, 1), None, "24"),
        ("TP.HCM", dt.date(2026, 1, 1), None, "79"),
        ("BR-VT", dt.date(2023, 1, 1), "77", "79"),
        ("Thành phố Đà Nẵng", dt.date(2024, 1, 1), "48", "48"),
        ("Kiên Giang", dt.date(2026, 1, 1), "91", "91"),
        ("Quảng Bình", dt.date(2024, 1, 1), "44", "44"),
        ("Quang Tri", dt.date(2024, 1, 1), "45", "44"),
    ],
)
def test_province_resolution_by_era(reference, name, day, former, current):
    locality = province_resolve(name, as_of=day)
    assert locality is not None
    assert (locality.former.code if locality.former else None) == former
    assert locality.province.code == current


def test_unknown_province_name(reference):
    assert province_resolve("Atlantis", as_of=dt.date(2024, 1, 1)) is None
    assert province_resolve("   ") is None


# Names spelled the same in Vietnamese and English. None today: the ministry transliterates every country and
# territory name (Ma-li, Cu-ba, Gu-am…), so a name_vi equal to its English name is a name nobody translated yet.
# Add a name here only with a reason (e.g. a name the ministry writes in its Latin form).
SAME_IN_BOTH_LANGUAGES: dict[str, str] = {}
SOURCES = {
    "Bộ Ngoại giao — danh sách nước có quan hệ ngoại giao (tên phiên âm)",
    "Bộ Ngoại giao — tên gọi chính thức trong văn bản đối ngoại",
    "phiên âm theo quy tắc của Bộ Ngoại giao, cần đối chiếu",
    "tên tiếng Việt thông dụng, cần đối chiếu",
}


def _csv(name):
    from ngoaivu.directory.reference import read_csv

    return read_csv(name)


def test_every_country_has_a_vietnamese_name_and_a_source():
    rows = _csv("countries.csv")
    assert len(rows) == 249
    english = [
        r["iso2"] for r in rows if r["name_vi"] == r["name_en"] and r["iso2"] not in SAME_IN_BOTH_LANGUAGES
    ]
    assert english == []
    assert {r["source"] for r in rows} <= SOURCES
    assert all(r["source"] for r in rows)
    # A territory transliterated by rule says so; nothing claims to come from a list it was not checked against.
    by_iso = {r["iso2"]: r for r in rows}
    assert by_iso["AI"]["name_vi"] == "Ăng-gi-la"
    assert by_iso["AI"]["source"].endswith("cần đối chiếu")
    assert by_iso["CM"]["name_vi"] == "Ca-mơ-run"
    assert by_iso["CD"]["name_vi"] == "Cộng hòa Dân chủ Công-gô"
    assert by_iso["CG"]["name_vi"] == "Cộng hòa Công-gô"


def test_the_english_name_stays_an_alias_for_search(reference):
    from ngoaivu.core.text import fold
    from ngoaivu.directory.filters import CountryFilters
    from ngoaivu.directory.selectors import country_list, country_name_index

    for row in _csv("countries.csv"):
        assert row["name_en"] in row["aliases"].split(";") or row["name_vi"] == row["name_en"]
    assert [c.iso2 for c in country_list(filters=CountryFilters(q="Cameroon"))] == ["CM"]
    assert [c.iso2 for c in country_list(filters=CountryFilters(q="Afghanistan"))] == ["AF"]
    assert "AF" in [c.iso2 for c in country_list(filters=CountryFilters(q="ap ga ni xtan"))]
    assert country_name_index()[fold("Côte d'Ivoire")] == "CI"
    assert Country.objects.get(iso2="AF").name_vi == "Áp-ga-ni-xtan"
    assert Country.objects.get(iso2="AF").source.startswith("Bộ Ngoại giao")


def test_mission_cities_are_vietnamese_and_match_the_mission_names(reference):
    rows = _csv("missions.csv")
    assert [r["code"] for r in rows if r["city"] == r["city_en"]] == []
    for r in rows:
        if r["kind"] == "consulate_general":
            assert r["name_vi"].endswith(r["city"]), r["code"]
    assert Mission.objects.get(code="cqdd-cn-beijing").city_vi == "Bắc Kinh"
    assert Mission.objects.get(code="cqdd-jp-osaka").city_vi == "Ô-xa-ca"
    assert Mission.objects.get(code="cqdd-au-sydney").city_vi == "Xít-ni"
    # The API keeps the English city it always returned.
    assert Mission.objects.get(code="cqdd-cn-beijing").city == "Beijing"


def test_a_reload_brings_an_existing_database_up_to_date(reference):
    """A database loaded from the old files (English names, no source, English cities) is updated in place
    by `ngoaivu setup` (the same loader): changed rows are written and audited once, then nothing."""
    Country.objects.filter(iso2="AF").update(name_vi="Afghanistan", source="", sort_key="")
    Mission.objects.filter(code="cqdd-au-sydney").update(
        name_vi="Tổng Lãnh sự quán Việt Nam tại Sydney", city_vi=""
    )
    events = AuditEvent.objects.count()
    written = load_reference_data()
    assert written["countries"] == 1
    assert written["missions"] == 1
    afghanistan = Country.objects.get(iso2="AF")
    assert afghanistan.name_vi == "Áp-ga-ni-xtan"
    assert afghanistan.source
    assert " afghanistan " in afghanistan.search_text
    assert Mission.objects.get(code="cqdd-au-sydney").city_vi == "Xít-ni"
    assert AuditEvent.objects.filter(action="country.update", target_id=str(afghanistan.pk)).exists()
    assert AuditEvent.objects.count() == events + 2
    assert sum(load_reference_data().values()) == 0


def test_countries_sort_in_vietnamese_order_with_foreign_letters(reference):
    from ngoaivu.directory.filters import CountryFilters
    from ngoaivu.directory.selectors import country_list

    names = [c.name_vi for c in country_list(filters=CountryFilters())]
    assert (
        names.index("Ê-cu-a-đo") < names.index("Ga-bông") < names.index("Gia-mai-ca") < names.index("Hà Lan")
    )
