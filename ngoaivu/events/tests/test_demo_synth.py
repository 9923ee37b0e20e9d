"""The demo tells the seeds' story and is idempotent; the synthetic data is made in bulk at the asked scale."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ngoaivu.core.testing.world import text_of
from ngoaivu.events.models import EventParticipation, FollowUpTask, PromotionEvent

pytestmark = pytest.mark.django_db


def _all():
    return PromotionEvent.objects.system(reason="test")


@freeze_time("2026-03-02 09:00:00+07:00")
def test_the_demo_tells_the_vinh_phuc_and_lai_chau_stories_and_runs_twice(reference, client):
    from ngoaivu.agreements.dev.demo import load_demo_agreements
    from ngoaivu.directory.dev.demo import load_demo
    from ngoaivu.events.dev.demo import LAI_CHAU, VINH_PHUC, load_demo_events

    load_demo()
    load_demo_agreements()
    assert load_demo_events() == {"events_demo": 3}
    counts = (_all().count(), FollowUpTask.objects.count(), EventParticipation.objects.count())
    assert load_demo_events() == {"events_demo": 0}
    assert (_all().count(), FollowUpTask.objects.count(), EventParticipation.objects.count()) == counts
    vinh_phuc = _all().get(title_vi=VINH_PHUC)
    assert vinh_phuc.province.code == "25"
    assert vinh_phuc.former_province is not None
    assert vinh_phuc.former_province.code == "26"
    assert vinh_phuc.starts_on.year == 2022
    assert [a.title_vi for a in vinh_phuc.agreements.all()] == [
        "Bản ghi nhớ hợp tác xúc tiến đầu tư giữa UBND tỉnh Vĩnh Phúc và JETRO"
    ]
    lai_chau = _all().get(title_vi=LAI_CHAU)
    assert (lai_chau.starts_on.year, lai_chau.starts_on.month, lai_chau.province.code) == (2022, 6, "12")
    from ngoaivu.accounts.models import User

    client.force_login(User.objects.get(username="tokyo"))
    page = text_of(client.get(f"/events/{vinh_phuc.pk}/"))
    assert "quá hạn 6 ngày" in page
    assert "còn 12 ngày" in page


def test_synth_small_makes_its_share_in_bulk_and_says_it_is_done(reference):
    from ngoaivu.events.dev.synth import SCALES, events_synthesized, synthesize_events

    seen: list[tuple[str, int, int]] = []
    assert not events_synthesized(scale="small")
    made = synthesize_events(
        scale="small", seed=7, say=lambda label, done, total: seen.append((label, done, total))
    )
    assert made["promotion_events"] == SCALES["small"] == _all().count()
    assert events_synthesized(scale="small")
    assert seen[-1][1] == seen[-1][2]
    assert FollowUpTask.objects.exists()
    assert PromotionEvent.countries.through.objects.exists()
    assert _all().filter(search_text="").count() == 0
    first = sorted(_all().values_list("title_vi", flat=True))[:5]
    PromotionEvent.objects.system(reason="test").all().delete()
    synthesize_events(scale="small", seed=7, say=lambda *a: None)
    assert sorted(_all().values_list("title_vi", flat=True))[:5] == first  # the same seed, the same data
