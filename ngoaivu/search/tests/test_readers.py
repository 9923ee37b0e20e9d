"""Each kind's `readers` (who may read an entry, kept in the index) must say exactly what its `visible_to` says,
for every record of the demo data and every demo user: a reader too many would count records a user may not
open (the hits themselves are checked again through `visible_to`); a reader too few would hide them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.accounts.models import User
from ngoaivu.core.testing.demo import demo_data
from ngoaivu.search.access import reader_tokens
from ngoaivu.search.registry import kinds
from ngoaivu.search.services import Names, _records, record_values

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


@pytest.mark.parametrize("key", list(kinds()))
def test_the_rebuilds_loading_gives_each_record_the_entry_django_prefetching_gives(demo, db, key):
    """The rebuild attaches related rows itself (`core.prefetch.attach_related`), cheaper than Django's
    prefetching: every record's entry must be the one Django's `prefetch_related` gives, relations in order."""
    kind = kinds()[key]
    names = Names()
    by_django = {
        obj.pk: record_values(kind, obj, names)
        for obj in kind.index_queryset().order_by("pk").iterator(chunk_size=3)
    }
    by_rebuild = {obj.pk: record_values(kind, obj, names) for obj in _records(kind, kind.index_queryset(), 3)}
    assert by_rebuild == by_django
    assert by_django, f"the demo has no {key}"


@pytest.mark.parametrize("key", list(kinds()))
def test_the_rebuilds_loading_reads_each_relation_once_per_chunk(demo, db, key):
    kind = kinds()[key]
    names = Names()
    with CaptureQueriesContext(connection) as ctx:
        entries = [record_values(kind, obj, names) for obj in _records(kind, kind.index_queryset(), 1000)]
    assert entries
    # the records, then at most two queries per relation (a nested one reads each level once)
    assert len(ctx.captured_queries) <= 1 + 2 * len(kind.prefetch_related), [
        q["sql"][:120] for q in ctx.captured_queries
    ]
