"""A small OpenID Connect provider for tests, on 127.0.0.1 at a free port, in a thread (no outside service).

It speaks the authorisation-code flow the way a province's directory would: `/authorize` sends the browser
back to the client's redirect URI with a one-time code and the client's state (or `error=access_denied`);
`/token` (POST) checks the client's id and secret, the code, its redirect URI and the PKCE verifier, then
returns an access token and an ID token signed RS256 with a key generated here (`cryptography`) carrying `iss`,
`sub`, `aud`, `nonce`, `iat` and `exp`; `/userinfo` answers the Bearer access token with the person's claims;
`/jwks` publishes the public key. Knobs let a test misbehave on purpose: sign with another key, change or drop
ID token claims, answer userinfo about someone else.

    with OIDCProvider() as provider, override_settings(**provider.django_settings()):
        provider.identity = {"sub": "42", "email": "an@example.vn", "email_verified": True}
        response = provider.sign_in(client)  # the Django test client, through /oidc/authenticate/
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "ngoaivu-test"
CLIENT_SECRET = "test-client-secret-0123456789"  # noqa: S105
KID = "test-key-1"
DROP = object()  # an override value that removes the claim


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Grant:
    claims: dict[str, Any]
    client_id: str
    redirect_uri: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None


@dataclass
class OIDCProvider:
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    # the person who signs in at the provider next (its userinfo claims; `sub` goes into the ID token)
    identity: dict[str, Any] = field(default_factory=dict)
    deny: bool = False  # /authorize answers error=access_denied (the person cancelled)
    signing_key: rsa.RSAPrivateKey | None = None  # sign ID tokens with this key instead (not in the JWKS)
    id_token_overrides: dict[str, Any] = field(default_factory=dict)  # DROP removes a claim
    userinfo_overrides: dict[str, Any] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    _codes: dict[str, Grant] = field(default_factory=dict)
    _tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    # --- life -----------------------------------------------------------------------------------------------
    def start(self) -> OIDCProvider:
        provider = self

        class Handler(_Handler):
            owner = provider

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> OIDCProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def issuer(self) -> str:
        assert self._server is not None, "start() the provider first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def environment(self) -> dict[str, str]:
        """The NGOAIVU_OIDC_* variables a deployment would set for this provider."""
        return {
            "NGOAIVU_OIDC_ISSUER": self.issuer,
            "NGOAIVU_OIDC_CLIENT_ID": self.client_id,
            "NGOAIVU_OIDC_CLIENT_SECRET": self.client_secret,
            "NGOAIVU_OIDC_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "NGOAIVU_OIDC_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "NGOAIVU_OIDC_USERINFO_ENDPOINT": f"{self.issuer}/userinfo",
            "NGOAIVU_OIDC_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "NGOAIVU_OIDC_LABEL": "Sở Nội vụ thử nghiệm",
        }

    def django_settings(self) -> dict[str, Any]:
        """Settings as config/settings.py makes them from `environment()` (http allowed: a local provider)."""
        from ngoaivu.config.oidc import BACKEND, oidc_settings

        return {
            **oidc_settings(self.environment(), local=True),
            "AUTHENTICATION_BACKENDS": ["django.contrib.auth.backends.ModelBackend", BACKEND],
        }

    # --- the browser's walk -----------------------------------------------------------------------------------
    def authorize(self, url: str) -> str:
        """What a browser does at the provider's sign-in page: GET the authorisation URL, return the Location
        it is sent to (the client's callback with `code` and `state`)."""
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
        try:
            connection.request("GET", f"{parts.path}?{parts.query}")
            response = connection.getresponse()
            response.read()
            assert response.status == 302, f"the provider answered {response.status}"
            return response.getheader("Location") or ""
        finally:
            connection.close()

    def sign_in(self, client: Any, start: str = "/oidc/authenticate/") -> Any:
        """The whole round trip with Django's test client: the site sends the browser to the provider, the
        provider sends it back to the callback; returns the callback's response."""
        first = client.get(start)
        assert first.status_code == 302, f"{start} answered {first.status_code}"
        assert first["Location"].startswith(f"{self.issuer}/authorize?"), first["Location"]
        back = urlsplit(self.authorize(first["Location"]))
        return client.get(f"{back.path}?{back.query}")

    # --- what the endpoints do ----------------------------------------------------------------------------------
    def _authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return 400, {}, {"error": "invalid_request"}
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return 400, {}, {"error": "invalid_request"}
        back: dict[str, str] = {"state": query.get("state", "")}
        if self.deny:
            back["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(24)
            self._codes[code] = Grant(
                claims=dict(self.identity),
                client_id=self.client_id,
                redirect_uri=redirect_uri,
                nonce=query.get("nonce"),
                code_challenge=query.get("code_challenge"),
                code_challenge_method=query.get("code_challenge_method"),
            )
            back["code"] = code
        return 302, {"Location": f"{redirect_uri}?{urlencode(back)}"}, None

    def _token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, str], Any]:
        self.token_requests.append(dict(form))
        client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.startswith("Basic "):
            client_id, _sep, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id or not secrets.compare_digest(client_secret, self.client_secret):
            return 401, {}, {"error": "invalid_client"}
        grant = self._codes.pop(form.get("code", ""), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {}, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {}, {"error": "invalid_grant", "error_description": "redirect_uri"}
        if grant.code_challenge is not None:
            verifier = form.get("code_verifier", "").encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
            if grant.code_challenge_method != "S256" or digest != grant.code_challenge:
                return 400, {}, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": str(grant.claims.get("sub", "")),
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        for name, value in self.id_token_overrides.items():
            if value is DROP:
                claims.pop(name, None)
            else:
                claims[name] = value
        id_token = jwt.encode(claims, self.signing_key or self.key, algorithm="RS256", headers={"kid": KID})
        access_token = secrets.token_urlsafe(24)
        self._tokens[access_token] = grant.claims
        body = {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
        return 200, {}, body

    def _userinfo(self, authorization: str) -> tuple[int, dict[str, str], Any]:
        claims = self._tokens.get(authorization.removeprefix("Bearer ").strip()) if authorization else None
        if claims is None:
            return 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, {"error": "invalid_token"}
        answer = dict(claims)
        for name, value in self.userinfo_overrides.items():
            if value is DROP:
                answer.pop(name, None)
            else:
                answer[name] = value
        return 200, {}, answer

    def _jwks(self) -> tuple[int, dict[str, str], Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return 200, {}, {"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]}


class _Handler(BaseHTTPRequestHandler):
    owner: OIDCProvider

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _answer(self, result: tuple[int, dict[str, str], Any]) -> None:
        status, headers, body = result
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/authorize":
            self._answer(self.owner._authorize(query))
        elif parts.path == "/userinfo":
            self._answer(self.owner._userinfo(self.headers.get("Authorization", "")))
        elif parts.path == "/jwks":
            self._answer(self.owner._jwks())
        else:
            self._answer((404, {}, {"error": "not_found"}))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        form = {k: v[0] for k, v in parse_qs(raw).items()}
        if urlsplit(self.path).path == "/token":
            self._answer(self.owner._token(form, self.headers.get("Authorization", "")))
        else:
            self._answer((404, {}, {"error": "not_found"}))
