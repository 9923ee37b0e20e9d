"""`/api/v1/partner-searches`: searches (list, create, detail with ETag, PATCH with If-Match, open, close),
their proposals (list, create, state change) and the suggestions with their reasons."""

import dataclasses
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ngoaivu.accounts.web import api_user
from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import BoundedPageNumberPagination, Mapped
from ngoaivu.core.problems import act_then_read
from ngoaivu.core.schemas import ERRORS, versioned
from ngoaivu.partnering import selectors, services
from ngoaivu.partnering.filters import SearchFilters
from ngoaivu.partnering.models import PartnerSearch, Proposal
from ngoaivu.partnering.schemas import (
    PartnerSearchCloseIn,
    PartnerSearchIn,
    PartnerSearchListOut,
    PartnerSearchOut,
    PartnerSearchPatch,
    ProposalIn,
    ProposalMoveIn,
    ProposalOut,
    SuggestionOut,
)
from ngoaivu.partnering.suggestions import suggestions_for

router = Router(tags=["partnering"])


def _row(s: PartnerSearch) -> dict[str, Any]:
    return {
        "id": s.pk,
        "direction": s.direction,
        "title": s.title,
        "province": s.province.code if s.province else None,
        "seeker": s.shown_seeker.pk if s.shown_seeker else None,
        "partner_kind": s.partner_kind,
        "countries": [c.iso2 for c in s.countries.all()],
        "fields": [f.code for f in s.fields.all()],
        "state": s.state,
        "visibility": s.visibility,
        "opened_on": s.opened_on,
        "open_until": s.open_until,
        "proposals": getattr(s, "n_proposals", 0),
        "version": s.version,
    }


def _proposal(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "partner": p.shown_partner.pk if p.shown_partner else None,
        "province": p.province.code if p.province else None,
        "candidate": p.shown_name,
        "state": p.state,
        "note": p.note,
        "decline_reason": p.decline_reason,
        "from_suggestion": p.from_suggestion,
        "proposer_org": p.proposer_org.code,
        "proposed_on": p.proposed_on,
        "shortlisted_on": p.shortlisted_on,
        "contacted_on": p.contacted_on,
        "met_on": p.met_on,
        "agreement_on": p.agreement_on,
        "declined_on": p.declined_on,
    }


def _detail(user: Actor, search_id: int) -> dict[str, Any]:
    s = selectors.search_get(user=user, pk=search_id)
    proposals = selectors.search_proposals(s, user=user)
    outcome = selectors.outcome_agreement(user=user, search=s)
    return {
        **_row(s),
        "proposals": len(proposals),
        "owner_org": s.owner_org.code,
        "wants": s.wants,
        "offers": s.offers,
        "closed_on": s.closed_on,
        "outcome_agreement": outcome.pk if outcome else None,
        "close_reason": s.close_reason,
        "proposal_list": [_proposal(p) for p in proposals],
    }


@router.get(
    "/partner-searches",
    response={200: list[PartnerSearchListOut], **ERRORS},
    operation_id="partnering_search_list",
    summary="Tìm kiếm đối tác",
)
@paginate(BoundedPageNumberPagination)
def searches_list(request: HttpRequest, filters: Query[SearchFilters]) -> Mapped:
    return Mapped(selectors.search_list(user=api_user(request), filters=filters), _row)


@router.post(
    "/partner-searches",
    response={201: PartnerSearchOut, **ERRORS},
    operation_id="partnering_search_create",
    summary="Tạo tìm kiếm đối tác (nháp)",
)
def searches_create(request: HttpRequest, payload: PartnerSearchIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    data = payload.model_dump()
    search = services.search_create(
        actor=user,
        data=services.SearchInput(
            **{**data, "countries": tuple(data["countries"]), "fields": tuple(data["fields"])}
        ),
    )
    return Status(201, _detail(user, search.pk))


@router.get(
    "/partner-searches/{int:search_id}",
    response={200: PartnerSearchOut, **ERRORS},
    operation_id="partnering_search_get",
)
def searches_get(request: HttpRequest, response: HttpResponse, search_id: int) -> dict[str, Any]:
    body = _detail(api_user(request), search_id)
    response["ETag"] = f'"{body["version"]}"'
    return body


@router.patch(
    "/partner-searches/{int:search_id}",
    **versioned(PartnerSearchOut),
    operation_id="partnering_search_update",
    summary="Sửa tìm kiếm: chỉ các trường gửi lên (If-Match: phiên bản)",
)
def searches_update(request: HttpRequest, search_id: int, payload: PartnerSearchPatch) -> dict[str, Any]:
    user = api_user(request)
    sent = payload.model_dump(exclude_unset=True)

    def act(version: int) -> None:
        current = selectors.search_get(user=user, pk=search_id)
        changes: dict[str, Any] = {
            k: (tuple(v) if isinstance(v, list) else v) for k, v in sent.items() if v is not None
        }
        if "open_until" in sent:
            changes["open_until"] = sent["open_until"]
        data = dataclasses.replace(services.search_input_of(current), **changes)
        services.search_update(actor=user, search_id=search_id, expected_version=version, data=data)

    return act_then_read(request, read=lambda: _detail(user, search_id), act=act)


@router.post(
    "/partner-searches/{int:search_id}/open",
    **versioned(PartnerSearchOut),
    operation_id="partnering_search_open",
    summary="Đăng tìm kiếm nháp (If-Match)",
)
def searches_open(request: HttpRequest, search_id: int) -> dict[str, Any]:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: _detail(user, search_id),
        act=lambda v: services.search_open(actor=user, search_id=search_id, expected_version=v),
    )


