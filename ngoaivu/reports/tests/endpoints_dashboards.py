"""The dashboards routes of the reports app, for the leak suite: readable by every signed-in user with an
organisation (each sees the dashboard of their own role and scope; counts, never names), refused otherwise.
What each role counts is tested in `test_dashboards.py`."""

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint

ENDPOINTS: list[Endpoint] = [
    E("reports/", "reference", lambda o: "/reports/"),
    E("reports/", "reference", lambda o: "/reports/?chart=requests_state&format=xlsx"),
    E("api/v1/dashboards", "reference", lambda o: "/api/v1/dashboards", api=True),
]
