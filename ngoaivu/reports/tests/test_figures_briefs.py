"""The mission report's briefs figures (information.selectors.brief_figures): briefs published in the period,
provinces reached and opened, the useful share — the same for the mission and for the ministry, and equal to the
list the figure names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from ngoaivu.core.testing.world import World
from ngoaivu.information import services
from ngoaivu.information.models import Brief
from ngoaivu.information.tests.factories import make_brief
from ngoaivu.reports.figures import build

pytestmark = pytest.mark.django_db
TODAY = "2026-06-20 10:00:00+07:00"
PERIOD = {"period_from": dt.date(2026, 1, 1), "period_to": dt.date(2026, 6, 20)}


def _figures(content):  # type: ignore[no-untyped-def]
    return {f.key: f for s in content.sections for f in s.figures}


@freeze_time(TODAY)
def test_briefs_figures_of_a_mission_report(world: World) -> None:
    to_a = make_brief(world, "X", to=("A",))
    to_all = make_brief(world, "X", to="all")
    make_brief(world, "X", to="all", publish=False)  # a draft: not sent
    old = make_brief(world, "X", to="all")
    Brief.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(days=400))
    make_brief(world, "Y", to="all")  # another mission's
    world.client("a_viewer").get(f"/briefs/{to_a.pk}/")
    services.brief_rate(actor=world.users["a_editor"], brief_id=to_a.pk, useful=True)
    services.brief_rate(
        actor=world.users["b_editor"], brief_id=to_all.pk, useful=False, comment="Chung chung"
    )
    for who in ("x_officer", "ministry"):
        content = build("mission_support", actor=world.users[who], organisation=world.orgs["X"], **PERIOD)
        f = _figures(content)
        assert f["briefs_sent"].value == 2, who
        assert f["briefs_provinces_reached"].value == 34, who
        assert f["briefs_provinces_opened"].value == 1, who
        assert f["briefs_useful_pct"].value == Decimal("50.0"), who
        section = next(s for s in content.sections if s.key == "information")
        assert "phát hành 2 bản tin" in section.narrative
        assert "50,0 %" in section.narrative
        listed = world.client(who).get(f["briefs_sent"].api_list).json()
        assert listed["count"] == 2, who


@freeze_time(TODAY)
def test_no_brief_in_the_period_says_so(world: World) -> None:
    content = build("mission_support", actor=world.users["y_officer"], organisation=world.orgs["Y"], **PERIOD)
    f = _figures(content)
    assert f["briefs_sent"].value == 0
    assert f["briefs_useful_pct"].value is None
    assert f["briefs_useful_pct"].missing
    section = next(s for s in content.sections if s.key == "information")
    assert "chưa phát hành bản tin" in section.narrative
