"""The lists the report figures are counted from: each app's list selector with its one filter, its API path
and its page (`common.ListSource`). Only selectors, filters and models are imported (the reports layer rule)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from ngoaivu.agreements import selectors as agreements
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.aid import selectors as aid
from ngoaivu.aid.filters import AidProjectFilters
from ngoaivu.border import selectors as border
from ngoaivu.border.filters import MechanismFilters, MeetingFilters
from ngoaivu.consular import selectors as consular
from ngoaivu.consular.filters import CaseFilters, SummaryFilters
from ngoaivu.core.actors import Actor
from ngoaivu.culture import selectors as culture
from ngoaivu.culture.filters import CulturalEventFilters, TitleFilters
from ngoaivu.delegations.filters import ConferenceFilters, DelegationFilters, VisitFilters
from ngoaivu.delegations.selectors import conferences, delegations, visits
from ngoaivu.events import selectors as events
from ngoaivu.events.filters import EventFilters
from ngoaivu.market_access import selectors as market_access
from ngoaivu.market_access.filters import DossierFilters
from ngoaivu.overseas import selectors as overseas
from ngoaivu.overseas.filters import InvestmentFilters, ProgrammeFilters
from ngoaivu.press import selectors as press
from ngoaivu.press.filters import PressVisitFilters
from ngoaivu.reports.figures.common import ListSource
from ngoaivu.requests import selectors as requests
from ngoaivu.requests.filters import RequestFilters
from ngoaivu.training import selectors as training
from ngoaivu.training.filters import NominationFilters


def _agreements(user: Actor, f: Any) -> Any:
    return agreements.agreement_list(user=user, filters=f, details=False)  # type: ignore[arg-type]


def _delegations(user: Actor, f: Any) -> Any:
    return delegations.delegation_list(user=user, filters=f, details=False)


AGREEMENTS = ListSource(
    "/agreements",
    "agreements:agreement_list",
    AgreementFilters,
    _agreements,
    current="province__code",
    former="former_province__code",
)
AID_PROJECTS = ListSource(
    "/aid-projects",
    "aid:project_list",
    AidProjectFilters,
    lambda u, f: aid.project_list(user=u, filters=f),
    current="province__code",
    former="former_province__code",
)
UNESCO = ListSource(
    "/unesco",
    "culture:title_list",
    TitleFilters,
    lambda u, f: culture.title_list(user=u, filters=f),
    current="province__code",
    former="province_as_named",
)
CULTURAL_EVENTS = ListSource(
    "/cultural-events",
    "culture:event_list",
    CulturalEventFilters,
    lambda u, f: culture.event_list(user=u, filters=f),
    current="province__code",
    former="province_as_named",
)
PRESS = ListSource(
    "/press-visits",
    "press:visit_list",
    PressVisitFilters,
    lambda u, f: press.visit_list(user=u, filters=f),
    current="province__code",
    former="province_as_named",
)
NOMINATIONS = ListSource(
    "/trainings/nominations",
    "training:nomination_list",
    NominationFilters,
    lambda u, f: training.nomination_list(user=u, filters=f),
    current="province__code",
)
DELEGATIONS = ListSource(
    "/delegations",
    "delegations:delegation_list",
    DelegationFilters,
    _delegations,
    current="province__code",
)
VISITS = ListSource(
    "/visits",
    "delegations:visit_list",
    VisitFilters,
    lambda u, f: visits.visit_list(user=u, filters=f),
    current="province__code",
)
CONFERENCES = ListSource(
    "/conferences",
    "delegations:conference_list",
    ConferenceFilters,
    lambda u, f: conferences.conference_list(user=u, filters=f),
    current="province__code",
)
REQUESTS = ListSource(
    "/requests",
    "requests:request_list",
    RequestFilters,
    lambda u, f: requests.request_list(user=u, filters=f),  # type: ignore[arg-type]
    current="owner_org__province_code",
)
PROMOTION_EVENTS = ListSource(
    "/promotion-events",
    "events:event_list",
    EventFilters,
    lambda u, f: events.event_list(user=u, filters=f),
    current="province__code",
    former="province_as_named",
)
MARKET_ACCESS = ListSource(
    "/market-access",
    "market_access:dossier_list",
    DossierFilters,
    lambda u, f: market_access.dossier_list(user=u, filters=f),
    current="owner_org__province_code",
)
OVERSEAS_PROGRAMMES = ListSource(
    "/overseas-vietnamese/programmes",
    "overseas:programme_list",
    ProgrammeFilters,
    lambda u, f: overseas.programme_list(user=u, filters=f),
    current="owner_org__province_code",
)
OVERSEAS_INVESTMENTS = ListSource(
    "/overseas-vietnamese/investments",
    "overseas:investment_list",
    InvestmentFilters,
    lambda u, f: overseas.investment_list(user=u, filters=f),
    current="province__code",
    former="former_province__code",
)
CITIZEN_CASES = ListSource(
    "/citizen-cases",
    "consular:case_list",
    CaseFilters,
    lambda u, f: consular.case_list(user=u, filters=f),
    current="province__code",
)
BORDER_MECHANISMS = ListSource(
    "/border-mechanisms",
    "border:mechanism_list",
    MechanismFilters,
    lambda u, f: border.mechanism_list(user=u, filters=f),
    current="owner_org__province_code",
)
BORDER_MEETINGS = ListSource(
    "/border-meetings",
    "border:meeting_list",
    MeetingFilters,
    lambda u, f: border.meeting_list(user=u, filters=f),
    current="owner_org__province_code",
)


class ProvinceCaseCount(SummaryFilters):
    """The consular app's counts without names (`case_summary`, DOMAIN.md §2), narrowed to the citizens of one
    province received within the report's dates: what a reader who may not see the cases (the ministry building a
    province's report) may still count."""

    province: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def filter_province(self, value: str | None) -> Q:
        return Q(province__code=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(received_on__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(received_on__lte=value) if value else Q()


def citizen_case_count(province: str, date_from: dt.date, date_to: dt.date) -> int:
    """The number of cases of a province's citizens received in the dates — a count, no names leave it."""
    _rows, _by_kind, total = consular.case_summary(
        filters=ProvinceCaseCount(province=province, date_from=date_from, date_to=date_to)
    )
    return total
