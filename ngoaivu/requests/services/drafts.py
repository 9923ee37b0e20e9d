"""Drafting a request: the province's draft, its edits, and the draft form's save with its attachments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_line, clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.delegations import services as delegation_services
from ngoaivu.directory.models import Country, Partner
from ngoaivu.market_access.models import Dossier
from ngoaivu.requests.models import Category, ServiceRequest, max_length
from ngoaivu.requests.services.attachments import attachment_add
from ngoaivu.requests.services.events import S, _event, _today

DRAFT_FIELDS = ("title", "description", "desired_result", "category", "priority", "wished_date")
LIMITS = {name: max_length(ServiceRequest, name) for name in ("title", "description", "desired_result")}


@dataclass(frozen=True)
class DraftInput:
    title: str
    description: str
    category: str
    recipients: list[str]
    desired_result: str = ""
    priority: str = "normal"
    wished_date: dt.date | None = None
    target_countries: tuple[str, ...] = ()
    target_partner_ids: tuple[int, ...] = ()
    visit_ask_id: int | None = None  # the ask of a leader's working visit this request comes from
    shared: bool | None = None  # shown to other provinces once answered; None keeps the draft's choice (API)
    market_dossier_ids: tuple[int, ...] | None = None  # None keeps the draft's links


def _market_dossiers(
    actor: User, req: ServiceRequest | None, ids: tuple[int, ...] | None
) -> list[int] | None:
    """The market-access dossiers to link, resolved through the dossiers' scope; those already linked that the
    actor cannot see stay linked. None: leave the links as they are."""
    if ids is None:
        return None
    wanted = set(ids)
    found = list(
        Dossier.objects.visible_to(actor, Action.VIEW).filter(pk__in=wanted).values_list("pk", flat=True)
    )
    if len(found) != len(wanted):
        message = _("Có hồ sơ mở cửa thị trường không tồn tại hoặc bạn không xem được.")
        raise ServiceError(_("Chưa lưu được đặt hàng."), {"market_dossiers": [message]})
    if req is not None and req.pk:
        seen = Dossier.objects.visible_to(actor, Action.VIEW).values("pk")
        found += list(req.market_dossiers.exclude(pk__in=seen).values_list("pk", flat=True))
    return found


def _validate_draft(
    data: DraftInput, actor: User
) -> tuple[dict[str, Any], list[Organisation], list[Country], list[Partner]]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name in ("title", "description", "desired_result"):
        text = clean_text(getattr(data, name))
        if name in ("title", "description") and not text:
            errors[name] = [_("Không được để trống.")]
        elif len(text) > LIMITS[name]:
            errors[name] = [_("Tối đa %(n)d ký tự (hiện có %(m)d).") % {"n": LIMITS[name], "m": len(text)}]
        values[name] = text
    category_code = clean_line(data.category)  # PostgreSQL refuses a NUL even in a lookup
    category = Category.objects.filter(code=category_code, is_active=True).first()
    if category is None:
        errors["category"] = [_("Lĩnh vực “%(c)s” không có trong danh mục.") % {"c": category_code}]
    values["category"] = category
    if data.priority not in ServiceRequest.Priority.values:
        errors["priority"] = [_("Mức độ không hợp lệ.")]
    values["priority"] = data.priority
    if data.wished_date and data.wished_date < _today():
        errors["wished_date"] = [_("Thời hạn mong muốn không được ở quá khứ.")]
    values["wished_date"] = data.wished_date
    codes = list(dict.fromkeys(clean_text(c) for c in data.recipients if clean_text(c)))
    orgs = list(
        Organisation.objects.filter(
            code__in=codes,
            is_active=True,
            kind__in=[Organisation.Kind.MOFA, Organisation.Kind.MOFA_UNIT, Organisation.Kind.MISSION],
        )
    )
    unknown = sorted(set(codes) - {o.code for o in orgs})
    if not codes:
        errors["recipients"] = [_("Chọn ít nhất một nơi nhận: Bộ Ngoại giao hoặc cơ quan đại diện.")]
    elif unknown:
        errors["recipients"] = [_("Nơi nhận không hợp lệ: %(c)s") % {"c": ", ".join(unknown)}]
    countries = list(Country.objects.filter(iso2__in=[c.upper() for c in data.target_countries]))
    if len(countries) != len(set(c.upper() for c in data.target_countries)):
        errors["target_countries"] = [_("Có mã quốc gia không có trong danh mục.")]
    partners = list(Partner.objects.visible_to(actor, Action.VIEW).filter(pk__in=data.target_partner_ids))
    if len(partners) != len(set(data.target_partner_ids)):
        errors["target_partners"] = [_("Có đối tác không tồn tại hoặc bạn không xem được.")]
    if errors:
        raise ServiceError(_("Chưa lưu được đặt hàng."), errors)
    return values, orgs, countries, partners


def _index(req: ServiceRequest, countries: list[Country]) -> None:
    req.search_text = search_key(
        req.number or "",
        req.title,
        req.description,
        req.desired_result,
        req.category.name_vi,
        *(c.name_vi for c in countries),
    )


@files.atomic()  # a failed write deletes the files it stored
def request_create(*, actor: User, data: DraftInput) -> ServiceRequest:
    """A draft by a province officer; the sending organisation is the actor's, never from input."""
    scope = actor.scope
    if not (scope.can_write and scope.is_province) or scope.org_id is None:
        raise Forbidden()
    values, orgs, countries, partners = _validate_draft(data, actor)
    dossiers = _market_dossiers(actor, None, data.market_dossier_ids)
    req = ServiceRequest(
        owner_org_id=scope.org_id,
        created_by=actor,
        updated_by=actor,
        draft_recipients=[o.code for o in orgs],
        shared=bool(data.shared),
        **values,
    )
    _index(req, countries)
    save_versioned(req, None)
    req.target_countries.set(countries)
    req.target_partners.set(partners)
    if dossiers:
        req.market_dossiers.set(dossiers)
    _event(req, actor, "create", to_status=S.DRAFT)
    audit.record(actor=actor, action="request.create", target=req, after=audit.snapshot(req))
    if data.visit_ask_id:
        delegation_services.visit_ask_link(
            actor=actor, ask_id=data.visit_ask_id, request_id=req.pk, request_number=req.number or ""
        )
    return req


