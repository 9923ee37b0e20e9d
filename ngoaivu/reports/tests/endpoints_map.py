"""The map routes of the reports app, for the leak suite. The boundaries are reference data; the figures are
counts any signed-in user may ask for, each counted within the reader's own scope (what their lists show) —
that scoping is tested in test_map.py, where records of one province are counted for the other."""

from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
ENDPOINTS: list[Endpoint] = [
    E("reports/map/", "reference", lambda o: "/reports/map/"),
    E("reports/map/", "reference", lambda o: "/reports/map/?metric=agreements_signed&year=2024&era=former"),
    E("reports/map/", "reference", lambda o: "/reports/map/?metric=requests_sent&year=2026&format=xlsx"),
    E("api/v1/map/provinces", "reference", lambda o: "/api/v1/map/provinces?era=current", api=True),
    E("api/v1/map/provinces", "reference", lambda o: "/api/v1/map/provinces?era=former", api=True),
    E(
        "api/v1/map/values",
        "reference",
        lambda o: "/api/v1/map/values?metric=delegations_outbound&year=2026&era=current",
        api=True,
    ),
]
