from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Exists, OuterRef, Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate

FUNNEL_STAGES = ("posted", "proposed", "contacted", "met", "agreement")


class SearchFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh hiện hành")] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    field: Annotated[str | None, Field(max_length=40, description="mã lĩnh vực hợp tác")] = None
    kind: Annotated[str | None, Field(max_length=12, description="locality | company | university | ngo")] = (
        None
    )
    state: Annotated[str | None, Field(max_length=8, description="draft | open | closed")] = None
    direction: Annotated[str | None, Field(max_length=10, description="outbound | inbound")] = None
    until_after: Annotated[IsoDate | None, Field(description="còn tìm đến ít nhất ngày")] = None
    until_before: Annotated[IsoDate | None, Field(description="tìm đến trước hoặc đúng ngày")] = None
    mission: Annotated[
        str | None,
        Field(max_length=60, description="mã cơ quan đại diện: tìm kiếm ở các nước cơ quan này phụ trách"),
    ] = None
    funnel: Annotated[
        str | None,
        Field(
            max_length=10,
            description="posted | proposed | contacted | met | agreement (với mission: ứng viên do cơ quan đó đề xuất)",
        ),
    ] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=reference_id(Province, code=value)) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country
        from ngoaivu.partnering.models import PartnerSearch

        if not value:
            return Q()
        through = PartnerSearch.countries.through.objects.filter(
            country_id=reference_id(Country, iso2=value.upper())
        )
        return Q(pk__in=through.values("partnersearch_id"))

    def filter_field(self, value: str | None) -> Q:
        from ngoaivu.agreements.models import CooperationField
        from ngoaivu.partnering.models import PartnerSearch

        if not value:
            return Q()
        through = PartnerSearch.fields.through.objects.filter(
            cooperationfield_id=reference_id(CooperationField, code=value)
        )
        return Q(pk__in=through.values("partnersearch_id"))

    def filter_kind(self, value: str | None) -> Q:
        return Q(partner_kind=value) if value else Q()

    def filter_state(self, value: str | None) -> Q:
        return Q(state=value) if value else Q()

    def filter_direction(self, value: str | None) -> Q:
        return Q(direction=value) if value else Q()

    def filter_until_after(self, value: dt.date | None) -> Q:
        return Q(open_until__gte=value) if value else Q()

    def filter_until_before(self, value: dt.date | None) -> Q:
        return Q(open_until__lte=value) if value else Q()

    def _mission_org(self) -> int | None:
        from ngoaivu.directory.models import Mission

        if not self.mission:
            return None
        return int(
            Mission.objects.filter(code=self.mission).values_list("organisation_id", flat=True).first() or 0
        )

    def filter_mission(self, value: str | None) -> Q:
        """The searches in the countries the mission covers (with `funnel` past "posted": those its proposals
        reached)."""
        from ngoaivu.directory.models import Accreditation, Mission
        from ngoaivu.partnering.models import PartnerSearch

        if not value or (self.funnel and self.funnel != "posted"):
            return Q()
        mission_id = reference_id(Mission, code=value)
        countries = Accreditation.objects.filter(mission_id=mission_id).values("country_id")
        through = PartnerSearch.countries.through.objects.filter(country_id__in=countries)
        return Q(pk__in=through.values("partnersearch_id"))

    def filter_funnel(self, value: str | None) -> Q:
        """The searches that reached a stage of the funnel (FUNNEL_STAGES; see `selectors.funnel`)."""
        from ngoaivu.partnering.models import Proposal

        if not value:
            return Q()
        if value not in FUNNEL_STAGES:
            return Q(pk__in=[])
        if value == "posted":
            return ~Q(state="draft")
        proposals = Proposal.objects.filter(search_id=OuterRef("pk"))
        org = self._mission_org()
        if org is not None:
            proposals = proposals.filter(proposer_org_id=org)
        if value == "contacted":
            proposals = proposals.filter(contacted_on__isnull=False)
        elif value == "met":
            proposals = proposals.filter(met_on__isnull=False)
        elif value == "agreement":
            proposals = proposals.filter(agreement_on__isnull=False)
            if org is None:
                return Q(Exists(proposals)) | Q(outcome_agreement__isnull=False)
        return Q(Exists(proposals))

    def filter_sort(self, value: str | None) -> Q:
        return Q()
