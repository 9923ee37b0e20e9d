"""The indicators API's writes to an existing value for the If-Match suite (`config/tests/test_if_match.py`).
`indicators_value_correct` and `indicators_rate_update` also require If-Match (documented, tested in
`test_api.py`) but are not listed here: the suite's outsider (province B) may read a validated value and every
rate, so it is answered 403, not the 404 that suite expects of a record out of scope."""

from ngoaivu.core.testing.writes import Write
from ngoaivu.indicators.models import IndicatorValue
from ngoaivu.indicators.tests.makers import make_value

WRITES = [
    Write(
        "indicators_value_update",
        "a_editor",
        "patch",
        lambda o: f"/api/v1/indicators/values/{o.pk}",
        {"value": 7},
        lambda w: make_value(w, "A", status="draft"),
        IndicatorValue,
    ),
    Write(
        "indicators_value_submit",
        "a_editor",
        "post",
        lambda o: f"/api/v1/indicators/values/{o.pk}/submit",
        {},
        lambda w: make_value(w, "A", status="draft"),
        IndicatorValue,
    ),
    Write(
        "indicators_value_validate",
        "ministry",
        "post",
        lambda o: f"/api/v1/indicators/values/{o.pk}/validate",
        {},
        lambda w: make_value(w, "A", status="submitted"),
        IndicatorValue,
    ),
    Write(
        "indicators_value_return",
        "ministry",
        "post",
        lambda o: f"/api/v1/indicators/values/{o.pk}/return",
        {"reason": "Kiểm tra lại"},
        lambda w: make_value(w, "A", status="submitted"),
        IndicatorValue,
    ),
]
