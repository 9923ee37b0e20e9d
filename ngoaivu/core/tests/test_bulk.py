"""`core.bulk.copy_insert` writes the rows `bulk_create` would: COPY on PostgreSQL, `bulk_create` elsewhere."""

import datetime as dt

import pytest
from django.db import connection

from ngoaivu.core.bulk import copy_insert, reserve_ids
from ngoaivu.delegations.models import Delegation, Member
from ngoaivu.directory.models import Country, Province

pytestmark = pytest.mark.django_db


def _delegation(world, title: str) -> Delegation:
    province = Province.objects.get(code=world.orgs["A"].province_code)
    return Delegation(
        owner_org=world.orgs["A"],
        created_by=world.users["a_editor"],
        direction=Delegation.Direction.OUTBOUND,
        title=title,
        purpose="Xúc tiến đầu tư",
        province=province,
        head_name="Nguyễn Văn An",
        departs_on=dt.date(2024, 3, 1),
        returns_on=dt.date(2024, 3, 5),
        state=Delegation.State.CLOSED,
        visibility="shared",
        search_text="xuc tien",
    )


def _member(delegation: Delegation, i: int) -> Member:
    return Member(
        delegation=delegation,  # given as an instance, before it has an id when it is copied with it
        full_name=f"Trần Thị Lan {i}",
        position="Chuyên viên",
        is_head=i == 0,
        birth_date="1975-03-12" if i % 2 else "",
        passport_type=Member.PassportType.OFFICIAL,
        passport_number=f"C{1_000_000 + i}",
        anonymised_on=None,
    )


def _rows(delegation_id: int) -> list[tuple]:
    members = Member.objects.filter(delegation_id=delegation_id).order_by("pk")
    return [
        (
            m.full_name,
            m.position,
            m.is_head,
            m.birth_date,
            m.passport_type,
            m.passport_number,
            m.anonymised_on,
        )
        for m in members
    ]


def test_copy_insert_writes_what_bulk_create_writes(world):
    country = Country.objects.get(iso2="JP")
    by_insert = _delegation(world, "Đoàn A — bulk_create")
    Delegation.objects.system(reason="test").bulk_create([by_insert])
    Member.objects.bulk_create([_member(by_insert, i) for i in range(5)])
    by_copy = _delegation(world, "Đoàn A — copy")
    copy_insert(Delegation, [by_copy])
    members = copy_insert(Member, [_member(by_copy, i) for i in range(5)])
    copy_insert(
        Delegation.countries.through, [Delegation.countries.through(delegation=by_copy, country=country)]
    )

    assert by_copy.pk is not None
    assert not by_copy._state.adding
    assert all(m.pk and m.delegation_id == by_copy.pk for m in members)
    assert _rows(by_copy.pk) == _rows(by_insert.pk)
    copied = Delegation.objects.system(reason="test").get(pk=by_copy.pk)
    inserted = Delegation.objects.system(reason="test").get(pk=by_insert.pk)
    for field in Delegation._meta.concrete_fields:
        if field.name not in {"id", "title", "created_at", "updated_at"}:
            assert getattr(copied, field.attname) == getattr(inserted, field.attname), field.name
    assert copied.created_at is not None
    assert copied.updated_at is not None
    assert list(copied.countries.values_list("iso2", flat=True)) == ["JP"]
    with connection.cursor() as cursor:  # personal data is encrypted on the way in, as `save` does it
        cursor.execute("SELECT passport_number FROM delegations_member WHERE id = %s", [members[0].pk])
        assert cursor.fetchone()[0].startswith("enc1:")


def test_reserved_ids_are_the_next_ones_and_are_kept(world):
    ids = reserve_ids(Delegation, 3)
    assert ids == list(range(ids[0], ids[0] + 3))
    rows = [_delegation(world, f"Đoàn {i}") for i in range(3)]
    for row, pk in zip(rows, ids, strict=True):
        row.pk = pk
    copy_insert(Delegation, rows)
    assert list(
        Delegation.objects.system(reason="test")
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("title", flat=True)
    ) == [
        "Đoàn 0",
        "Đoàn 1",
        "Đoàn 2",
    ]
    assert reserve_ids(Delegation, 1)[0] > ids[-1]
