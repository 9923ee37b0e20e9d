from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.models import CalendarDay
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, fold, search_key, vi_sort_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory import selectors
from ngoaivu.directory.models import Contact, Country, FormerProvince, Partner, Province

MERGER_DATE = dt.date(2025, 7, 1)

PARTNER_FIELDS = (
    "kind",
    "name",
    "name_vi",
    "abbreviation",
    "country_id",
    "sector",
    "website",
    "address",
    "description",
    "visibility",
)
CONTACT_FIELDS = ("family_name", "given_name", "title", "languages", "email", "phone", "consent", "purpose")


@dataclass(frozen=True)
class Locality:
    """A locality as named in a record, and the current province it belongs to."""

    name: str
    former: FormerProvince | None
    province: Province


def province_resolve(name: str, *, as_of: dt.date | None = None) -> Locality | None:
    """Resolve a province name (with or without diacritics, prefixes or aliases) to the unit of the era.

    Before 1 July 2025 a name means the former province; from then on the current one. A name that
    exists only in one era resolves there whatever the date (e.g. "Vĩnh Phúc" in 2026 → Phú Thọ).
    """
    key = fold(name)
    for prefix in ("thanh pho ", "tp. ", "tp ", "tinh "):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    key = key.strip(" .")
    if not key:
        return None
    day = as_of or timezone.localdate()
    former = selectors.former_province_by_key(key)
    current = selectors.province_by_key(key)
    if day < MERGER_DATE and former is not None:
        return Locality(former.name, former, former.successor)
    if current is not None:
        return Locality(current.name, None, current)
    if former is not None:
        return Locality(former.name, former, former.successor)
    return None


def _clean_changes(changes: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    if extra := set(changes) - set(allowed):
        raise ServiceError(
            _("Không được sửa trường: %(f)s") % {"f": ", ".join(sorted(extra))},
            {f: [_("Trường không được phép.")] for f in sorted(extra)},
        )
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in changes.items()}


def _full_clean(obj: Any) -> None:
    try:
        obj.full_clean(exclude=["owner_org", "created_by", "updated_by"])
    except ValidationError as exc:
        raise ServiceError(
            _("Dữ liệu chưa hợp lệ."), {k: list(v) for k, v in exc.message_dict.items()}
        ) from exc


def _index_partner(partner: Partner) -> None:
    country = partner.country
    partner.search_text = search_key(
        partner.name,
        partner.name_vi,
        partner.abbreviation,
        partner.sector,
        country.name_vi,
        country.name_en,
        country.iso2,
    )
    partner.sort_key = vi_sort_key(partner.name_vi or partner.name)


def partner_duplicates(
    *, user: Actor, name: str, country_id: int | None, exclude_pk: int | None = None
) -> list[Partner]:
    return selectors.partner_similar(user=user, name=name, country_id=country_id, exclude_pk=exclude_pk)


@transaction.atomic
def partner_create(*, actor: User, data: dict[str, Any]) -> Partner:
    scope = actor.scope
    if not scope.can_write or scope.org_id is None:
        raise Forbidden()
    data = _clean_changes(data, PARTNER_FIELDS)
    country = selectors.country_get_optional(data.get("country_id"))
    if country is None:
        raise ServiceError(
            _("Dữ liệu chưa hợp lệ."), {"country": [_("Chọn một quốc gia có trong danh mục.")]}
        )
    partner = Partner(owner_org_id=scope.org_id, created_by=actor, updated_by=actor, **data)
    partner.country = country
    _full_clean(partner)
    _index_partner(partner)
    save_versioned(partner, None)
    audit.record(actor=actor, action="partner.create", target=partner, after=audit.snapshot(partner))
    return partner


@transaction.atomic
def partner_update(
    *, actor: User, partner_id: int, expected_version: int | None, changes: dict[str, Any]
) -> Partner:
    partner = get_for_action(Partner, actor, Action.CHANGE, pk=partner_id)
    changes = _clean_changes(changes, PARTNER_FIELDS)
    if "country_id" in changes and selectors.country_get_optional(changes["country_id"]) is None:
        raise ServiceError(
            _("Dữ liệu chưa hợp lệ."), {"country": [_("Chọn một quốc gia có trong danh mục.")]}
        )
    before = audit.snapshot(partner)
    for field, value in changes.items():
        setattr(partner, field, value)
    partner.updated_by = actor
    if "country_id" in changes:
        partner.country = Country.objects.get(pk=changes["country_id"])
    _full_clean(partner)
    _index_partner(partner)
    save_versioned(partner, expected_version)
    audit.record(
        actor=actor, action="partner.update", target=partner, before=before, after=audit.snapshot(partner)
    )
    return partner


@transaction.atomic
def partner_delete(*, actor: User, partner_id: int, expected_version: int | None) -> None:
    partner = get_for_action(Partner, actor, Action.DELETE, pk=partner_id)
    before = audit.snapshot(partner)
    partner.deleted_at = timezone.now()
    partner.updated_by = actor
    save_versioned(partner, expected_version)
    audit.record(
        actor=actor, action="partner.delete", target=partner, before=before, after=audit.snapshot(partner)
    )


CONTACT_PERSONAL_FIELDS = frozenset({"email", "phone"})


def _validate_contact(contact: Contact) -> None:
    """Field rules, then the consent rule: no e-mail or phone kept without the person's consent."""
    _full_clean(contact)
    if (contact.email or contact.phone) and not contact.consent:
        raise ServiceError(
            _("Dữ liệu chưa hợp lệ."),
            {"consent": [_("Cần có sự đồng ý của người liên hệ trước khi lưu thư điện tử hoặc điện thoại.")]},
        )