@router.post(
    "/partner-searches/{int:search_id}/close",
    **versioned(PartnerSearchOut),
    operation_id="partnering_search_close",
    summary="Đóng tìm kiếm với kết quả: thỏa thuận trong sổ hoặc lý do (If-Match)",
)
def searches_close(request: HttpRequest, search_id: int, payload: PartnerSearchCloseIn) -> dict[str, Any]:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: _detail(user, search_id),
        act=lambda v: services.search_close(
            actor=user,
            search_id=search_id,
            expected_version=v,
            agreement_id=payload.agreement,
            reason=payload.reason,
            closed_on=payload.closed_on,
        ),
    )


@router.get(
    "/partner-searches/{int:search_id}/proposals",
    response={200: list[ProposalOut], **ERRORS},
    operation_id="partnering_proposal_list",
)
def proposals_list(request: HttpRequest, search_id: int) -> list[dict[str, Any]]:
    user = api_user(request)
    search = selectors.search_get(user=user, pk=search_id)
    return [_proposal(p) for p in selectors.search_proposals(search, user=user)]


@router.post(
    "/partner-searches/{int:search_id}/proposals",
    **versioned(PartnerSearchOut),
    operation_id="partnering_proposal_create",
    summary="Đề xuất ứng viên (CQĐD, Bộ; If-Match: phiên bản của tìm kiếm)",
)
def proposals_create(request: HttpRequest, search_id: int, payload: ProposalIn) -> dict[str, Any]:
    user = api_user(request)
    data = services.ProposalInput(**payload.model_dump())
    return act_then_read(
        request,
        read=lambda: _detail(user, search_id),
        act=lambda v: services.proposal_create(
            actor=user, search_id=search_id, expected_version=v, data=data
        ),
    )


@router.post(
    "/partner-searches/{int:search_id}/proposals/{int:proposal_id}/state",
    **versioned(PartnerSearchOut),
    operation_id="partnering_proposal_move",
    summary="Chuyển trạng thái ứng viên (tỉnh chủ tìm kiếm; If-Match: phiên bản của tìm kiếm)",
)
def proposals_move(
    request: HttpRequest, search_id: int, proposal_id: int, payload: ProposalMoveIn
) -> dict[str, Any]:
    user = api_user(request)
    return act_then_read(
        request,
        read=lambda: _detail(user, search_id),
        act=lambda v: services.proposal_move(
            actor=user,
            search_id=search_id,
            proposal_id=proposal_id,
            expected_version=v,
            to=payload.to,
            on=payload.on,
            reason=payload.reason,
        ),
    )


@router.get(
    "/partner-searches/{int:search_id}/suggestions",
    response={200: list[SuggestionOut], **ERRORS},
    operation_id="partnering_suggestion_list",
    summary="Ứng viên gợi ý, xếp theo điểm, kèm lý do",
)
def suggestions_list(request: HttpRequest, search_id: int) -> list[dict[str, Any]]:
    user = api_user(request)
    search = selectors.search_get(user=user, pk=search_id)
    return [
        {
            "partner": s.partner.pk if s.partner else None,
            "province": s.province.code if s.province else None,
            "name": s.name,
            "country": s.country,
            "score": s.score,
            "reasons": [{**dataclasses.asdict(r), "points": r.points, "text": r.text} for r in s.reasons],
        }
        for s in suggestions_for(user=user, search=search)
    ]
