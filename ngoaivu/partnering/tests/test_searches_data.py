"""The demo search (idempotent, with proposals and suggestions) and the synthetic searches."""

from __future__ import annotations

import pytest

from ngoaivu.accounts.models import User
from ngoaivu.directory.dev.demo import load_demo
from ngoaivu.partnering import selectors
from ngoaivu.partnering.dev.demo_searches import TITLE, load_demo_searches
from ngoaivu.partnering.dev.synth import SCALES, searches_synthesized, synthesize_searches
from ngoaivu.partnering.models import PartnerSearch, Proposal
from ngoaivu.partnering.suggestions import suggestions_for

pytestmark = pytest.mark.django_db


def test_demo_da_nang_seeks_a_japanese_sister_locality_once(reference):
    load_demo()
    assert load_demo_searches() == "partnering searches: 1 search, 2 proposals"
    assert load_demo_searches() == "partnering searches: 0 (already loaded)"
    search = PartnerSearch.objects.system(reason="test").get(title=TITLE)
    assert search.owner_org.province_code == "48"
    assert search.state == "open"
    assert [c.iso2 for c in search.countries.all()] == ["JP"]
    states = dict(search.proposals.values_list("partner__name_vi", "state"))
    assert states["Thành phố Sakai"] == Proposal.State.CONTACTED
    assert Proposal.State.PROPOSED in states.values()
    danang = User.objects.get(username="danang")
    found = suggestions_for(user=danang, search=search)
    assert found, "the directory's other Japanese partners are suggested"
    assert all(s.partner is not None and s.reasons for s in found)
    page = __import__("django.test", fromlist=["Client"]).Client()
    page.force_login(User.objects.get(username="tokyo"))
    body = page.get(search.get_absolute_url()).content.decode()
    assert "Đề xuất ứng viên này" in body
    assert "Thành phố Sakai" in body


def test_synth_adds_searches_with_proposals_at_every_stage(reference):
    load_demo()  # shared Japanese and Korean partners to propose, and seekers for inbound searches
    assert not searches_synthesized(scale="small")
    made = synthesize_searches(scale="small", seed=7)
    assert made["partner_searches"] == SCALES["small"] == PartnerSearch.objects.system(reason="t").count()
    assert made["partner_proposals"] == Proposal.objects.count()
    directions = set(PartnerSearch.objects.system(reason="t").values_list("direction", flat=True))
    assert directions == {"outbound", "inbound"}
    assert made["partner_proposals"] > 50
    assert Proposal.objects.filter(state="agreement").exists()
    for p in Proposal.objects.all()[:500]:
        dates = [d for d in (p.proposed_on, p.shortlisted_on, p.contacted_on, p.met_on, p.agreement_on) if d]
        assert dates == sorted(dates)
    funnel = selectors.funnel(
        user=User.objects.create_superuser("root-h3", password="x-very-long-password-1")
    )
    assert (
        funnel.total.counts["posted"]
        == PartnerSearch.objects.system(reason="t").exclude(state="draft").count()
    )
