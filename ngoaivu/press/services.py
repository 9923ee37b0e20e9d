"""Writes of foreign press visits: the visit, its workflow (the province's answer — four eyes —, start, finish,
report, cancel), its articles and the answer reminder job. Each: scope → validate → versioned write → audit
(the search index follows by signal). Reporters and their personal data: `press.personal`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError, StaleObject, StateConflict
from ngoaivu.core.inputs import checked_text, max_length
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, Province
from ngoaivu.directory.services import province_resolve
from ngoaivu.press import deadlines
from ngoaivu.press.models import DEFAULT_ISSUER, Article, PressVisit

V = PressVisit
S = PressVisit.Status
_text = checked_text
MAX_SPAN_DAYS = 366


def _today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class VisitInput:
    outlet: str
    country: str  # ISO alpha-2 of the press agency
    topic: str
    starts_on: dt.date
    ends_on: dt.date
    received_on: dt.date
    entry_on: dt.date | None = None
    places: str = ""
    province_as_named: str = ""  # the host province as named then; empty: the user's own
    provinces: tuple[str, ...] = ()  # other provinces on the route (current codes)
    licence_number: str = ""
    licence_date: dt.date | None = None
    licence_issuer: str = DEFAULT_ISSUER
    receiving_unit: str = ""
    accompanying_officer: str = ""
    outcome_summary: str = ""
    visibility: str = "shared"


@dataclass(frozen=True)
class ArticleInput:
    title: str
    outlet: str = ""
    published_on: dt.date | None = None
    url: str = ""


def may_register(actor: Actor) -> bool:
    """Province officers and heads register their province's visits (the ministry and missions read them)."""
    scope = actor.scope
    return bool(scope.can_write and scope.is_province)


def may_answer(actor: Actor, visit: PressVisit) -> bool:
    """A head of the host province who did not register the visit (four eyes)."""
    scope = actor.scope
    return bool(
        scope.can_approve
        and (scope.is_site_admin or scope.org_id == visit.owner_org_id)
        and actor.pk != visit.created_by_id
    )


def _limit(name: str) -> int:
    return max_length(PressVisit, name)


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def _locality(
    errors: dict[str, list[str]], actor: Actor, data: VisitInput, current: PressVisit | None
) -> dict[str, Any]:
    """The host province as named then and the current one, which must be the actor's own."""
    own = actor.scope.province_code
    name = clean_text(data.province_as_named)
    if not name:
        if current is not None:
            return {
                "province": current.province,
                "former_province": current.former_province,
                "province_as_named": current.province_as_named,
            }
        province = Province.objects.filter(code=own).first()
        if province is None:
            raise Forbidden()
        return {"province": province, "former_province": None, "province_as_named": province.name}
    locality = province_resolve(name, as_of=data.starts_on)
    if locality is None:
        errors["province_as_named"] = [_("Không tìm thấy tỉnh, thành phố “%(p)s”.") % {"p": name[:100]}]
        return {}
    if locality.province.code != own and not actor.scope.is_site_admin:
        errors["province_as_named"] = [
            _("“%(p)s” nay thuộc %(c)s, không phải tỉnh của bạn.")
            % {"p": name[:100], "c": locality.province.name}
        ]
        return {}
    return {
        "province": locality.province,
        "former_province": locality.former,
        "province_as_named": locality.name,
    }


