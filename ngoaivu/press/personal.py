"""Reporters of a press visit and their personal data (passport number, birth date): who may read them
unmasked (like delegation members: the host province's people, the head who answered, site administrators),
the masked view everyone else gets, the access log of every unmasked read, and the purge job that anonymises
them `press_personal_data_retention` months after the visit ends."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.inputs import checked_text
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text
from ngoaivu.directory.models import Country
from ngoaivu.press import deadlines
from ngoaivu.press.models import PressVisit, Reporter

MAX_REPORTERS = 200
"""Reporters of one visit: a team is a handful; a file with more is a mistake."""


def _today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class ReporterInput:
    full_name: str
    role: str = "reporter"
    nationality: str = ""  # ISO alpha-2
    passport_number: str = ""
    birth_date: dt.date | None = None


def may_see_personal_data(user: Actor, visit: PressVisit) -> bool:
    """The host province's people, the head who answered the application and site administrators
    (DOMAIN.md §2: "shown in full only to the owning province, its approvers and admins")."""
    scope = user.scope
    if not scope.active:
        return False
    if scope.is_site_admin or scope.org_id == visit.owner_org_id:
        return True
    return visit.answered_by_id is not None and visit.answered_by_id == user.pk


def mask(value: str, keep: int = 2) -> str:
    if not value:
        return ""
    return "•" * max(len(value) - keep, 3) + value[-keep:] if len(value) > keep else "•" * 4


@dataclass(frozen=True)
class ReporterView:
    reporter: Reporter
    passport_number: str
    birth_date: str
    masked: bool


def _dmy(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def reporter_views(*, user: Actor, visit: PressVisit, unmasked: bool) -> list[ReporterView]:
    """The visit's reporters as the user may read them: masked unless `unmasked` was asked by someone with the
    right (the caller logs that read with `personal_data_read`)."""
    show = unmasked and may_see_personal_data(user, visit)
    rows = []
    for r in visit.reporters.all():
        if show:
            rows.append(ReporterView(r, r.passport_number, _dmy(r.birth_date), False))
        else:
            birth = f"••/••/{r.birth_date[:4]}" if r.birth_date and len(r.birth_date) >= 4 else ""
            rows.append(ReporterView(r, mask(r.passport_number), birth if r.birth_date else "", True))
    return rows


def personal_data_read(*, user: Actor, visit: PressVisit, path: str, purpose: str) -> None:
    """Every unmasked read of reporters' personal data is logged (who, which visit, why, from where)."""
    if not may_see_personal_data(user, visit):
        raise Forbidden()
    audit.access(
        kind=AccessEvent.Kind.PERSONAL_DATA,
        user=user,
        path=path[:500],
        detail=f"press visit {visit.pk}: {purpose}"[:500],
    )


def check_reporter(
    data: ReporterInput, countries: dict[str, Country]
) -> tuple[dict[str, object], dict[str, list[str]]]:
    """A reporter's values and the problems found, each under its field (for the form, the API and each row of
    an Excel file); `countries` by ISO alpha-2."""
    errors: dict[str, list[str]] = {}
    values: dict[str, object] = {
        "full_name": checked_text(errors, "full_name", data.full_name, 200, required=True, one_line=True),
        "role": data.role,
    }
    if data.role not in Reporter.Role.values:
        errors["role"] = [_("Chức danh không có trong danh mục.")]
    iso = clean_text(data.nationality).strip().upper()
    values["nationality"] = None
    if iso:
        found = countries.get(iso)
        if found is None:
            typed = clean_text(data.nationality).strip()[:40]
            errors["nationality"] = [_("“%(c)s” không có trong danh mục quốc gia.") % {"c": typed}]
        values["nationality"] = found
    passport = "".join(clean_text(data.passport_number).split()).upper()
    if passport and not (5 <= len(passport) <= 20 and passport.isalnum() and passport.isascii()):
        errors["passport_number"] = [_("5–20 chữ cái hoặc chữ số.")]
    values["passport_number"] = passport
    birth = data.birth_date
    if birth is not None and not (dt.date(1900, 1, 1) <= birth <= _today()):
        errors["birth_date"] = [_("Không hợp lệ (từ 1900 đến hôm nay).")]
    values["birth_date"] = birth.isoformat() if birth is not None else ""
    return values, errors


def _country_map() -> dict[str, Country]:
    return {c.iso2: c for c in Country.objects.all()}


@transaction.atomic
def reporters_add(
    *, actor: Actor, visit_id: int, rows: list[ReporterInput], source: str = "form"
) -> list[Reporter]:
    """Add reporters to a visit, all or nothing: any row's problem refuses them all, named by row."""
    visit = get_for_action(PressVisit, actor, Action.CHANGE, pk=visit_id)
    if visit.personal_data_purged_on is not None:
        raise ServiceError(_("Dữ liệu cá nhân của đoàn này đã được xóa theo thời hạn lưu giữ."))
    existing = visit.reporters.count()
    if existing + len(rows) > MAX_REPORTERS:
        raise ServiceError(
            _("Một đoàn có tối đa %(n)d phóng viên.") % {"n": MAX_REPORTERS},
            {"reporters": [_("Tối đa %(n)d phóng viên.") % {"n": MAX_REPORTERS}]},
        )
    countries = _country_map()
    made: list[Reporter] = []
    problems: dict[str, list[str]] = {}
    for i, row in enumerate(rows, start=1):
        values, errors = check_reporter(row, countries)
        for field, messages in errors.items():
            key = field if len(rows) == 1 else f"reporters.{i}.{field}"
            problems.setdefault(key, []).extend(messages)
        made.append(Reporter(visit=visit, **values))  # type: ignore[arg-type]
    if problems:
        raise ServiceError(_("Chưa lưu được phóng viên."), problems)
    Reporter.objects.bulk_create(made)
    audit.record(
        actor=actor,
        action="press_visit.reporters_add",
        target=visit,
        before={"reporters": existing},
        after={"reporters": existing + len(made), "source": source, "personal_data": audit.REDACTED},
    )
    return made


# --- the purge job --------------------------------------------------------------------------------------------


def purge_personal_data(today: dt.date | None = None) -> dict[str, int]:
    """Anonymise reporters' passport numbers and birth dates of visits that ended longer ago than the retention
    rule, and drop the rows of Excel files kept for preview. Names and roles stay: they are the record."""
    today = today or _today()
    cutoff = deadlines.retention_cutoff(today)
    counts = {"visits": 0, "reporters": 0}
    due = PressVisit.objects.system(reason="personal data retention").filter(
        ends_on__lt=cutoff, personal_data_purged_on__isnull=True
    )
    for visit in due.iterator():
        with transaction.atomic():
            n = Reporter.objects.filter(visit=visit, anonymised_on__isnull=True).update(
                passport_number="", birth_date="", anonymised_on=today
            )
            visit.imports.update(rows="")
            PressVisit.objects.system(reason="personal data retention").filter(pk=visit.pk).update(
                personal_data_purged_on=today, updated_at=timezone.now()
            )
            audit.record(
                actor=audit.SYSTEM,
                action="press_visit.personal_data_purge",
                target=visit,
                before={"reporters_personal_data": audit.REDACTED},
                after={"reporters_personal_data": "", "reporters_anonymised": n},
            )
        counts["visits"] += 1
        counts["reporters"] += n
    return counts
