"""Makers for the site's query-count test (`core/tests/test_query_counts.py`): records of province A, shared
(the ministry sees them anyway); the investment routes are declared under the programme key and get their own
maker by route."""

from __future__ import annotations

from ngoaivu.overseas.tests.helpers import make_association, make_investment, make_person, make_programme

MAKERS = {
    "overseas_association": lambda w: make_association(w, "A", shared=True, mission="cqdd-jp-tokyo"),
    "overseas_person": lambda w: make_person(w, "A", shared=True),
    "overseas_programme": lambda w: make_programme(
        w, "A", shared=True, countries=("JP", "KR"), provinces=("48",)
    ),
}
ROUTE_MAKERS = {
    "overseas-vietnamese/investments/": lambda w: make_investment(w, "A", shared=True),
    "api/v1/overseas-vietnamese/investments": lambda w: make_investment(w, "A", shared=True),
}