def _values(
    actor: Actor, data: VisitInput, current: PressVisit | None
) -> tuple[dict[str, Any], list[Province]]:
    errors: dict[str, list[str]] = {}
    iso = clean_text(data.country).strip().upper()
    country = Country.objects.filter(iso2=iso).exclude(iso2="VN").first() if len(iso) == 2 else None
    if country is None:
        errors["country"] = [_("Chọn một quốc gia trong danh mục.")]
    if data.visibility not in V.Visibility.values:
        errors["visibility"] = [_("Phạm vi chia sẻ không hợp lệ.")]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("Phải từ ngày bắt đầu trở đi.")]
    elif (data.ends_on - data.starts_on).days > MAX_SPAN_DAYS:
        errors["ends_on"] = [_("Một chuyến tác nghiệp kéo dài tối đa 366 ngày.")]
    if data.entry_on is not None and data.entry_on > data.starts_on:
        errors["entry_on"] = [_("Phải trước hoặc bằng ngày bắt đầu tác nghiệp.")]
    if data.received_on > _today():
        errors["received_on"] = [_("Không được ở tương lai.")]
    elif data.received_on > data.starts_on:
        errors["received_on"] = [_("Phải trước ngày bắt đầu tác nghiệp.")]
    if data.licence_date is not None and data.licence_date > _today():
        errors["licence_date"] = [_("Không được ở tương lai.")]
    if data.licence_date is not None and not clean_text(data.licence_number):
        errors["licence_number"] = [_("Ghi số khi đã có ngày cấp phép.")]
    values: dict[str, Any] = {
        "outlet": _text(errors, "outlet", data.outlet, _limit("outlet"), required=True, one_line=True),
        "country": country,
        "topic": _text(errors, "topic", data.topic, _limit("topic"), required=True, one_line=True),
        "places": _text(errors, "places", data.places, _limit("places")),
        "entry_on": data.entry_on,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "received_on": data.received_on,
        "licence_number": _text(errors, "licence_number", data.licence_number, 60, one_line=True),
        "licence_date": data.licence_date,
        "licence_issuer": _text(
            errors, "licence_issuer", data.licence_issuer or DEFAULT_ISSUER, 300, one_line=True
        ),
        "receiving_unit": _text(errors, "receiving_unit", data.receiving_unit, 300, one_line=True),
        "accompanying_officer": _text(
            errors, "accompanying_officer", data.accompanying_officer, 200, one_line=True
        ),
        "outcome_summary": _text(errors, "outcome_summary", data.outcome_summary, 20000),
        "visibility": data.visibility,
    }
    values.update(_locality(errors, actor, data, current))
    codes = {clean_text(c).strip() for c in data.provinces if clean_text(c).strip()}
    provinces = list(Province.objects.filter(code__in=codes))
    unknown = codes - {p.code for p in provinces}
    if unknown:
        errors["provinces"] = [
            _("Mã tỉnh không có trong danh mục: %(c)s") % {"c": ", ".join(sorted(unknown))[:200]}
        ]
    if current is not None and current.answered_on is not None and data.received_on > current.answered_on:
        errors["received_on"] = [
            _("Phải trước hoặc bằng ngày trả lời (%(d)s).") % {"d": f"{current.answered_on:%d/%m/%Y}"}
        ]
    _fail(errors, _("Chưa lưu được đoàn phóng viên."))
    province = values["province"]
    if current is None or current.status == S.RECEIVED:
        # the answer due date and the late-application warning follow the application only while the province
        # has not answered: once answered they are history (a late answer stays late whatever is edited later)
        due, rule = deadlines.answer_due(province.code, data.received_on)
        check = deadlines.application_check(province.code, data.received_on, data.entry_on)
        values.update(answer_due_on=due, answer_rule=rule, application_late=check.late)
    return values, [p for p in provinces if p.pk != province.pk]


def _search_text(visit: PressVisit) -> str:
    return search_key(
        visit.outlet,
        visit.topic,
        visit.places,
        visit.province.name,
        visit.province_as_named,
        visit.country.name_vi,
        visit.country.name_en,
        visit.licence_number,
    )


def _check(visit: PressVisit) -> None:
    try:
        visit.full_clean(exclude=["owner_org", "created_by", "updated_by", "search_text", "answered_by"])
    except ValidationError as exc:
        raise ServiceError(_("Chưa lưu được đoàn phóng viên."), exc.message_dict) from exc


def _snapshot(visit: PressVisit, provinces: list[Province] | None = None) -> dict[str, Any]:
    codes = (
        [p.code for p in provinces]
        if provinces is not None
        else visit.provinces.values_list("code", flat=True)
    )
    return {**audit.snapshot(visit), "provinces": sorted(codes)}


@transaction.atomic
def visit_create(*, actor: Actor, data: VisitInput) -> PressVisit:
    if not may_register(actor):
        raise Forbidden()
    values, provinces = _values(actor, data, None)
    org_id = actor.scope.org_id
    if org_id is None:
        raise Forbidden()
    user_id = actor.pk if actor.is_authenticated else None
    visit = PressVisit(owner_org_id=org_id, created_by_id=user_id, updated_by_id=user_id, **values)
    visit.search_text = _search_text(visit)
    _check(visit)
    save_versioned(visit, None)
    visit.provinces.set(provinces)
    get_for_action(PressVisit, actor, Action.CHANGE, pk=visit.pk)  # still the actor's to change
    audit.record(actor=actor, action="press_visit.create", target=visit, after=_snapshot(visit, provinces))
    return visit


def _locked(actor: Actor, visit_id: int, expected_version: int | None) -> PressVisit:
    found = get_for_action(PressVisit, actor, Action.CHANGE, pk=visit_id)
    visit = PressVisit.objects.visible_to(actor, Action.CHANGE).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != visit.version:
        raise StaleObject(visit._meta.label, visit.pk, visit.version)
    return visit


