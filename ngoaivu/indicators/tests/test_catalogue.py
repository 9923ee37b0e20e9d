import pytest
from django.utils.module_loading import import_string

from ngoaivu.indicators.models import Indicator
from ngoaivu.indicators.reference import catalogue_rows, load_indicator_reference

pytestmark = pytest.mark.django_db

SHARED_CODES = {
    "fdi_registered_new",
    "fdi_registered_additional",
    "fdi_capital_contribution",
    "fdi_realised",
    "fdi_projects_new",
    "ngo_aid_committed",
    "ngo_aid_disbursed",
    "oda_disbursed",
    "remittances",
    "exports_total",
    "exports_by_market",
    "imports_total",
    "imports_by_market",
    "international_arrivals",
    "agreements_signed_provincial",
    "mous_signed",
    "delegations_outbound",
    "delegations_inbound",
    "requests_answered_on_time",
    # issue 21: computed from the press, culture and training records
    "press_visits_licensed",
    "unesco_recognitions",
    "officials_trained",
}


def test_the_catalogue_file_holds_every_shared_code_once_with_valid_choices():
    rows = catalogue_rows()
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    assert set(codes) == SHARED_CODES
    for row in rows:
        assert row["unit"] in Indicator.Unit.values, row["code"]
        assert row["frequency"] in {"month", "quarter", "half_year", "year"}, row["code"]
        assert row["aggregation"] in Indicator.Aggregation.values, row["code"]
        assert row["source"] in Indicator.Source.values, row["code"]
        assert row["computed"] in Indicator.Computed.values, row["code"]
        for name in ("name_vi", "name_en", "definition_vi", "definition_en"):
            assert row[name], (row["code"], name)
        assert bool(row["computed"]) == bool(row["computed_by"]), row["code"]


def test_frequencies_follow_the_sources():
    freq = {r["code"]: r["frequency"] for r in catalogue_rows()}
    for code in SHARED_CODES:
        if code.startswith(("fdi_", "exports", "imports")) or code == "international_arrivals":
            assert freq[code] == "month", code
        else:
            assert freq[code] == "year", code


@pytest.mark.parametrize("row", [r for r in catalogue_rows() if r["computed_by"]], ids=lambda r: r["code"])
def test_every_computed_by_resolves_to_a_figure_source(row):
    """The aid functions are slice A's (ngoaivu.aid.indicator_sources); the rest are this issue's own."""
    fn = import_string(row["computed_by"])
    figures = fn(year_from=2020, year_to=2025)
    assert isinstance(figures, list)


def test_the_table_follows_the_file_and_a_reload_changes_nothing():
    assert Indicator.objects.count() == len(catalogue_rows())
    assert load_indicator_reference() == {"indicators_created": 0, "indicators_updated": 0}
    Indicator.objects.filter(code="remittances").update(name_vi="sửa tay")
    assert load_indicator_reference()["indicators_updated"] == 1
    assert Indicator.objects.get(code="remittances").name_vi == "Kiều hối"
