"""A NUL in a query parameter is a 400 everywhere, never a database error (PostgreSQL refuses NUL in text)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/delegations?direction=%00",
        "/api/v1/agreements?state=%00",
        "/api/v1/requests?box=inbox&status=%00",
        "/api/v1/partners?q=a%00b",
        "/delegations/?province=%001",
        "/agreements/?kind=%00",
    ],
)
def test_nul_in_the_query_string_is_refused(world, path):
    response = world.client("ministry").get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["type"] == "invalid_query"
