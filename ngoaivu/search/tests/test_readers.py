"""Each kind's `readers` (who may read an entry, kept in the index) must say exactly what its `visible_to` says,
for every record of the demo data and every demo user: a reader too many would count records a user may not
open (the hits themselves are checked again through `visible_to`); a reader too few would hide them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ngoaivu.accounts.models import User
from ngoaivu.core.testing.demo import demo_data
from ngoaivu.search.access import reader_tokens
from ngoaivu.search.registry import kinds

TODAY = "2026-11-20 10:00:00+07:00"


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with demo_data(django_db_blocker, TODAY):
        yield


def test_every_kind_states_its_readers():
    assert [key for key, kind in kinds().items() if kind.readers is None] == []


@pytest.mark.parametrize("key", list(kinds()))
def test_readers_match_visible_to_for_every_demo_user(demo, db, key):
    kind = kinds()[key]
    records = list(kind.index_queryset())
    assert kind.readers is not None
    stated = {obj.pk: set(kind.readers(obj)) for obj in records}
    checked = 0
    for user in User.objects.filter(is_active=True).order_by("username"):
        held = reader_tokens(user)
        by_tokens = {pk for pk, who in stated.items() if held is None or who & set(held)}
        by_scope = set(kind.visible(user).filter(pk__in=list(stated)).values_list("pk", flat=True))
        assert by_tokens == by_scope, f"{key} as {user.username}"
        checked += len(by_scope)
    assert records, f"the demo has no {key}"
    assert checked, f"no demo user may read any {key}"
