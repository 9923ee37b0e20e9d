from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint

ENDPOINTS = [
    E("search/", "list", lambda o: "/search/?q=searchmark", model="search"),
    E("search/", "list", lambda o: "/search/?q=searchmark&type=partner", model="search"),
    E("api/v1/search", "list", lambda o: "/api/v1/search?q=searchmark", api=True, model="search"),
]
