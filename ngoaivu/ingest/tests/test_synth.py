import pytest

from ngoaivu.ingest.dev import synth
from ngoaivu.ingest.models import Document
from ngoaivu.search import services as search_services
from ngoaivu.search.models import SearchEntry
from ngoaivu.search.selectors import Filters, search

pytestmark = pytest.mark.django_db


def test_synthetic_documents_are_reproducible_and_found_by_former_names(world, monkeypatch):
    from ngoaivu.accounts.models import User

    User.objects.filter(pk=world.users["ministry"].pk).update(is_superuser=True)
    monkeypatch.setitem(synth.SCALES, "tiny", 400)
    assert synth.synthesize_documents(scale="tiny", seed=5) == {"documents": 400}
    assert synth.documents_synthesized(scale="tiny")
    rows = Document.objects.system(reason="test")
    owners = list(rows.values_list("owner_org_id", flat=True))
    assert max(owners.count(o) for o in set(owners)) > 2 * 400 / 34  # skewed like real life
    titles = list(rows.order_by("pk").values_list("title", flat=True))

    counts = search_services.rebuild(only=["document"])
    assert counts == {"document": 400}
    assert search_services.rebuild(only=["document"], missing_only=True) == {"document": 0}
    assert SearchEntry.objects.filter(kind="document").count() == 400
    user = User.objects.get(pk=world.users["ministry"].pk)
    _query, groups = search(user, "xuc tien dau tu", Filters(kind="document"), limit=5)
    assert groups
    assert groups[0].count > 0

    rows.delete()
    synth.synthesize_documents(scale="tiny", seed=5)
    again = Document.objects.system(reason="test").order_by("pk").values_list("title", flat=True)
    assert list(again) == titles
