"""How a trainee is recognised again in the same province, without keeping the e-mail in clear: a keyed hash
(HMAC-SHA256 with the server's secret, `settings.SECRET_KEY` under a salt of its own) of the folded name with
the lower-cased e-mail, else with the folded unit. Changing SECRET_KEY changes every key: rewrite them then
(`rekey_all`, as migration 0002 does), or the next nomination of a known person makes a second record."""

from __future__ import annotations

from typing import Any

from django.utils.crypto import salted_hmac

from ngoaivu.core.text import fold

SALT = "ngoaivu.training.trainee-identity"


def identity_key(full_name: str, email: str, unit: str) -> str:
    email = (email or "").strip().lower()
    basis = f"{fold(full_name)}|{email or fold(unit or '')}"
    return salted_hmac(SALT, basis, algorithm="sha256").hexdigest()


def rekey_all(trainees: Any) -> int:
    """Rewrite the identity key of every trainee of a queryset (also a migration's historical model)."""
    changed = []
    for t in trainees.iterator(chunk_size=500):
        key = identity_key(t.full_name, t.email, t.unit)
        if t.identity_key != key:
            t.identity_key = key
            changed.append(t)
    trainees.model.objects.bulk_update(changed, ["identity_key"], batch_size=500)
    return len(changed)
