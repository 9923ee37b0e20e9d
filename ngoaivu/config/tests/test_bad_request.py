"""A request Django refuses before any view (here a Host header that is not a host name) still gets the API's
one error body under /api/, as the OpenAPI document promises (schemathesis found the HTML 400 page)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_bad_host_header_gets_the_problem_body_on_the_api(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/api/v1/conferences", HTTP_HOST="zla#3")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["type"] == "bad_request"
    assert body["status"] == 400


def test_pages_keep_the_html_400(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/directory/provinces/", HTTP_HOST="zla#3")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