@transaction.atomic
def visit_update(
    *, actor: Actor, visit_id: int, expected_version: int | None, data: VisitInput
) -> PressVisit:
    visit = _locked(actor, visit_id, expected_version)
    before = _snapshot(visit)
    values, provinces = _values(actor, data, visit)
    for k, v in values.items():
        setattr(visit, k, v)
    visit.updated_by_id = actor.pk if actor.is_authenticated else None
    visit.search_text = _search_text(visit)
    _check(visit)
    save_versioned(visit, expected_version)
    visit.provinces.set(provinces)
    audit.record(
        actor=actor,
        action="press_visit.update",
        target=visit,
        before=before,
        after=_snapshot(visit, provinces),
    )
    return visit


def input_of(visit: PressVisit) -> VisitInput:
    """The visit as a service input (the API's PATCH changes only the fields it sends)."""
    return VisitInput(
        outlet=visit.outlet,
        country=visit.country.iso2,
        topic=visit.topic,
        starts_on=visit.starts_on,
        ends_on=visit.ends_on,
        received_on=visit.received_on,
        entry_on=visit.entry_on,
        places=visit.places,
        province_as_named="",
        provinces=tuple(visit.provinces.values_list("code", flat=True)),
        licence_number=visit.licence_number,
        licence_date=visit.licence_date,
        licence_issuer=visit.licence_issuer,
        receiving_unit=visit.receiving_unit,
        accompanying_officer=visit.accompanying_officer,
        outcome_summary=visit.outcome_summary,
        visibility=visit.visibility,
    )


def with_changes(base: VisitInput, changes: Mapping[str, Any]) -> VisitInput:
    names = {f.name for f in dataclasses.fields(VisitInput)}
    return dataclasses.replace(base, **{k: v for k, v in changes.items() if k in names})


# --- workflow -------------------------------------------------------------------------------------------------

TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    # action: (from states, to state)
    "start": ((S.AGREED,), S.ONGOING),
    "finish": ((S.AGREED, S.ONGOING), S.DONE),
    "report": ((S.DONE,), S.REPORTED),
    "cancel": ((S.RECEIVED, S.AGREED, S.ONGOING), S.CANCELLED),
}


ACTION_CODES = {
    "start": "press_visit.start",
    "finish": "press_visit.finish",
    "report": "press_visit.report",
    "cancel": "press_visit.cancel",
}


def _conflict(visit: PressVisit) -> StateConflict:
    return StateConflict(
        _("Không thực hiện được: đoàn đang ở tình trạng “%(s)s”.") % {"s": visit.get_status_display()}
    )


@transaction.atomic
def visit_answer(
    *,
    actor: Actor,
    visit_id: int,
    expected_version: int | None,
    decision: str,
    note: str = "",
    answered_on: dt.date | None = None,
    licence_number: str = "",
    licence_date: dt.date | None = None,
) -> PressVisit:
    """The province's answer to the application, by a head who did not register the visit (four eyes):
    agreed (with the licence, when already issued) or declined (with a reason)."""
    visit = _locked(actor, visit_id, expected_version)
    if not may_answer(actor, visit):
        raise Forbidden()
    if visit.status != S.RECEIVED:
        raise _conflict(visit)
    errors: dict[str, list[str]] = {}
    if decision not in (S.AGREED, S.DECLINED):
        errors["decision"] = [_("Chọn đồng ý hoặc không đồng ý.")]
    day = answered_on or _today()
    if day > _today():
        errors["answered_on"] = [_("Không được ở tương lai.")]
    elif day < visit.received_on:
        errors["answered_on"] = [_("Phải từ ngày nhận hồ sơ trở đi.")]
    text = _text(errors, "note", note, 5000)
    if decision == S.DECLINED and not text:
        errors["note"] = [_("Ghi lý do không đồng ý.")]
    number = _text(errors, "licence_number", licence_number, 60, one_line=True)
    if licence_date is not None and not number:
        errors["licence_number"] = [_("Ghi số khi đã có ngày cấp phép.")]
    if licence_date is not None and licence_date > _today():
        errors["licence_date"] = [_("Không được ở tương lai.")]
    _fail(errors, _("Chưa ghi được ý kiến trả lời."))
    before = audit.snapshot(visit)
    visit.status = decision
    visit.answered_on = day
    visit.answered_by_id = actor.pk if actor.is_authenticated else None
    visit.answer_note = text
    if decision == S.AGREED and number:
        visit.licence_number = number
        visit.licence_date = licence_date
    visit.updated_by_id = visit.answered_by_id
    visit.search_text = _search_text(visit)
    save_versioned(visit, expected_version)
    audit.record(
        actor=actor, action="press_visit.answer", target=visit, before=before, after=audit.snapshot(visit)
    )
    return visit


