import pytest

from ngoaivu.agreements.dev import synth
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.agreements.models import Agreement, Milestone
from ngoaivu.agreements.selectors import agreement_list

pytestmark = pytest.mark.django_db


def test_synthetic_agreements_are_reproducible_and_listable(world, monkeypatch):
    from ngoaivu.accounts.models import User

    User.objects.filter(pk=world.users["ministry"].pk).update(is_superuser=True)
    monkeypatch.setitem(synth.SCALES, "tiny", (60, 240))
    made = synth.synthesize_agreements(scale="tiny", seed=3)
    assert made["agreements"] == 60
    assert made["milestones"] == Milestone.objects.count()
    assert synth.agreements_synthesized(scale="tiny")
    titles = list(Agreement.objects.system(reason="test").order_by("pk").values_list("title_vi", flat=True))
    Agreement.objects.system(reason="test").delete()
    synth.synthesize_agreements(scale="tiny", seed=3)
    assert (
        list(Agreement.objects.system(reason="test").order_by("pk").values_list("title_vi", flat=True))
        == titles
    )
    user = User.objects.get(pk=world.users["ministry"].pk)
    assert agreement_list(user=user, filters=AgreementFilters()).count() == 60
