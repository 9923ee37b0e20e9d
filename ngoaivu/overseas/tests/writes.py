"""The overseas API's writes to existing records, for the If-Match suite (`config/tests/test_if_match.py`)."""

from __future__ import annotations

from ngoaivu.core.testing.writes import Write
from ngoaivu.overseas.models import OverseasAssociation, OverseasInvestment, OverseasPerson, OverseasProgramme
from ngoaivu.overseas.tests.helpers import make_association, make_investment, make_person, make_programme

B = "/api/v1/overseas-vietnamese"
WRITES = [
    Write(
        "overseas_association_update",
        "a_editor",
        "patch",
        lambda o: f"{B}/associations/{o.pk}",
        {"city": "Osaka"},
        lambda w: make_association(w, "A"),
        OverseasAssociation,
    ),
    Write(
        "overseas_person_update",
        "a_editor",
        "patch",
        lambda o: f"{B}/people/{o.pk}",
        {"position": "Giám đốc"},
        lambda w: make_person(w, "A"),
        OverseasPerson,
    ),
    Write(
        "overseas_programme_update",
        "a_editor",
        "patch",
        lambda o: f"{B}/programmes/{o.pk}",
        {"place": "Hà Nội"},
        lambda w: make_programme(w, "A"),
        OverseasProgramme,
    ),
    Write(
        "overseas_investment_update",
        "a_editor",
        "patch",
        lambda o: f"{B}/investments/{o.pk}",
        {"sector": "Giáo dục"},
        lambda w: make_investment(w, "A"),
        OverseasInvestment,
    ),
]
