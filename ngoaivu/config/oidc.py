"""Single sign-on through an OpenID Connect provider (a province's directory), read from the environment.

Off unless the provider is fully described: a half-filled configuration stops the server with the names of the
missing variables rather than quietly leaving the button out. Kept apart from settings.py (no app import) so
that the rules can be tested with any environment. See docs/deployment.md, "Đăng nhập một lần (OpenID Connect)".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

REQUIRED = {
    "NGOAIVU_OIDC_ISSUER": "OIDC_OP_ISSUER",
    "NGOAIVU_OIDC_CLIENT_ID": "OIDC_RP_CLIENT_ID",
    "NGOAIVU_OIDC_CLIENT_SECRET": "OIDC_RP_CLIENT_SECRET",
    "NGOAIVU_OIDC_AUTHORIZATION_ENDPOINT": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "NGOAIVU_OIDC_TOKEN_ENDPOINT": "OIDC_OP_TOKEN_ENDPOINT",
    "NGOAIVU_OIDC_USERINFO_ENDPOINT": "OIDC_OP_USER_ENDPOINT",
    "NGOAIVU_OIDC_JWKS_ENDPOINT": "OIDC_OP_JWKS_ENDPOINT",
}
ENDPOINTS = (
    "NGOAIVU_OIDC_AUTHORIZATION_ENDPOINT",
    "NGOAIVU_OIDC_TOKEN_ENDPOINT",
    "NGOAIVU_OIDC_USERINFO_ENDPOINT",
    "NGOAIVU_OIDC_JWKS_ENDPOINT",
)
BACKEND = "ngoaivu.accounts.oidc.OIDCBackend"
# mozilla-django-oidc fetches the provider's key from the JWKS only for RS* and ES* (for anything else it would
# verify with the client secret): PS* would fail every sign-in, so it is refused at start instead.
SIGN_ALGORITHMS = {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}


def oidc_settings(environ: Mapping[str, str], *, local: bool) -> dict[str, Any]:
    """The settings of mozilla-django-oidc (OIDC_*) and ours (NGOAIVU_OIDC_*); only NGOAIVU_OIDC_ENABLED=False
    when no variable is set. Endpoints must be https unless `local` (a trial on one machine)."""
    values = {name: environ.get(name, "").strip() for name in REQUIRED}
    if not any(values.values()):
        return {"NGOAIVU_OIDC_ENABLED": False, "NGOAIVU_OIDC_LABEL": ""}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise ImproperlyConfigured(
            "Single sign-on (OpenID Connect) is half configured: set " + ", ".join(missing) + " too, "
            "or none of the NGOAIVU_OIDC_* variables to turn it off."
        )
    plain = [name for name in (*ENDPOINTS, "NGOAIVU_OIDC_ISSUER") if not values[name].startswith("https://")]
    if plain and not local:
        raise ImproperlyConfigured("These OpenID Connect addresses must use https://: " + ", ".join(plain))
    algorithm = environ.get("NGOAIVU_OIDC_SIGN_ALGO", "").strip() or "RS256"
    if algorithm not in SIGN_ALGORITHMS:
        raise ImproperlyConfigured(
            f"NGOAIVU_OIDC_SIGN_ALGO must be one of {', '.join(sorted(SIGN_ALGORITHMS))} (the provider signs "
            f"its ID tokens with a key published at NGOAIVU_OIDC_JWKS_ENDPOINT; PS256/PS384/PS512 are not "
            f"supported by the sign-in library), not {algorithm!r}."
        )
    mapped: dict[str, Any] = {setting: values[name] for name, setting in REQUIRED.items()}
    return {
        **mapped,
        "NGOAIVU_OIDC_ENABLED": True,
        "NGOAIVU_OIDC_LABEL": environ.get("NGOAIVU_OIDC_LABEL", "").strip() or "của cơ quan",
        "OIDC_RP_SIGN_ALGO": algorithm,
        "OIDC_RP_SCOPES": "openid email",
        "OIDC_CREATE_USER": False,  # accounts are made in ngoaivu by their organisation, never by the provider
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": environ.get("NGOAIVU_OIDC_PKCE", "1").strip().lower()
        not in {"0", "false", "no", "off"},
        "OIDC_TIMEOUT": float(environ.get("NGOAIVU_OIDC_TIMEOUT_SECONDS", "") or 10),
        "OIDC_VERIFY_SSL": True,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "LOGIN_REDIRECT_URL_FAILURE": "accounts:login",
    }
