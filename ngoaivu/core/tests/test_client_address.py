"""Audit and access rows record the client's address, not the reverse proxy's: X-Forwarded-For is read only when
the request came from a proxy listed in NGOAIVU_TRUSTED_PROXIES, and then from the right, stopping at the first
address that is not a trusted proxy (anything to its left was written by the client and may be forged)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings

from ngoaivu.audit.models import AccessEvent, AuditEvent
from ngoaivu.core.middleware import client_ip
from ngoaivu.core.testing.world import PASSWORD


def _address(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


@override_settings(NGOAIVU_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8", "2001:db8:1::/48"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # nginx on the same machine adds the address it saw
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),
        # a client that sends its own X-Forwarded-For cannot choose its address: the proxy appended the real one
        ("127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        # two trusted hops (a load balancer in 10/8, then nginx): the right-most untrusted address is the client
        ("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", "198.51.100.7"),
        ("10.9.9.9", "198.51.100.7,10.1.2.3", "198.51.100.7"),
        # a request that did not come through a trusted proxy: the header is the client's own words, ignored
        ("203.0.113.5", "198.51.100.7", "203.0.113.5"),
        # no header: the proxy itself (a health check)
        ("127.0.0.1", None, "127.0.0.1"),
        # a malformed hop stops the walk at the last address that can be believed
        ("127.0.0.1", "198.51.100.7, not-an-ip", "127.0.0.1"),
        ("127.0.0.1", "not-an-ip, 198.51.100.7", "198.51.100.7"),
        # IPv6, with or without a port, and IPv4 written as IPv6
        ("127.0.0.1", "[2001:db8:2::7]:443", "2001:db8:2::7"),
        ("2001:db8:1::1", "2001:db8:2::7", "2001:db8:2::7"),
        ("127.0.0.1", "198.51.100.7:51234", "198.51.100.7"),
        ("::ffff:127.0.0.1", "198.51.100.7", "198.51.100.7"),
        # every hop trusted: the left-most (a machine inside the trusted network)
        ("127.0.0.1", "10.1.1.1, 10.2.2.2", "10.1.1.1"),
    ],
)
def test_the_client_address_is_read_through_trusted_proxies_only(remote, forwarded, expected):
    assert _address(remote, forwarded) == expected


def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    assert _address("127.0.0.1", "198.51.100.7") == "127.0.0.1"
    assert _address("203.0.113.5") == "203.0.113.5"


@pytest.mark.django_db
@override_settings(NGOAIVU_TRUSTED_PROXIES=["127.0.0.1"])
def test_access_and_audit_rows_record_the_client_behind_the_proxy(world):
    """The test client connects from 127.0.0.1, as nginx does on the same machine."""
    client = Client(headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.7"})
    client.post("/accounts/login/", {"username": "a_editor", "password": "wrong-password-123"})
    failed = AccessEvent.objects.get(kind=AccessEvent.Kind.LOGIN_FAILED, username="a_editor")
    assert failed.ip == "198.51.100.7"
    response = client.post(
        "/api/v1/auth/token", {"username": "a_viewer", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    assert AccessEvent.objects.get(kind=AccessEvent.Kind.LOGIN, username="a_viewer").ip == "198.51.100.7"
    assert AuditEvent.objects.filter(action="api_token.create").latest("pk").ip == "198.51.100.7"


@override_settings(NGOAIVU_TRUSTED_PROXIES=["not a network"])
def test_a_bad_trusted_proxy_setting_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        _address("127.0.0.1", "198.51.100.7")
