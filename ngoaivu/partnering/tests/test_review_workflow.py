"""Review of issue 23: a search is closed with an outcome agreement of its own province (and countries)."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.testing.world import make_agreement
from ngoaivu.partnering import services
from ngoaivu.partnering.tests.factories_searches import make_search

pytestmark = pytest.mark.django_db


@freeze_time("2026-03-10 09:00:00")
def test_a_province_cannot_close_its_search_with_another_provinces_agreement(world):
    search = make_search(world, "A", countries=("JP",))
    # Lai Châu's shared agreement with Korea: Đà Nẵng sees it in the register, but it is not Đà Nẵng's outcome
    other = make_agreement(world, "B", country="KR", shared=True, signed=True)
    with pytest.raises(ServiceError) as err:
        services.search_close(
            actor=world.users["a_editor"], search_id=search.pk, expected_version=None, agreement_id=other.pk
        )
    assert "agreement" in err.value.errors