@transaction.atomic
def visit_transition(
    *, actor: Actor, visit_id: int, expected_version: int | None, action: str, note: str = ""
) -> PressVisit:
    """start (agreed → ongoing), finish (→ done), report (done → reported), cancel (with a reason)."""
    if action not in TRANSITIONS:
        raise ServiceError(_("Thao tác không hợp lệ."), {"action": [_("Thao tác không hợp lệ.")]})
    visit = _locked(actor, visit_id, expected_version)
    sources, target = TRANSITIONS[action]
    if visit.status not in sources:
        raise _conflict(visit)
    errors: dict[str, list[str]] = {}
    text = _text(errors, "note", note, 5000)
    if action == "cancel" and not text:
        errors["note"] = [_("Ghi lý do hủy.")]
    if action in ("start", "finish") and visit.starts_on > _today():
        # a visit neither starts nor ends (and so is never reported) before its first day; it may end early
        errors["status"] = [
            _("Chưa đến ngày tác nghiệp (bắt đầu ngày %(d)s).") % {"d": f"{visit.starts_on:%d/%m/%Y}"}
        ]
    _fail(errors, _("Chưa cập nhật được tình trạng."))
    before = audit.snapshot(visit)
    visit.status = target
    if text:
        visit.answer_note = (visit.answer_note + "\n" if visit.answer_note else "") + text
    visit.updated_by_id = actor.pk if actor.is_authenticated else None
    save_versioned(visit, expected_version)
    audit.record(
        actor=actor, action=ACTION_CODES[action], target=visit, before=before, after=audit.snapshot(visit)
    )
    return visit


# --- articles -------------------------------------------------------------------------------------------------

_urls = URLValidator(schemes=["http", "https"])


@transaction.atomic
def article_add(*, actor: Actor, visit_id: int, data: ArticleInput) -> Article:
    """An article published after the visit; its link must be http or https (never javascript:, file:…)."""
    visit = get_for_action(PressVisit, actor, Action.CHANGE, pk=visit_id)
    errors: dict[str, list[str]] = {}
    url = clean_text(data.url).strip()
    if url:
        try:
            _urls(url)
        except ValidationError:
            errors["url"] = [_("Chỉ nhận địa chỉ http:// hoặc https:// hợp lệ.")]
        if len(url) > 1000:
            errors["url"] = [_("Tối đa 1000 ký tự.")]
    if data.published_on is not None and data.published_on > _today():
        errors["published_on"] = [_("Không được ở tương lai.")]
    article = Article(
        visit=visit,
        title=_text(errors, "title", data.title, 500, required=True, one_line=True),
        outlet=_text(errors, "outlet", data.outlet or visit.outlet, 300, one_line=True),
        published_on=data.published_on,
        url=url,
    )
    _fail(errors, _("Chưa lưu được bài viết."))
    article.save()
    audit.record(
        actor=actor,
        action="press_visit.article_add",
        target=article,
        parent=visit,
        after=audit.snapshot(article),
        target_org_id=visit.owner_org_id,
    )
    return article


# --- the reminder job -----------------------------------------------------------------------------------------

REMIND_DAYS = 2


def remind_answers(today: dt.date | None = None) -> dict[str, int]:
    """Idempotent job: the host province's officers and heads are told of applications still unanswered whose
    answer is due within REMIND_DAYS days, and once more when overdue (one notification each, by dedupe key)."""
    today = today or _today()
    counts = {"soon": 0, "late": 0}
    visits = (
        PressVisit.objects.system(reason="press answer reminders")
        .filter(
            deleted_at__isnull=True,
            status=S.RECEIVED,
            answer_due_on__isnull=False,
            answer_due_on__lte=today + dt.timedelta(days=REMIND_DAYS),
        )
        .order_by("answer_due_on", "pk")
    )
    for v in visits.iterator(chunk_size=500):
        if v.answer_due_on is None:  # filtered out above; for the type checker
            continue
        late = v.answer_due_on < today
        counts["late" if late else "soon"] += notify(
            users=staff_of(v.owner_org_id),
            kind="press_answer",
            title=rendered_later(
                gettext_noop("Quá hạn trả lời đề nghị của phóng viên nước ngoài: %(t)s (hạn %(d)s)")
                if late
                else gettext_noop("Sắp đến hạn trả lời đề nghị của phóng viên nước ngoài: %(t)s (hạn %(d)s)"),
                t=v.outlet,
                d=v.answer_due_on.strftime("%d/%m/%Y"),
            ),
            url=v.get_absolute_url(),
            dedupe_key=f"press-answer-{v.pk}-{v.answer_due_on.isoformat()}-{'late' if late else 'soon'}",
        )
    return counts
