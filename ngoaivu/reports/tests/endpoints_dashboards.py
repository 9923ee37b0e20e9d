"""The dashboards routes of the reports app, for the leak suite."""

from ngoaivu.core.testing.endpoints import Endpoint

ENDPOINTS: list[Endpoint] = []
