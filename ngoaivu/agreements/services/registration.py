"""Registering agreements: the input a form, the API or an import row gives, its validation, who owns the
record, and create/update of the register fields (the state moves only through `legal_steps`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.agreements.models import Agreement, AgreementKind, CooperationField, DeadlineRule, LegalStep
from ngoaivu.agreements.services.common import local_today, max_length, open_step, record_event
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key, vi_sort_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, Partner, Province
from ngoaivu.directory.services import Locality, province_resolve

A = Agreement.State
LIMITS = {  # the model's max_length; the message is the service's (the whole form is checked at once)
    name: max_length(Agreement, name)
    for name in (
        "title_vi",
        "title_foreign",
        "foreign_language",
        "vn_party",
        "description",
        "signed_place",
        "renewal_terms",
        "signatories_vn",
        "signatories_foreign",
    )
}
# the years a signing or validity date may fall in (the State's first agreements … a long validity); the
# registration form refuses the same years field by field
REGISTER_YEARS = (1945, 2200)
INITIAL_STATES = (A.PROPOSED, A.SIGNED, A.REPORTED, A.IN_IMPLEMENTATION, A.EXPIRED, A.TERMINATED)


@dataclass(frozen=True)
class AgreementInput:
    """What a user (form, API or import row) says about an agreement. `province` is the name as written at
    signing, with or without diacritics; empty means the actor's own province."""

    kind: str
    title_vi: str
    country: str
    province: str = ""
    title_foreign: str = ""
    foreign_language: str = ""
    vn_party: str = ""
    partner_ids: tuple[int, ...] = ()
    fields: tuple[str, ...] = ()
    description: str = ""
    signed_on: dt.date | None = None
    signed_place: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    renewal_terms: str = ""
    signatories_vn: str = ""
    signatories_foreign: str = ""
    budget: decimal.Decimal | None = None
    visibility: str = Agreement.Visibility.SHARED
    state: str = A.PROPOSED


@dataclass
class Validated:
    values: dict[str, Any]
    partners: list[Partner] = field(default_factory=list)
    fields: list[CooperationField] = field(default_factory=list)


def validate_input(
    data: AgreementInput,
    actor: Actor,
    *,
    kinds: dict[str, AgreementKind] | None = None,
    countries: dict[str, Country] | None = None,
    fields_by_code: dict[str, CooperationField] | None = None,
    resolve_province: Callable[[str, dt.date | None], Locality | None] | None = None,
) -> tuple[Validated, dict[str, list[str]]]:
    """Check every field and return the values to write and per-field messages (in Vietnamese). The import
    passes preloaded lookups so that 10,000 rows do not make 30,000 queries."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, limit in LIMITS.items():
        text = clean_text(getattr(data, name))
        if len(text) > limit:
            errors[name] = [_("Tối đa %(n)d ký tự (hiện có %(m)d).") % {"n": limit, "m": len(text)}]
        values[name] = text
    if not values["title_vi"]:
        errors["title_vi"] = [_("Không được để trống.")]
    kind = (
        (kinds or {}).get(data.kind)
        if kinds is not None
        else AgreementKind.objects.filter(code=data.kind).first()
    )
    if kind is None:
        errors["kind"] = [_("Loại thỏa thuận “%(k)s” không có trong danh mục.") % {"k": data.kind}]
    values["kind"] = kind
    code = clean_text(data.country).upper()
    country = (
        (countries or {}).get(code) if countries is not None else Country.objects.filter(iso2=code).first()
    )
    if country is None:
        errors["country"] = [_("Quốc gia “%(c)s” không có trong danh mục.") % {"c": data.country}]
    values["country"] = country
    province_name = clean_text(data.province)
    own = actor.scope.province_code if actor.scope.is_province else ""
    resolve = resolve_province or (lambda name, when: province_resolve(name, as_of=when))
    locality = resolve(province_name, data.signed_on) if province_name else None
    if province_name and locality is None:
        errors["province"] = [_("Không tìm thấy tỉnh, thành phố “%(p)s”.") % {"p": province_name}]
    elif locality is None and own:
        current = Province.objects.filter(code=own).first()
        values.update(
            province=current, former_province=None, province_as_named=current.name if current else ""
        )
    elif locality is None:
        errors["province"] = [_("Ghi tên tỉnh, thành phố của bên Việt Nam.")]
    else:
        if own and locality.province.code != own:
            errors["province"] = [
                _("“%(p)s” nay thuộc %(c)s, không phải tỉnh của bạn.")
                % {"p": province_name, "c": locality.province.name}
            ]
        values.update(
            province=locality.province, former_province=locality.former, province_as_named=locality.name
        )
    if data.state not in INITIAL_STATES:
        errors["state"] = [_("Trạng thái ban đầu không hợp lệ: %(s)s.") % {"s": data.state}]
    values["state"] = data.state
    signed_states = (A.SIGNED, A.REPORTED, A.IN_IMPLEMENTATION, A.EXPIRED, A.TERMINATED)
    if data.state in signed_states and data.signed_on is None:
        errors["signed_on"] = [_("Thỏa thuận đã ký phải có ngày ký.")]
    if data.signed_on and data.signed_on > local_today():
        errors["signed_on"] = [_("Ngày ký không được ở tương lai.")]
    if data.state == A.PROPOSED and data.signed_on:
        values["state"] = A.IN_IMPLEMENTATION
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        errors["valid_until"] = [_("Ngày hết hiệu lực phải sau ngày có hiệu lực.")]
    for name in ("signed_on", "valid_from", "valid_until"):
        value = getattr(data, name)
        if value is not None and not REGISTER_YEARS[0] <= value.year <= REGISTER_YEARS[1]:
            errors[name] = [_("Ngày ngoài khoảng cho phép (1945–2200).")]  # = REGISTER_YEARS
        values[name] = value
    if data.budget is not None and (data.budget < 0 or data.budget >= 10**18):
        errors["budget"] = [_("Kinh phí không hợp lệ.")]
    values["budget"] = data.budget
    if data.visibility not in Agreement.Visibility.values:
        errors["visibility"] = [_("Phạm vi chia sẻ không hợp lệ.")]
    values["visibility"] = data.visibility
    if fields_by_code is None:
        fields_by_code = {f.code: f for f in CooperationField.objects.filter(code__in=data.fields)}
    unknown = [c for c in data.fields if c not in fields_by_code]
    if unknown:
        errors["fields"] = [_("Lĩnh vực không có trong danh mục: %(f)s") % {"f": ", ".join(unknown)}]
    partners: list[Partner] = []
    if data.partner_ids:
        partners = list(Partner.objects.visible_to(actor, Action.VIEW).filter(pk__in=data.partner_ids))
        if len(partners) != len(set(data.partner_ids)):
            errors["partners"] = [_("Có đối tác không tồn tại hoặc bạn không xem được.")]
    return Validated(
        values, partners, [fields_by_code[c] for c in data.fields if c in fields_by_code]
    ), errors


def index_agreement(agreement: Agreement, partners: list[Partner]) -> None:
    agreement.search_text = search_key(
        agreement.title_vi,
        agreement.title_foreign,
        agreement.vn_party,
        agreement.province_as_named,
        agreement.province.name,
        agreement.country.name_vi,
        agreement.country.name_en,
        agreement.signatories_vn,
        agreement.signatories_foreign,
        *(p.name for p in partners),
        *(p.name_vi for p in partners),
        *(p.abbreviation for p in partners),
    )
    agreement.sort_key = vi_sort_key(agreement.title_vi)


def owner_for(actor: Actor, province: Province) -> int:
    """The owning organisation is the actor's own province; a site administrator registers for the
    province the agreement belongs to."""
    scope = actor.scope
    if scope.is_province and scope.org_id is not None:  # a province's scope always names its organisation
        return scope.org_id
    org = Organisation.objects.filter(code=f"tinh-{province.code}", kind=Organisation.Kind.PROVINCE).first()
    if org is None:
        raise ServiceError(_("Chưa có đơn vị cho tỉnh %(p)s.") % {"p": province.name})
    return org.pk


def may_register(actor: Actor) -> bool:
    """Province officers and heads register (and import) their province's agreements; site admins any."""
    scope = actor.scope
    return bool(scope.can_write and (scope.is_province or scope.is_site_admin))


