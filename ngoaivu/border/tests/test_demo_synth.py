"""The demo tells the Lai Châu–Yunnan story (a 2026 meeting, its commitments, the next meeting reporting on them)
and is idempotent; the synthetic data is made in bulk at the asked scale."""

from __future__ import annotations

import pytest

from ngoaivu.border.models import BorderMechanism, BorderMeeting, Commitment
from ngoaivu.core.testing.world import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-07 09:00:00+07:00")]


def _all():
    return BorderMechanism.objects.system(reason="test")


def test_the_demo_tells_the_lai_chau_story_and_runs_twice(reference, client):
    from ngoaivu.accounts.models import User
    from ngoaivu.border.dev.demo import LAI_CHAU, NORTHERN, QUANG_TRI, load_demo_border
    from ngoaivu.directory.dev.demo import load_demo

    load_demo()
    assert load_demo_border() == "border: 3"
    counts = (_all().count(), BorderMeeting.objects.system(reason="test").count(), Commitment.objects.count())
    assert load_demo_border() == "border: 0"
    assert (
        _all().count(),
        BorderMeeting.objects.system(reason="test").count(),
        Commitment.objects.count(),
    ) == counts
    northern = _all().get(name_vi=NORTHERN)
    assert northern.owner_org.code == "mofa-bien-gioi"
    assert sorted(northern.provinces.values_list("code", flat=True)) == [
        "04",
        "08",
        "11",
        "12",
        "15",
        "20",
        "22",
    ]
    assert _all().get(name_vi=QUANG_TRI).owner_org.code == "tinh-44"
    lai_chau = _all().get(name_vi=LAI_CHAU)
    meeting_2026 = lai_chau.meetings.get(starts_on__year=2026)
    assert meeting_2026.status == "minutes"
    assert meeting_2026.commitments.count() == 3
    upcoming = lai_chau.meetings.get(status="planned")
    client.force_login(User.objects.get(username="laichau"))
    page = text_of(client.get(f"/border/meetings/{upcoming.pk}/"))
    assert "Báo cáo cam kết của cuộc họp trước" in page
    assert "Hoàn thiện hồ sơ nâng cấp cửa khẩu Ma Lù Thàng" in page
    assert "còn 45 ngày" in page
    page = text_of(client.get(f"/border/meetings/{meeting_2026.pk}/"))
    assert "Trao đổi danh mục hàng hóa" in page  # the 2025 meeting's commitment, reported done
    assert "quá hạn 20 ngày" in page
    client.force_login(User.objects.get(username="danang"))
    assert client.get(f"/border/{lai_chau.pk}/").status_code == 404


def test_synth_small_makes_its_share_in_bulk_and_says_it_is_done(reference):
    from ngoaivu.border.dev.synth import SCALES, border_synthesized, synthesize_border

    assert not border_synthesized(scale="small")
    said = []
    made = synthesize_border(scale="small", seed=7, say=lambda label, done, total: said.append(label))
    assert made["border_mechanisms"] == SCALES["small"]
    assert made["border_meetings"] == SCALES["small"] * 10
    assert made["border_commitments"] > made["border_meetings"]
    assert border_synthesized(scale="small")
    assert said[-1] == "border commitments"
    kinds = set(_all().values_list("kind", flat=True))
    assert kinds == {"bilateral", "multilateral", "decentralised"}
