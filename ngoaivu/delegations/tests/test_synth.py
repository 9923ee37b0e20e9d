import pytest
from django.db import connection

from ngoaivu.delegations.dev import synth
from ngoaivu.delegations.filters import DelegationFilters
from ngoaivu.delegations.models import Conference, Delegation, Member
from ngoaivu.delegations.selectors import delegation_list

pytestmark = pytest.mark.django_db


def test_synthetic_delegations_are_reproducible_encrypted_and_listable(world, monkeypatch):
    from ngoaivu.accounts.models import User

    User.objects.filter(pk=world.users["ministry"].pk).update(is_superuser=True)
    monkeypatch.setitem(synth.SCALES, "tiny", (300, 1200, 20))
    made = synth.synthesize_delegations(scale="tiny", seed=3)
    assert made["delegations"] == 300
    assert made["members"] == Member.objects.count()
    assert synth.delegations_synthesized(scale="tiny")
    rows = Delegation.objects.system(reason="test")
    codes = list(rows.values_list("province__code", flat=True))
    assert max(codes.count(c) for c in set(codes)) > 2 * 300 / 34  # a few big provinces carry most trips
    member = Member.objects.exclude(passport_number="").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number FROM delegations_member WHERE id = %s", [member.pk])
        assert cursor.fetchone()[0].startswith("enc1:")
    assert Conference.objects.system(reason="test").count() == 20
    titles = list(rows.order_by("pk").values_list("title", flat=True))
    rows.delete()
    synth.synthesize_delegations(scale="tiny", seed=3)
    again = Delegation.objects.system(reason="test").order_by("pk").values_list("title", flat=True)
    assert list(again) == titles
    user = User.objects.get(pk=world.users["ministry"].pk)
    assert delegation_list(user=user, filters=DelegationFilters()).count() == 300