@files.atomic()  # a failed write deletes the files it stored
def request_update_draft(
    *, actor: User, request_id: int, expected_version: int | None, data: DraftInput
) -> ServiceRequest:
    req = get_for_action(ServiceRequest, actor, Action.CHANGE, pk=request_id)
    if req.owner_org_id != actor.scope.org_id:
        raise Forbidden()
    if req.status != S.DRAFT:
        raise StateConflict(
            _("Chỉ sửa được đặt hàng ở trạng thái “Dự thảo” (hiện tại: %(s)s).")
            % {"s": req.get_status_display()}
        )
    values, orgs, countries, partners = _validate_draft(data, actor)
    dossiers = _market_dossiers(actor, req, data.market_dossier_ids)
    before = audit.snapshot(req)
    for k, v in values.items():
        setattr(req, k, v)
    req.draft_recipients = [o.code for o in orgs]
    if data.shared is not None:
        req.shared = data.shared
    req.updated_by = actor
    _index(req, countries)
    save_versioned(req, expected_version)
    req.target_countries.set(countries)
    req.target_partners.set(partners)
    if dossiers is not None:
        req.market_dossiers.set(dossiers)
    audit.record(actor=actor, action="request.update", target=req, before=before, after=audit.snapshot(req))
    return req


@files.atomic()
def draft_save(
    *,
    actor: User,
    request_id: int | None,
    data: DraftInput,
    expected_version: int | None = None,
    attachments: list[UploadedFile] | None = None,
) -> ServiceRequest:
    """The draft form: the draft and its attachments in one transaction. A refused file saves neither the
    draft nor the files before it (they were left committed and orphaned when these were two calls)."""
    if request_id is None:
        req = request_create(actor=actor, data=data)
    else:
        req = request_update_draft(
            actor=actor, request_id=request_id, expected_version=expected_version, data=data
        )
    if attachments:
        attachment_add(actor=actor, request_id=req.pk, files=attachments)
    return req
