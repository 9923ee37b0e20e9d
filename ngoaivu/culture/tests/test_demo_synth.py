"""The demo tells the seeds' story (Núi Chúa and Kon Hà Nừng, provinces as named then and today) and is
idempotent; the synthetic data is made in bulk at the asked scale and with the same seed the same data."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ngoaivu.core.testing.world import text_of
from ngoaivu.culture.models import CulturalEvent, HeritageTitle, StageChange

pytestmark = pytest.mark.django_db


def _titles():
    return HeritageTitle.objects.system(reason="test")


@freeze_time("2026-12-01 09:00:00+07:00")
def test_the_demo_tells_the_biosphere_reserves_story_and_runs_twice(reference, client):
    from ngoaivu.accounts.models import User
    from ngoaivu.culture.dev.demo import KON_HA_NUNG, NUI_CHUA, VIETNAM_DAYS, load_demo_culture
    from ngoaivu.culture.selectors import recognition_counts
    from ngoaivu.directory.dev.demo import load_demo

    load_demo()
    assert load_demo_culture() == "culture: 5"
    counts = (_titles().count(), StageChange.objects.count())
    assert load_demo_culture() == "culture: 0"
    assert (_titles().count(), StageChange.objects.count()) == counts
    nui_chua = _titles().get(name_vi=NUI_CHUA)
    assert (nui_chua.province.code, nui_chua.former_province.code, nui_chua.decision_year) == (
        "56",
        "58",
        2021,
    )
    assert nui_chua.owner_org.code == "tinh-56"
    kon = _titles().get(name_vi=KON_HA_NUNG)
    assert (kon.province.code, kon.former_province.code, kon.province_as_named) == ("52", "64", "Gia Lai")
    assert kon.stage.code == "inscribed"
    assert nui_chua.delegation is not None
    assert "UNESCO" in nui_chua.delegation.name_vi
    mofa = User.objects.get(username="mofa")
    rows = {(r.year, r.province_code): r.count for r in recognition_counts(user=mofa)}
    assert rows == {(2021, "56"): 1, (2021, "52"): 1, (2023, "22"): 1}  # + Hạ Long – Cát Bà (issue 22)
    then = {(r.year, r.province_name) for r in recognition_counts(user=mofa, as_then=True)}
    assert then == {(2021, "Ninh Thuận"), (2021, "Gia Lai"), (2023, "Quảng Ninh")}
    event = CulturalEvent.objects.system(reason="test").get(title_vi=VIETNAM_DAYS)
    assert event.mission is not None
    assert event.mission.code == "cqdd-jp-tokyo"
    client.force_login(User.objects.get(username="tokyo"))
    assert VIETNAM_DAYS in text_of(client.get(f"/culture/events/{event.pk}/"))
    client.force_login(User.objects.get(username="danang"))
    page = text_of(client.get("/culture/?step_overdue=false"))
    assert "Lễ hội Quán Thế Âm" in page
    assert "còn 20 ngày" in page


def test_synth_small_makes_its_share_in_bulk_and_says_it_is_done(reference):
    from ngoaivu.culture.dev.synth import SCALES, culture_synthesized, synthesize_culture

    seen: list[tuple[str, int, int]] = []
    assert not culture_synthesized(scale="small")
    made = synthesize_culture(
        scale="small", seed=7, say=lambda label, done, total: seen.append((label, done, total))
    )
    assert (made["heritage_titles"], made["cultural_events"]) == SCALES["small"]
    assert culture_synthesized(scale="small")
    assert seen[-1][1] == seen[-1][2]
    assert StageChange.objects.filter(decision_year__isnull=False).exists()
    assert _titles().filter(search_text="").count() == 0
    first = sorted(_titles().values_list("name_vi", flat=True))[:5]
    _titles().all().delete()
    CulturalEvent.objects.system(reason="test").all().delete()
    synthesize_culture(scale="small", seed=7, say=lambda *a: None)
    assert sorted(_titles().values_list("name_vi", flat=True))[:5] == first