def _check_can_create(actor: Actor) -> None:
    if not may_register(actor):
        raise Forbidden()


def _after_create(agreement: Agreement, actor: User) -> None:
    """Registering an agreement that is already signed starts its post-signing report clock when that is
    still open, so the ministry sees it."""
    if agreement.state == A.SIGNED and agreement.kind.needs_pm_report and agreement.signed_on:
        open_step(
            agreement,
            LegalStep.Kind.POST_SIGNING_REPORT,
            _("Thủ tướng Chính phủ (gửi Bộ Ngoại giao)"),
            start=agreement.signed_on,
            rule_key=DeadlineRule.Key.POST_SIGNING_REPORT,
        )


@transaction.atomic
def agreement_create(*, actor: User, data: AgreementInput) -> Agreement:
    _check_can_create(actor)
    checked, errors = validate_input(data, actor)
    if errors:
        raise ServiceError(_("Chưa lưu được thỏa thuận."), errors)
    values = checked.values
    agreement = Agreement(
        owner_org_id=owner_for(actor, values["province"]), created_by=actor, updated_by=actor, **values
    )
    agreement.last_activity_on = agreement.signed_on or local_today()
    index_agreement(agreement, checked.partners)
    save_versioned(agreement, None)
    agreement.partners.set(checked.partners)
    agreement.fields.set(checked.fields)
    record_event(agreement, actor, "create", from_state="-")
    _after_create(agreement, actor)
    audit.record(actor=actor, action="agreement.create", target=agreement, after=audit.snapshot(agreement))
    return agreement


@transaction.atomic
def agreement_update(
    *, actor: User, agreement_id: int, expected_version: int | None, data: AgreementInput
) -> Agreement:
    """Edits the register fields; the state only moves through `agreement_action`."""
    agreement = get_for_action(Agreement, actor, Action.CHANGE, pk=agreement_id)
    # the state in the input is ignored here (it only matters when registering), whatever the current state
    checked, errors = validate_input(dataclasses.replace(data, state=A.PROPOSED), actor)
    if errors:
        raise ServiceError(_("Chưa lưu được thỏa thuận."), errors)
    before = audit.snapshot(agreement)
    values = {k: v for k, v in checked.values.items() if k != "state"}
    if agreement.is_signed and values.get("signed_on") is None:
        raise ServiceError(
            _("Chưa lưu được thỏa thuận."), {"signed_on": [_("Thỏa thuận đã ký phải có ngày ký.")]}
        )
    for k, v in values.items():
        setattr(agreement, k, v)
    agreement.updated_by = actor
    agreement.last_activity_on = max(agreement.last_activity_on or local_today(), local_today())
    index_agreement(agreement, checked.partners)
    save_versioned(agreement, expected_version)
    agreement.partners.set(checked.partners)
    agreement.fields.set(checked.fields)
    audit.record(
        actor=actor,
        action="agreement.update",
        target=agreement,
        before=before,
        after=audit.snapshot(agreement),
    )
    return agreement
