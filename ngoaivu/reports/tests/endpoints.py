"""The routes of the reports app, for the leak suite: one list per part (dashboards, map, report builder)."""

from ngoaivu.core.testing.endpoints import Endpoint
from ngoaivu.reports.tests import endpoints_builder, endpoints_dashboards, endpoints_figures, endpoints_map

ENDPOINTS: list[Endpoint] = [
    *endpoints_dashboards.ENDPOINTS,
    *endpoints_map.ENDPOINTS,
    *endpoints_builder.ENDPOINTS,
    *endpoints_figures.ENDPOINTS,
]
