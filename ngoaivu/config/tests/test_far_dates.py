"""Input at the edges that the long fuzz found as 500s: the API refuses years outside 1900–2200 (422), the
dossier deadline does not overflow on a year-1 opening day from a form, and a NUL in a request's category code
is a field error on PostgreSQL too."""

import datetime as dt
import json

import pytest

from ngoaivu.delegations.selectors.deadlines import latest_dossier_date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["from=0001-01-20&to=0001-01-20", "from=2026-01-01&to=9999-12-31"])
def test_calendar_refuses_years_outside_the_range(world, query):
    response = world.client("a_editor").get(f"/api/v1/calendar?{query}")
    assert response.status_code == 422, response.content


def test_a_conference_opening_in_year_one_is_refused(world):
    response = world.client("a_editor").post(
        "/api/v1/conferences", data=json.dumps({"starts_on": "0001-01-01"}), content_type="application/json"
    )
    assert response.status_code == 422, response.content


def test_latest_dossier_date_does_not_overflow_on_year_one():
    day, _ = latest_dossier_date("chair", "", dt.date(1, 1, 1))
    assert day <= dt.date(1900, 1, 1)


def test_a_nul_in_the_category_code_is_a_field_error(world):
    body = {"title": "Xúc tiến", "description": "Nội dung", "category": "\u0000", "recipients": ["mofa"]}
    response = world.client("a_editor").post(
        "/api/v1/requests", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (400, 422), response.content
    assert "category" in response.content.decode()
