from ngoaivu.core.testing.endpoints import Endpoint

ENDPOINTS: list[Endpoint] = []
