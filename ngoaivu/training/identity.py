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
    """Rewrite the identity key of every trainee of a queryset (also a migration's historical model).

    Two records of one province that come out with the same key (the same folded name and e-mail or unit, kept
    apart before) stay two records: the later one gets its id appended (`<key>:<id>`), so the rewrite never fails
    on the unique key and never merges people silently; an officer merges them if they are one person."""
    changed = []
    taken: set[tuple[int, str]] = set()
    for t in trainees.order_by("owner_org_id", "pk").iterator(chunk_size=500):
        key = identity_key(t.full_name, t.email, t.unit)
        if (t.owner_org_id, key) in taken:
            key = f"{key}:{t.pk}"
        taken.add((t.owner_org_id, key))
        if t.identity_key != key:
            t.identity_key = key
            changed.append(t)
    # two passes: a key freed by one row may be the new key of another row written in the same batch
    for t in changed:
        t.identity_key, t._new_key = f"rekey:{t.pk}", t.identity_key
    trainees.model.objects.bulk_update(changed, ["identity_key"], batch_size=500)
    for t in changed:
        t.identity_key = t._new_key
    trainees.model.objects.bulk_update(changed, ["identity_key"], batch_size=500)
    return len(changed)
