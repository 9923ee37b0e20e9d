from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint
# The session checks answer anyone (a signed-out browser learns that it is signed out: 401 / signed_in false).
# Saving and discarding a draft answer 204/400, which the shared table has no row for: their scope (own
# drafts only, 302 signed out, 403 without an organisation) is checked by drafts/tests/test_drafts.py.
ENDPOINTS = [
    E("drafts/", "self", lambda o: "/drafts/?page=/"),
    E("drafts/save/", "own", lambda o: "/drafts/save/", method="post"),
    E("drafts/discard/", "own", lambda o: "/drafts/discard/", method="post"),
    E("session/keep-alive/", "public", lambda o: "/session/keep-alive/", method="post"),
    E("session/status/", "public", lambda o: "/session/status/"),
]
