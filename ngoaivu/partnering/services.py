"""Writes of partner searches and their proposals. Each one: scope → validate → versioned write → audit.
A proposal's change bumps its search's version (the API's If-Match is the search's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.agreements.models import Agreement, CooperationField
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.inputs import checked_text, max_length
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.tasks import enqueue_on_commit
from ngoaivu.core.text import clean_line, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, Partner, Province
from ngoaivu.partnering.models import PartnerSearch, Proposal
from ngoaivu.partnering.querysets import related_agreements

D = PartnerSearch.Direction
S = PartnerSearch.State
P = Proposal.State
FUNNEL_ORDER = [P.PROPOSED, P.SHORTLISTED, P.CONTACTED, P.MET, P.AGREEMENT]
NEXT_STATE = {P.PROPOSED: P.SHORTLISTED, P.SHORTLISTED: P.CONTACTED, P.CONTACTED: P.MET, P.MET: P.AGREEMENT}
DATE_FIELD = {
    P.SHORTLISTED: "shortlisted_on",
    P.CONTACTED: "contacted_on",
    P.MET: "met_on",
    P.AGREEMENT: "agreement_on",
    P.DECLINED: "declined_on",
}


def _today() -> dt.date:
    return timezone.localdate()


def _is_system(actor: Actor) -> bool:
    return isinstance(actor, audit.SystemActor)


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def _user(actor: Actor) -> Any:
    return actor if actor.is_authenticated else None


def _fetch(actor: Actor, action: Action, pk: int) -> PartnerSearch:
    if not _is_system(actor):
        return get_for_action(PartnerSearch, actor, action, pk=pk)
    found = (
        PartnerSearch.objects.system(reason=f"{audit.actor_label(actor)}: {action}")
        .filter(pk=pk, deleted_at__isnull=True)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def _locked(actor: Actor, action: Action, pk: int, expected_version: int | None) -> PartnerSearch:
    found = _fetch(actor, action, pk)
    search = (
        PartnerSearch.objects.system(reason="row lock of a search already fetched in scope")
        .select_for_update()
        .get(pk=found.pk)
    )
    if expected_version is not None and expected_version != search.version:
        raise StaleObject(search._meta.label, search.pk, search.version)
    return search


def _partners(actor: Actor) -> models.QuerySet[Partner]:
    if _is_system(actor):
        return Partner.objects.system(reason=f"{audit.actor_label(actor)}: partner searches")
    return Partner.objects.visible_to(actor, Action.VIEW)


def _agreements(actor: Actor) -> models.QuerySet[Agreement]:
    if _is_system(actor):
        return Agreement.objects.system(reason=f"{audit.actor_label(actor)}: search outcome")
    return Agreement.objects.visible_to(actor, Action.VIEW)


# --- who may do what (the services check again; these answer the buttons) ---


def may_create_outbound(actor: Actor) -> bool:
    """A province's officers and heads post their province's searches."""
    scope = actor.scope
    return bool(scope.can_write and scope.is_province and scope.org_id is not None)


def may_create_inbound(actor: Actor) -> bool:
    """Missions and the ministry enter foreign localities' and firms' searches for Vietnamese partners."""
    scope = actor.scope
    return bool(scope.can_write and (scope.is_mission or scope.is_ministry) and scope.org_id is not None)


def may_create(actor: Actor) -> bool:
    return may_create_outbound(actor) or may_create_inbound(actor)


def may_propose(actor: Actor, search: PartnerSearch) -> bool:
    """Missions and the ministry propose candidates for an open search they can read."""
    scope = actor.scope
    if not (scope.can_write and (scope.is_mission or scope.is_ministry)) or search.state != S.OPEN:
        return False
    return PartnerSearch.objects.visible_to(actor, Action.VIEW).filter(pk=search.pk).exists()


# --- searches ---


@dataclass(frozen=True)
class SearchInput:
    direction: str
    title: str
    partner_kind: str
    wants: str
    countries: tuple[str, ...] = ()  # ISO alpha-2
    fields: tuple[str, ...] = ()  # cooperation field codes
    offers: str = ""
    open_until: dt.date | None = None
    visibility: str = "shared"
    seeker: int | None = None  # inbound: the directory partner seeking a Vietnamese partner


def search_input_of(search: PartnerSearch) -> SearchInput:
    return SearchInput(
        direction=search.direction,
        title=search.title,
        partner_kind=search.partner_kind,
        wants=search.wants,
        offers=search.offers,
        countries=tuple(c.iso2 for c in search.countries.all()),
        fields=tuple(f.code for f in search.fields.all()),
        open_until=search.open_until,
        visibility=search.visibility,
        seeker=search.seeker_id,
    )


@dataclass
class _Resolved:
    values: dict[str, Any]
    countries: list[Country]
    fields: list[CooperationField]


def _resolve(actor: Actor, data: SearchInput, *, creating: bool) -> _Resolved:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "title": checked_text(
            errors, "title", data.title, max_length(PartnerSearch, "title"), required=True, one_line=True
        ),
        "wants": checked_text(errors, "wants", data.wants, 5000, required=True),
        "offers": checked_text(errors, "offers", data.offers, 5000),
        "open_until": data.open_until,
    }
    if data.direction not in D.values:
        errors["direction"] = [_("Chọn chiều tìm kiếm.")]
    values["direction"] = data.direction
    if data.partner_kind not in PartnerSearch.PartnerKind.values:
        errors["partner_kind"] = [_("Chọn loại đối tác cần tìm.")]
    values["partner_kind"] = data.partner_kind
    if data.visibility not in PartnerSearch.Visibility.values:
        errors["visibility"] = [_("Phạm vi chia sẻ không hợp lệ.")]
    values["visibility"] = data.visibility
    if creating and data.open_until is not None and data.open_until < _today():
        errors["open_until"] = [_("Ngày tìm đến không được trước hôm nay.")]
    codes = list(dict.fromkeys(clean_line(c).upper()[:2] for c in data.countries if clean_line(c)))
    countries = list(Country.objects.filter(iso2__in=codes).exclude(iso2="VN"))
    if len(countries) != len(codes):
        errors["countries"] = [_("Có quốc gia không có trong danh mục (mã ISO hai chữ, không gồm Việt Nam).")]
    field_codes = list(dict.fromkeys(clean_line(c)[:40] for c in data.fields if clean_line(c)))
    fields = list(CooperationField.objects.filter(code__in=field_codes))
    if len(fields) != len(field_codes):
        errors["fields"] = [_("Có lĩnh vực không có trong danh mục.")]
    seeker = None
    if data.direction == D.INBOUND:
        if data.seeker is None:
            errors["seeker"] = [_("Chọn đối tác nước ngoài đang tìm đối tác Việt Nam.")]
        else:
            seeker = _partners(actor).filter(pk=data.seeker).select_related("country").first()
            if seeker is None:
                errors["seeker"] = [_("Đối tác không có trong danh bạ hoặc bạn không xem được.")]
            elif seeker.visibility != Partner.Visibility.SHARED:
                # the search names its seeker to every reader: a private partner would leak through it
                errors["seeker"] = [
                    _("Đối tác chưa được chia sẻ trong danh bạ: chia sẻ trước khi đăng tìm kiếm.")
                ]
                seeker = None
            elif seeker.country_id not in {c.pk for c in countries}:
                countries.append(seeker.country)  # the seeker's own country is always one of the search's
    elif not countries:
        errors["countries"] = [_("Chọn ít nhất một quốc gia cần tìm đối tác.")]
    values["seeker"] = seeker
    _fail(errors, _("Chưa lưu được tìm kiếm đối tác."))
    return _Resolved(values, countries, fields)


def _index(search: PartnerSearch, resolved: _Resolved) -> None:
    search.search_text = search_key(
        search.title,
        search.wants,
        search.offers,
        search.province.name if search.province else "",
        (search.seeker.name_vi or search.seeker.name) if search.seeker else "",
        *(c.name_vi for c in resolved.countries),
        *(f.name_vi for f in resolved.fields),
    )


def _snapshot(search: PartnerSearch) -> dict[str, Any]:
    return {
        **audit.snapshot(search),
        "countries": sorted(c.iso2 for c in search.countries.all()),
        "fields": sorted(f.code for f in search.fields.all()),
    }


@transaction.atomic
def search_create(*, actor: Actor, data: SearchInput, owner_org_id: int | None = None) -> PartnerSearch:
    """A draft search. Outbound: the actor's province seeks (a person's search is always their province's).
    Inbound: entered by a mission or the ministry for a directory partner. A system actor names the owner."""
    from ngoaivu.accounts.models import Organisation

    if _is_system(actor):
        owner = Organisation.objects.filter(pk=owner_org_id or 0).first()
        if owner is None:
            raise Forbidden()
        owner_id, province_code = owner.pk, owner.province_code
        allowed = bool(province_code) if data.direction == D.OUTBOUND else not province_code
    else:
        if owner_org_id is not None or actor.scope.org_id is None:
            raise Forbidden()
        owner_id, province_code = actor.scope.org_id, actor.scope.province_code
        allowed = may_create_outbound(actor) if data.direction == D.OUTBOUND else may_create_inbound(actor)
    if not allowed:
        raise Forbidden()
    resolved = _resolve(actor, data, creating=True)
    province = None
    if data.direction == D.OUTBOUND:
        province = Province.objects.filter(code=province_code).first()
        if province is None:
            raise Forbidden()
    search = PartnerSearch(
        owner_org_id=owner_id,
        created_by=_user(actor),
        updated_by=_user(actor),
        province=province,
        state=S.DRAFT,
        **resolved.values,
    )
    _index(search, resolved)
    search.full_clean(exclude=["owner_org", "created_by", "updated_by"])
    save_versioned(search, None)
    search.countries.set(resolved.countries)
    search.fields.set(resolved.fields)
    audit.record(actor=actor, action="partner_search.create", target=search, after=_snapshot(search))
    return search


@transaction.atomic
def search_update(
    *, actor: Actor, search_id: int, expected_version: int | None, data: SearchInput
) -> PartnerSearch:
    search = _locked(actor, Action.CHANGE, search_id, expected_version)
    if search.state == S.CLOSED:
        raise StateConflict(_("Tìm kiếm đã đóng: không sửa được."))
    if data.direction != search.direction:
        raise ServiceError(
            _("Chưa lưu được tìm kiếm đối tác."), {"direction": [_("Không đổi được chiều tìm kiếm.")]}
        )
    resolved = _resolve(actor, data, creating=False)
    before = _snapshot(search)
    for key, value in resolved.values.items():
        setattr(search, key, value)
    search.updated_by = _user(actor)
    _index(search, resolved)
    search.full_clean(exclude=["owner_org", "created_by", "updated_by"])
    save_versioned(search, None)
    search.countries.set(resolved.countries)
    search.fields.set(resolved.fields)
    audit.record(
        actor=actor, action="partner_search.update", target=search, before=before, after=_snapshot(search)
    )
    return search


@transaction.atomic
def search_open(*, actor: Actor, search_id: int, expected_version: int | None) -> PartnerSearch:
    """Posts a draft: from now on the ministry, the missions covering its countries and (when shared) the
    other provinces read it, and candidates may be proposed."""
    search = _locked(actor, Action.CHANGE, search_id, expected_version)
    if search.state != S.DRAFT:
        raise StateConflict(_("Chỉ đăng được tìm kiếm đang ở trạng thái nháp."))
    if search.open_until is not None and search.open_until < _today():
        raise ServiceError(
            _("Chưa đăng được tìm kiếm."),
            {"open_until": [_("Ngày tìm đến đã qua: sửa ngày trước khi đăng.")]},
        )
    before = audit.snapshot(search)
    search.state = S.OPEN
    search.opened_on = _today()
    search.updated_by = _user(actor)
    save_versioned(search, None)
    audit.record(
        actor=actor, action="partner_search.open", target=search, before=before, after=audit.snapshot(search)
    )
    return search


@transaction.atomic
def search_close(
    *,
    actor: Actor,
    search_id: int,
    expected_version: int | None,
    agreement_id: int | None = None,
    reason: str = "",
    closed_on: dt.date | None = None,
) -> PartnerSearch:
    """Closes an open search with an outcome: an agreement of the register the actor can see, or a reason."""
    search = _locked(actor, Action.CHANGE, search_id, expected_version)
    if search.state != S.OPEN:
        raise StateConflict(_("Chỉ đóng được tìm kiếm đang mở."))
    errors: dict[str, list[str]] = {}
    text = checked_text(errors, "reason", reason, 2000)
    agreement = None
    if agreement_id is not None:
        agreement = _agreements(actor).filter(pk=agreement_id).first()
        if agreement is None:
            errors["agreement"] = [_("Thỏa thuận không có trong sổ hoặc bạn không xem được.")]
        elif not related_agreements(_agreements(actor).filter(pk=agreement.pk), search).exists():
            agreement = None
            errors["agreement"] = [
                _(
                    "Thỏa thuận không thuộc tìm kiếm này: chọn thỏa thuận của tỉnh tìm đối tác với quốc gia "
                    "của tìm kiếm hoặc với ứng viên được đề xuất."
                )
            ]
    elif not text:
        errors["reason"] = [_("Ghi thỏa thuận đạt được hoặc lý do đóng.")]
    day = closed_on or _today()
    if day > _today():
        errors["closed_on"] = [_("Ngày đóng không được sau hôm nay.")]
    elif search.opened_on and day < search.opened_on:
        errors["closed_on"] = [_("Ngày đóng phải từ ngày đăng trở đi.")]
    _fail(errors, _("Chưa đóng được tìm kiếm."))
    before = audit.snapshot(search)
    search.state = S.CLOSED
    search.closed_on = day
    search.outcome_agreement = agreement
    search.close_reason = text
    search.updated_by = _user(actor)
    save_versioned(search, None)
    audit.record(
        actor=actor, action="partner_search.close", target=search, before=before, after=audit.snapshot(search)
    )
    return search


@transaction.atomic
def search_delete(*, actor: Actor, search_id: int, expected_version: int | None) -> None:
    search = _locked(actor, Action.DELETE, search_id, expected_version)
    before = audit.snapshot(search)
    search.deleted_at = timezone.now()
    save_versioned(search, None)
    audit.record(actor=actor, action="partner_search.delete", target=search, before=before)


# --- proposals ---


@dataclass(frozen=True)
class ProposalInput:
    partner: int | None = None  # outbound: a directory partner
    province: str = ""  # inbound: a province code
    new_name: str = ""  # outbound: a candidate not yet in the directory, created (shared) by the proposer
    new_kind: str = ""
    new_country: str = ""
    note: str = ""
    from_suggestion: bool = False


def _new_partner(actor: Actor, data: ProposalInput, errors: dict[str, list[str]]) -> Partner | None:
    from ngoaivu.directory import services as directory_services

    name = checked_text(errors, "new_name", data.new_name, max_length(Partner, "name"), one_line=True)
    if data.new_kind not in Partner.Kind.values:
        errors["new_kind"] = [_("Chọn loại đối tác.")]
    country = Country.objects.filter(iso2=clean_line(data.new_country).upper()[:2]).exclude(iso2="VN").first()
    if country is None:
        errors["new_country"] = [_("Chọn quốc gia của đối tác.")]
    if errors:
        return None
    assert country is not None
    try:
        return directory_services.partner_create(
            actor=actor,  # type: ignore[arg-type]
            data={"kind": data.new_kind, "name": name, "country_id": country.pk, "visibility": "shared"},
        )
    except ServiceError as exc:
        for key, problems in exc.errors.items():
            errors[f"new_{key}" if not key.startswith("new_") else key] = problems
        return None


@transaction.atomic
def proposal_create(
    *, actor: Actor, search_id: int, expected_version: int | None, data: ProposalInput
) -> Proposal:
    """A mission or the ministry proposes a candidate for an open search it can read: a directory partner
    (shared, or the search owner's, so the owner can read it), a new one typed in (created in the directory,
    shared, by the proposer), or for an inbound search a Vietnamese province."""
    search = _locked(actor, Action.VIEW, search_id, expected_version)
    if not _is_system(actor) and not may_propose(actor, search):
        if search.state != S.OPEN:
            raise StateConflict(_("Chỉ đề xuất được cho tìm kiếm đang mở."))
        raise Forbidden()
    org_id = actor.scope.org_id if not _is_system(actor) else search.owner_org_id
    if org_id is None:
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    note = checked_text(errors, "note", data.note, 3000)
    partner = province = None
    if search.direction == D.INBOUND:
        province = Province.objects.filter(code=clean_line(data.province)[:2]).first()
        if province is None:
            errors["province"] = [_("Chọn tỉnh, thành phố đề xuất.")]
        elif search.proposals.filter(province=province).exists():
            errors["province"] = [_("Tỉnh này đã được đề xuất cho tìm kiếm.")]
    elif data.partner is not None:
        partner = (
            _partners(actor)
            .filter(pk=data.partner)
            .filter(models.Q(visibility="shared") | models.Q(owner_org_id=search.owner_org_id))
            .first()
        )
        if partner is None:
            errors["partner"] = [
                _(
                    "Đối tác không có trong danh bạ, bạn không xem được, hoặc chưa chia sẻ nên tỉnh không xem được."
                )
            ]
        elif search.proposals.filter(partner=partner).exists():
            errors["partner"] = [_("Đối tác này đã được đề xuất cho tìm kiếm.")]
    elif clean_line(data.new_name):
        if _is_system(actor):
            raise Forbidden()
        partner = _new_partner(actor, data, errors)
    else:
        errors["partner"] = [_("Chọn một đối tác trong danh bạ hoặc nhập tên đối tác mới.")]
    _fail(errors, _("Chưa đề xuất được ứng viên."))
    proposal = Proposal(
        search=search,
        partner=partner,
        province=province,
        note=note,
        from_suggestion=data.from_suggestion,
        proposer_org_id=org_id,
        proposed_by=_user(actor),
        proposed_on=_today(),
    )
    proposal.full_clean(exclude=["search", "proposer_org", "proposed_by"])
    proposal.save()
    save_versioned(search, None)  # the search's version follows its proposals (If-Match)
    audit.record(
        actor=actor,
        action="partner_proposal.create",
        target=proposal,
        parent=search,
        after=audit.snapshot(proposal),
        target_org_id=search.owner_org_id,
    )
    enqueue_on_commit("ngoaivu.partnering.tasks.notify_proposal", proposal.pk)
    return proposal


def notify_proposed(proposal_id: int) -> int:
    """After a candidate is proposed: the search owner's staff (the seeking province, or the mission that
    entered an inbound search) are told in the app, except whoever proposed it. The title names the search and
    the proposing organisation, not the candidate (read it on the page, masked if need be). Once per proposal."""
    proposal = Proposal.objects.filter(pk=proposal_id).select_related("search", "proposer_org").first()
    if proposal is None or proposal.search.deleted_at is not None:
        return 0
    search = proposal.search
    return notify(
        users=[u for u in staff_of(search.owner_org_id) if u.pk != proposal.proposed_by_id],
        kind="partner_proposal",
        title=rendered_later(
            gettext_noop("Ứng viên mới cho tìm kiếm đối tác “%(t)s”, do %(o)s đề xuất"),
            t=search.title[:200],
            o=proposal.proposer_org.name_vi,
        ),
        url=f"{search.get_absolute_url()}#prop-h",
        dedupe_key=f"partner-proposal-{proposal.pk}",
    )


REMIND_DAYS_BEFORE = 7  # the owner is reminded once when the end date is this near
REMIND_DAYS_AFTER = 7  # and once on the end date; a search already this late when the job first runs is left


def remind_search_deadlines(today: dt.date | None = None) -> dict[str, int]:
    """Idempotent job: an open search's owner staff are reminded once when its `open_until` is within
    REMIND_DAYS_BEFORE days ("soon") and once when the day is reached ("due": close it with an outcome or move
    the date). One notification per person, search, end date and step (dedupe key), so a new date reminds again."""
    today = today or _today()
    counts = {"soon": 0, "due": 0}
    searches = (
        PartnerSearch.objects.system(reason="partner search deadline reminders")
        .filter(
            deleted_at__isnull=True,
            state=S.OPEN,
            open_until__gte=today - dt.timedelta(days=REMIND_DAYS_AFTER),
            open_until__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        )
        .order_by("open_until", "pk")
    )
    staff: dict[int, list[Any]] = {}
    for search in searches.iterator(chunk_size=500):
        assert search.open_until is not None
        left = (search.open_until - today).days
        step = "soon" if left > 0 else "due"
        if search.owner_org_id not in staff:
            staff[search.owner_org_id] = staff_of(search.owner_org_id)
        counts[step] += notify(
            users=staff[search.owner_org_id],
            kind="partner_search_deadline",
            title=rendered_later(
                gettext_noop("Tìm kiếm đối tác “%(t)s” còn %(n)d ngày (tìm đến %(d)s)")
                if step == "soon"
                else gettext_noop("Tìm kiếm đối tác “%(t)s” đã đến hạn %(d)s: đóng với kết quả hoặc gia hạn"),
                t=search.title[:200],
                n=left,
                d=search.open_until.strftime("%d/%m/%Y"),
            ),
            url=search.get_absolute_url(),
            dedupe_key=f"partner-search-{search.pk}-{search.open_until.isoformat()}-{step}",
        )
    return counts


@transaction.atomic
def proposal_move(
    *,
    actor: Actor,
    search_id: int,
    proposal_id: int,
    expected_version: int | None,
    to: str,
    on: dt.date | None = None,
    reason: str = "",
) -> Proposal:
    """The search's owner moves a proposal one step (proposed → shortlisted → contacted → met → agreement) or
    declines it with a reason; the day is recorded in the state's date. Whoever proposed a candidate never
    shortlists it (four eyes)."""
    search = _locked(actor, Action.CHANGE, search_id, expected_version)
    if search.state != S.OPEN:
        raise StateConflict(_("Tìm kiếm không còn mở: không chuyển được trạng thái ứng viên."))
    proposal = search.proposals.select_for_update().filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound()
    errors: dict[str, list[str]] = {}
    if to not in P.values or to == P.PROPOSED:
        errors["to"] = [_("Trạng thái không hợp lệ.")]
        _fail(errors, _("Chưa chuyển được trạng thái."))
    current = P(proposal.state)
    if current in (P.AGREEMENT, P.DECLINED):
        raise StateConflict(_("Ứng viên đã ở trạng thái cuối: %(s)s.") % {"s": current.label})
    if to != P.DECLINED and NEXT_STATE.get(current) != to:
        raise StateConflict(
            _("Từ “%(a)s” chỉ chuyển được sang “%(b)s” hoặc “không tiếp tục”.")
            % {"a": current.label, "b": NEXT_STATE[current].label}
        )
    if to == P.SHORTLISTED and proposal.proposed_by_id is not None and proposal.proposed_by_id == actor.pk:
        raise StateConflict(_("Người đề xuất không tự đưa ứng viên của mình vào danh sách ngắn."))
    text = checked_text(errors, "reason", reason, 2000)
    if to == P.DECLINED and not text:
        errors["reason"] = [_("Ghi lý do không tiếp tục.")]
    day = on or _today()
    latest = max(
        d
        for d in (proposal.proposed_on, proposal.shortlisted_on, proposal.contacted_on, proposal.met_on)
        if d
    )
    if day > _today():
        errors["on"] = [_("Ngày không được sau hôm nay.")]
    elif day < latest:
        errors["on"] = [_("Ngày phải từ %(d)s trở đi.") % {"d": latest.strftime("%d/%m/%Y")}]
    _fail(errors, _("Chưa chuyển được trạng thái."))
    before = audit.snapshot(proposal)
    proposal.state = to
    setattr(proposal, DATE_FIELD[P(to)], day)
    if to == P.DECLINED:
        proposal.decline_reason = text
    proposal.save()
    search.updated_by = _user(actor)
    save_versioned(search, None)
    audit.record(
        actor=actor,
        action=f"partner_proposal.{to}",
        target=proposal,
        parent=search,
        before=before,
        after=audit.snapshot(proposal),
        target_org_id=search.owner_org_id,
    )
    return proposal


@transaction.atomic
def weight_update(*, actor: Actor, key: str, weight: int) -> Any:
    """A weight of the suggestion score, changed by a site administrator (audited); ranking follows at once."""
    from ngoaivu.partnering.models import SuggestionWeight

    if not _is_system(actor) and not actor.scope.is_site_admin:
        raise Forbidden()
    row = SuggestionWeight.objects.select_for_update().filter(key=clean_line(key or "")[:40]).first()
    if row is None:
        raise ServiceError(_("Chưa lưu được trọng số."), {"key": [_("Không có trọng số này.")]})
    if not 0 <= weight <= 100:
        raise ServiceError(_("Chưa lưu được trọng số."), {"weight": [_("Trọng số từ 0 đến 100.")]})
    before = audit.snapshot(row)
    row.weight = weight
    row.save(update_fields=["weight"])
    audit.record(
        actor=actor, action="suggestion_weight.update", target=row, before=before, after=audit.snapshot(row)
    )
    return row
