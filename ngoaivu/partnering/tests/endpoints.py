"""The routes of the partnering app, for the leak suite: one list per part (locality profiles, partner searches)."""

from ngoaivu.core.testing.endpoints import Endpoint
from ngoaivu.partnering.tests import endpoints_profiles, endpoints_searches

ENDPOINTS: list[Endpoint] = [*endpoints_profiles.ENDPOINTS, *endpoints_searches.ENDPOINTS]
