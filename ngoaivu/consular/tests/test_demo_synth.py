"""The demo tells the Tokyo / Phú Thọ story and is idempotent; the synthetic cases are made in bulk."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ngoaivu.consular.models import CaseCitizen, CitizenCase
from ngoaivu.core.testing.world import text_of

pytestmark = pytest.mark.django_db


def _all():
    return CitizenCase.objects.system(reason="test")


@freeze_time("2026-06-02 09:00:00+07:00")
def test_the_demo_case_of_a_phu_tho_citizen_in_japan_runs_twice(reference, client):
    from ngoaivu.accounts.models import User
    from ngoaivu.consular.dev.demo import load_demo_consular
    from ngoaivu.directory.dev.demo import load_demo

    load_demo()
    assert load_demo_consular() == "consular: 1"
    assert load_demo_consular() == "consular: 0"
    case = _all().get()
    assert (case.province.code, case.country.iso2, case.kind, case.received_on.year) == (
        "25",
        "JP",
        "labour",
        2026,
    )
    assert case.mission.organisation.code == "cqdd-jp-tokyo"
    assert case.status == "in_progress"
    assert case.handovers.get().to_org.code == "mofa-lanh-su"
    client.force_login(User.objects.get(username="lanhsu"))
    page = text_of(client.get(f"/citizen-cases/{case.pk}/"))
    assert case.reference in page
    assert "Nguyễn Văn Minh" not in page  # the consular unit reads the case, never the name in clear
    client.force_login(User.objects.get(username="mofa"))
    assert client.get(f"/citizen-cases/{case.pk}/").status_code == 404  # not the Cục
    assert client.get("/api/v1/citizen-cases/summary").json()["total"] == 1


def test_synth_small_makes_its_share_in_bulk_and_says_it_is_done(reference):
    from ngoaivu.consular.dev.synth import SCALES, consular_synthesized, synthesize_consular

    seen: list[tuple[str, int, int]] = []
    assert not consular_synthesized(scale="small")
    made = synthesize_consular(
        scale="small", seed=7, say=lambda label, done, total: seen.append((label, done, total))
    )
    assert made["citizen_cases"] == SCALES["small"] == _all().count()
    assert consular_synthesized(scale="small")
    assert seen[-1][1] == seen[-1][2]
    assert CaseCitizen.objects.count() == SCALES["small"]
    assert CaseCitizen.objects.first().full_name  # readable back: encrypted with the field keys
    assert _all().filter(search_text="").count() == 0
    assert _all().exclude(notified_on=None).filter(notified_on__lt=models_f("notify_due_on")).count() == 0
    first = sorted(_all().values_list("reference", flat=True))[:5]
    _all().delete()
    synthesize_consular(scale="small", seed=7, say=lambda *a: None)
    assert sorted(_all().values_list("reference", flat=True))[:5] == first  # the same seed, the same data


def models_f(name):
    from django.db.models import F

    return F(name)