def _index_contact(contact: Contact) -> None:
    contact.search_text = search_key(contact.family_name, contact.given_name, contact.title, contact.email)
    contact.sort_key = vi_sort_key(f"{contact.given_name} {contact.family_name}")


@transaction.atomic
def contact_create(*, actor: User, partner_id: int, data: dict[str, Any]) -> Contact:
    partner = get_for_action(Partner, actor, Action.VIEW, pk=partner_id)
    scope = actor.scope
    if not scope.can_write or scope.org_id is None:
        raise Forbidden()
    data = _clean_changes(data, CONTACT_FIELDS)
    contact = Contact(partner=partner, owner_org_id=scope.org_id, created_by=actor, updated_by=actor, **data)
    _validate_contact(contact)
    _index_contact(contact)
    save_versioned(contact, None)
    audit.record(
        actor=actor,
        action="contact.create",
        target=contact,
        parent=partner,
        after=audit.snapshot(contact, redact=CONTACT_PERSONAL_FIELDS),
    )
    return contact


@transaction.atomic
def contact_update(
    *, actor: User, contact_id: int, expected_version: int | None, changes: dict[str, Any]
) -> Contact:
    contact = get_for_action(Contact, actor, Action.CHANGE, pk=contact_id)
    changes = _clean_changes(changes, CONTACT_FIELDS)
    redact = CONTACT_PERSONAL_FIELDS
    before = audit.snapshot(contact, redact=redact)
    for field, value in changes.items():
        setattr(contact, field, value)
    contact.updated_by = actor
    _validate_contact(contact)
    _index_contact(contact)
    save_versioned(contact, expected_version)
    audit.record(
        actor=actor,
        action="contact.update",
        target=contact,
        parent=contact.partner,
        before=before,
        after=audit.snapshot(contact, redact=redact),
    )
    return contact


@transaction.atomic
def contact_delete(*, actor: User, contact_id: int, expected_version: int | None) -> None:
    contact = get_for_action(Contact, actor, Action.DELETE, pk=contact_id)
    redact = CONTACT_PERSONAL_FIELDS
    before = audit.snapshot(contact, redact=redact)
    contact.deleted_at = timezone.now()
    save_versioned(contact, expected_version)
    audit.record(
        actor=actor,
        action="contact.delete",
        target=contact,
        parent=contact.partner,
        before=before,
        after=audit.snapshot(contact, redact=redact),
    )


@transaction.atomic
def calendar_day_set(*, actor: Actor, day: dt.date, kind: str, name: str, source: str = "") -> CalendarDay:
    """Add or change one exception in the working-day calendar (administrators and commands)."""
    if not (getattr(actor, "is_authenticated", False) is False or actor.scope.is_site_admin):
        raise Forbidden()
    name = clean_text(name)
    errors: dict[str, list[str]] = {}
    if kind not in CalendarDay.Kind.values:
        errors["kind"] = [_("Loại ngày không hợp lệ.")]
    if not name:
        errors["name"] = [_("Tên ngày không được để trống.")]
    if kind == CalendarDay.Kind.MAKEUP_WORKING and day.weekday() < 5:
        errors["date"] = [_("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")]
    if errors:
        raise ServiceError(_("Dữ liệu chưa hợp lệ."), errors)
    obj = CalendarDay.objects.filter(date=day).first()
    before = audit.snapshot(obj)
    if obj is None:
        obj = CalendarDay(date=day)
    obj.kind, obj.name, obj.source = kind, name, clean_text(source)
    obj.seeded = False  # an administrator's row: `load_reference` leaves it as it is
    obj.save()
    audit.record(
        actor=actor,
        action="calendar_day.update" if before else "calendar_day.create",
        target=obj,
        before=before,
        after=audit.snapshot(obj),
    )
    return obj


@transaction.atomic
def remind_calendar_missing(today: dt.date | None = None) -> dict[str, int]:
    """Periodic job: while this year, or from 1 October next year, has no public holidays in the working-day
    calendar, the site administrators are reminded (in the app and by e-mail) once per ISO week: deadlines in
    such a year are only counted on weekdays and shown "tạm tính"."""
    from django.urls import reverse
    from django.utils.translation import gettext_noop

    from ngoaivu.accounts.models import User
    from ngoaivu.accounts.notifications import notify, rendered_later
    from ngoaivu.core.selectors import calendar_missing_years

    today = today or timezone.localdate()
    missing = calendar_missing_years(today)
    if not missing:
        return {"missing_years": 0, "notified": 0}
    years = ", ".join(str(y) for y in missing)
    iso_year, week, _day = today.isocalendar()
    notified = notify(
        users=User.objects.filter(is_superuser=True, is_active=True),
        kind="calendar_missing",
        title=rendered_later(
            gettext_noop(
                "Lịch làm việc chưa có ngày nghỉ lễ năm %(years)s: hạn rơi vào năm đó đang được tính tạm "
                "(chỉ thứ Hai–thứ Sáu). Cập nhật gói holidays hoặc thêm ngày nghỉ."
            ),
            years=years,
        ),
        url=f"{reverse('directory:calendar')}?year={missing[0]}",
        dedupe_key=f"calendar-missing-{'-'.join(str(y) for y in missing)}-{iso_year}W{week:02d}",
    )
    return {"missing_years": len(missing), "notified": notified}
