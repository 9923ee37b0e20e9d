"""`directory.coverage.covered_country_ids`: every app scopes a mission's reads by the countries it covers; they
are read once per request, and a change to them counts from the next request."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.core.testing.world import make_agreement
from ngoaivu.directory.coverage import covered_country_ids
from ngoaivu.directory.models import Accreditation, Country, Mission


def _accreditation_reads(queries: CaptureQueriesContext) -> list[str]:
    """Reads of the accreditations by the mission's organisation: the scoping's (a mission's own card reads
    them by the mission)."""
    table = Accreditation._meta.db_table
    return [q["sql"] for q in queries.captured_queries if table in q["sql"] and "organisation_id" in q["sql"]]


def test_a_missions_home_page_reads_its_covered_countries_once(world):
    client = world.client("x_officer")
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert len(_accreditation_reads(queries)) == 1  # each app's scoping read them again: 6 reads before


def test_a_new_accreditation_counts_from_the_next_request(world):
    agreement = make_agreement(world, "A", country="FR", shared=True)
    tokyo = Mission.objects.get(organisation=world.orgs["X"])
    client = world.client("x_officer")
    assert client.get(f"/agreements/{agreement.pk}/").status_code == 404
    Accreditation.objects.create(
        mission=tokyo, country=Country.objects.get(iso2="FR"), kind=Accreditation.Kind.CONCURRENT
    )
    assert client.get(f"/agreements/{agreement.pk}/").status_code == 200


def test_outside_a_request_every_call_reads_the_accreditations(world):
    scope = world.users["x_officer"].scope
    japan = Country.objects.get(iso2="JP").pk
    with CaptureQueriesContext(connection) as queries:
        first = covered_country_ids(scope)
        second = covered_country_ids(scope)
    assert japan in first
    assert first == second
    assert len(_accreditation_reads(queries)) == 2
    assert covered_country_ids(world.users["a_editor"].scope) == ()
    assert covered_country_ids(world.users["ministry"].scope) == ()
