import pytest

from ngoaivu.requests.dev import synth
from ngoaivu.requests.filters import RequestFilters
from ngoaivu.requests.models import Event, Recipient, RequestNumber, ServiceRequest
from ngoaivu.requests.selectors import request_list

pytestmark = pytest.mark.django_db


def _rows():
    requests = ServiceRequest.objects.system(reason="test").filter(number__startswith="ĐH-").order_by("pk")
    parts = Recipient.objects.filter(request__in=requests).order_by("pk")
    return (
        list(
            requests.values_list("number", "title", "category__code", "sent_on", "first_answer_on", "shared")
        ),
        list(
            parts.values_list(
                "organisation__code", "status", "ack_due", "answer_due", "answered_on", "rating"
            )
        ),
    )


def test_synthetic_requests_are_reproducible_with_their_parts_and_first_answers(world, monkeypatch):
    from ngoaivu.accounts.models import User

    User.objects.filter(pk=world.users["ministry"].pk).update(is_superuser=True)
    monkeypatch.setitem(synth.SCALES, "tiny", (40, 300))
    monkeypatch.setattr(synth, "BATCH", 120)  # several chunks
    made = synth.synthesize(scale="tiny", seed=5)
    assert made["requests"] == 300
    assert made["recipients"] == Recipient.objects.count()
    assert made["events"] == Event.objects.count() == 300 + made["recipients"]
    assert synth.already_synthesized(scale="tiny")
    requests, parts = _rows()
    for req in ServiceRequest.objects.system(reason="test").prefetch_related("recipients"):
        answers = [p.answered_on for p in req.recipients.all() if p.answered_on]
        assert req.first_answer_on == (min(answers) if answers else None)
    assert all(p.request_sent_at for p in Recipient.objects.all())
    ServiceRequest.objects.system(reason="test").delete()
    RequestNumber.objects.all().delete()  # numbering starts again, as on a fresh database
    synth.synthesize(scale="tiny", seed=5)
    assert _rows() == (requests, parts)
    user = User.objects.get(pk=world.users["ministry"].pk)
    assert request_list(user=user, filters=RequestFilters(box="all")).count() == 300
