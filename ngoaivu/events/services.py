"""Writes of promotion events: the event (with its participants and outcomes), its follow-up tasks and the
reminder job. Each: scope → validate → versioned write → audit (the search index follows by signal)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject
from ngoaivu.core.inputs import checked_text, max_length
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, Mission, Province
from ngoaivu.directory.services import province_resolve
from ngoaivu.events.models import EventParticipation, FollowUpTask, PromotionEvent

E = PromotionEvent
MAX_PLEDGE = decimal.Decimal("1e15")
MAX_COUNT = 10_000_000


def _today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class EventInput:
    title_vi: str
    kind: str
    organisers: str
    starts_on: dt.date
    ends_on: dt.date
    format: str
    title_en: str = ""
    place: str = ""
    status: str = "planned"
    province_as_named: str = ""  # the province as named then ("Vĩnh Phúc" in 2022); empty: the user's own
    provinces: tuple[str, ...] = ()  # other provinces taking part (current codes)
    countries: tuple[str, ...] = ()  # ISO alpha-2
    missions: tuple[str, ...] = ()  # mission codes
    leads_count: int | None = None
    pledged_amount: decimal.Decimal | None = None
    pledged_currency: str = ""
    outcome_summary: str = ""
    # None: not sent (a partial update leaves the links as they are); a tuple: the links the user chose
    agreement_ids: tuple[int, ...] | None = ()
    participations: Mapping[str, int] = field(default_factory=dict)
    visibility: str = "shared"


@dataclass(frozen=True)
class TaskInput:
    title: str
    due_on: dt.date
    owner_person: str = ""
    owner_org: str = ""  # an organisation code; empty: none named
    note: str = ""


def may_organise(actor: Actor) -> bool:
    """Province officers and heads record their province's events (the ministry and missions read them)."""
    scope = actor.scope
    return bool(scope.can_write and scope.is_province)


def _limit(name: str) -> int:
    return max_length(PromotionEvent, name)


_text = checked_text


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


Links = dict[str, Any]
"""Countries, missions, provinces and agreements to link; agreements None: not sent, left as they are."""


def _codes(values: tuple[str, ...]) -> set[str]:
    return {clean_text(v).strip() for v in values if clean_text(v).strip()}


def _references(errors: dict[str, list[str]], data: EventInput) -> Links:
    """Countries, missions and other provinces by code; every unknown code named."""
    found: Links = {}
    wanted_countries = {c.upper() for c in _codes(data.countries) if re.fullmatch(r"[A-Za-z]{2}", c)}
    bad = {c for c in _codes(data.countries) if not re.fullmatch(r"[A-Za-z]{2}", c)}
    found["countries"] = list(Country.objects.filter(iso2__in=wanted_countries))
    unknown = (wanted_countries - {c.iso2 for c in found["countries"]}) | bad
    if unknown:
        errors["countries"] = [
            _("Mã quốc gia không có trong danh mục: %(c)s") % {"c": ", ".join(sorted(unknown))}
        ]
    wanted_missions = _codes(data.missions)
    found["missions"] = list(Mission.objects.filter(code__in=wanted_missions))
    unknown = wanted_missions - {m.code for m in found["missions"]}
    if unknown:
        errors["missions"] = [
            _("Cơ quan đại diện không có trong danh mục: %(c)s") % {"c": ", ".join(sorted(unknown))}
        ]
    wanted_provinces = _codes(data.provinces)
    found["provinces"] = list(Province.objects.filter(code__in=wanted_provinces))
    unknown = wanted_provinces - {p.code for p in found["provinces"]}
    if unknown:
        errors["provinces"] = [
            _("Mã tỉnh không có trong danh mục: %(c)s") % {"c": ", ".join(sorted(unknown))}
        ]
    return found


def _agreements(
    errors: dict[str, list[str]], actor: Actor, ids: tuple[int, ...] | None, current: PromotionEvent | None
) -> list[Any] | None:
    """The MOUs signed at the event, among the agreements the actor may see (an id out of scope reads as
    unknown, never as someone else's). None when not sent: the links stay as they are. The agreements already
    linked are never refused, and those the actor cannot see (another unit's MOU that became private) stay
    linked whatever is sent: the actor was never shown them, so cannot have meant to unlink them."""
    from ngoaivu.agreements.models import Agreement

    if ids is None:
        return None
    wanted = set(ids)
    if len(wanted) > 200:
        errors["agreements"] = [_("Tối đa 200 thỏa thuận.")]
        return []
    linked = set(current.agreements.values_list("pk", flat=True)) if current is not None else set()
    visible = Agreement.objects.visible_to(actor, Action.VIEW)
    found = list(visible.filter(pk__in=wanted))
    unseen = linked - set(visible.filter(pk__in=linked).values_list("pk", flat=True))
    kept = [
        a
        for a in Agreement.objects.system(reason="event links kept").filter(pk__in=(wanted & linked) | unseen)
    ]
    found = list({a.pk: a for a in [*found, *kept]}.values())
    unknown = wanted - {a.pk for a in found}
    if unknown:
        errors["agreements"] = [
            _("Không tìm thấy thỏa thuận số: %(i)s") % {"i": ", ".join(str(i) for i in sorted(unknown))}
        ]
    return found


def _participations(errors: dict[str, list[str]], given: Mapping[str, int]) -> dict[str, int]:
    kinds = dict(EventParticipation.Kind.choices)
    unknown = [k for k in given if k not in kinds]
    if unknown:
        errors["participations"] = [
            _("Thành phần tham dự không có trong danh mục: %(k)s") % {"k": ", ".join(sorted(unknown))}
        ]
    bad = [k for k, n in given.items() if k in kinds and not (isinstance(n, int) and 0 <= n <= MAX_COUNT)]
    if bad:
        errors.setdefault("participations", []).append(
            _("Số người tham dự phải từ 0 đến %(n)s.") % {"n": f"{MAX_COUNT:,}".replace(",", ".")}
        )
    return {k: n for k, n in given.items() if k in kinds and k not in bad and n}


def _locality(
    errors: dict[str, list[str]], actor: Actor, data: EventInput, current: PromotionEvent | None
) -> dict[str, Any]:
    """The province as named then and the current province, which must be the actor's own."""
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
    if locality.province.code != own:
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
    actor: Actor, data: EventInput, current: PromotionEvent | None
) -> tuple[dict[str, Any], Links, dict[str, int]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in E.Kind.values:
        errors["kind"] = [_("Chọn loại sự kiện.")]
    if data.format not in E.Format.values:
        errors["format"] = [_("Chọn hình thức.")]
    if data.status not in E.Status.values:
        errors["status"] = [_("Chọn tình trạng.")]
    elif data.status == E.Status.HELD and data.starts_on > _today():
        errors["status"] = [
            _("Sự kiện chưa diễn ra (bắt đầu ngày %(d)s).") % {"d": f"{data.starts_on:%d/%m/%Y}"}
        ]
    if data.visibility not in E.Visibility.values:
        errors["visibility"] = [_("Phạm vi chia sẻ không hợp lệ.")]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]
    elif (data.ends_on - data.starts_on).days > 366:
        errors["ends_on"] = [_("Một sự kiện kéo dài tối đa 366 ngày.")]
    if data.leads_count is not None and not 0 <= data.leads_count <= MAX_COUNT:
        errors["leads_count"] = [_("Số đầu mối không hợp lệ.")]
    currency = clean_text(data.pledged_currency).upper()
    amount = data.pledged_amount
    if amount is not None:
        if not amount.is_finite() or amount < 0 or amount >= MAX_PLEDGE:
            errors["pledged_amount"] = [_("Số tiền không hợp lệ.")]
        elif amount != amount.quantize(decimal.Decimal("0.01")):
            errors["pledged_amount"] = [_("Tối đa 2 chữ số thập phân.")]
        if not re.fullmatch(r"[A-Z]{3}", currency):
            errors["pledged_currency"] = [_("Ghi đơn vị tiền theo mã ISO 4217 (ví dụ USD, JPY, VND).")]
    elif currency and not re.fullmatch(r"[A-Z]{3}", currency):
        errors["pledged_currency"] = [_("Ghi đơn vị tiền theo mã ISO 4217 (ví dụ USD, JPY, VND).")]
    values: dict[str, Any] = {
        "title_vi": _text(errors, "title_vi", data.title_vi, _limit("title_vi"), required=True),
        "title_en": _text(errors, "title_en", data.title_en, _limit("title_en")),
        "kind": data.kind,
        "organisers": _text(errors, "organisers", data.organisers, _limit("organisers"), required=True),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "format": data.format,
        "place": _text(errors, "place", data.place, _limit("place")),
        "status": data.status,
        "leads_count": data.leads_count,
        "pledged_amount": amount,
        "pledged_currency": currency if amount is not None else "",
        "outcome_summary": _text(errors, "outcome_summary", data.outcome_summary, 20000),
        "visibility": data.visibility,
    }
    values.update(_locality(errors, actor, data, current))
    links = _references(errors, data)
    links["agreements"] = _agreements(errors, actor, data.agreement_ids, current)
    counts = _participations(errors, data.participations)
    _fail(errors, _("Chưa lưu được sự kiện."))
    return values, links, counts


def _search_text(event: PromotionEvent, links: Links) -> str:
    return search_key(
        event.title_vi,
        event.title_en,
        event.organisers,
        event.place,
        event.province.name,
        event.province_as_named,
        " ".join(c.name_vi for c in links["countries"]),
        " ".join(c.name_en for c in links["countries"]),
    )


def _check(event: PromotionEvent) -> None:
    try:
        event.full_clean(exclude=["owner_org", "created_by", "updated_by", "search_text"])
    except ValidationError as exc:
        raise ServiceError(_("Chưa lưu được sự kiện."), exc.message_dict) from exc


def _links_snapshot(event: PromotionEvent, links: Links, counts: dict[str, int]) -> dict[str, Any]:
    return {
        **audit.snapshot(event),
        "countries": sorted(c.iso2 for c in links["countries"]),
        "missions": sorted(m.code for m in links["missions"]),
        "provinces": sorted(p.code for p in links["provinces"]),
        "agreements": sorted(
            a.pk for a in (event.agreements.all() if links["agreements"] is None else links["agreements"])
        ),
        "participations": dict(sorted(counts.items())),
    }


def _current_links(event: PromotionEvent) -> dict[str, Any]:
    return {
        **audit.snapshot(event),
        "countries": sorted(event.countries.values_list("iso2", flat=True)),
        "missions": sorted(event.missions.values_list("code", flat=True)),
        "provinces": sorted(event.provinces.values_list("code", flat=True)),
        "agreements": sorted(event.agreements.values_list("pk", flat=True)),
        "participations": dict(sorted(event.participations.values_list("kind", "count"))),
    }


def _write_links(event: PromotionEvent, links: Links, counts: dict[str, int]) -> None:
    event.countries.set(links["countries"])
    event.missions.set(links["missions"])
    event.provinces.set([p for p in links["provinces"] if p.pk != event.province_id])
    if links["agreements"] is not None:  # None: not sent, the links stay as they are
        event.agreements.set(links["agreements"])
    EventParticipation.objects.filter(event=event).delete()
    EventParticipation.objects.bulk_create(
        [EventParticipation(event=event, kind=k, count=n) for k, n in sorted(counts.items())]
    )


@transaction.atomic
def event_create(*, actor: Actor, data: EventInput) -> PromotionEvent:
    if not may_organise(actor):
        raise Forbidden()
    values, links, counts = _values(actor, data, None)
    org_id = actor.scope.org_id
    if org_id is None:
        raise Forbidden()
    user_id = actor.pk if actor.is_authenticated else None
    event = PromotionEvent(owner_org_id=org_id, created_by_id=user_id, updated_by_id=user_id, **values)
    event.search_text = _search_text(event, links)
    _check(event)
    save_versioned(event, None)
    _write_links(event, links, counts)
    get_for_action(PromotionEvent, actor, Action.CHANGE, pk=event.pk)  # still the actor's to change
    audit.record(
        actor=actor,
        action="promotion_event.create",
        target=event,
        after=_links_snapshot(event, links, counts),
    )
    return event


@transaction.atomic
def event_update(
    *, actor: Actor, event_id: int, expected_version: int | None, data: EventInput
) -> PromotionEvent:
    found = get_for_action(PromotionEvent, actor, Action.CHANGE, pk=event_id)
    event = PromotionEvent.objects.visible_to(actor, Action.CHANGE).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != event.version:
        raise StaleObject(event._meta.label, event.pk, event.version)
    before = _current_links(event)
    values, links, counts = _values(actor, data, event)
    for k, v in values.items():
        setattr(event, k, v)
    event.updated_by_id = actor.pk if actor.is_authenticated else None
    event.search_text = _search_text(event, links)
    _check(event)
    save_versioned(event, expected_version)
    _write_links(event, links, counts)
    audit.record(
        actor=actor,
        action="promotion_event.update",
        target=event,
        before=before,
        after=_links_snapshot(event, links, counts),
    )
    return event


def input_of(event: PromotionEvent) -> EventInput:
    """The event as a service input (for a partial update: the API's PATCH changes only the fields it sends).
    Its province stays as named; its agreements are left as they are (None) unless the caller sends them."""
    return EventInput(
        title_vi=event.title_vi,
        title_en=event.title_en,
        kind=event.kind,
        organisers=event.organisers,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        format=event.format,
        place=event.place,
        status=event.status,
        province_as_named="",
        provinces=tuple(event.provinces.values_list("code", flat=True)),
        countries=tuple(event.countries.values_list("iso2", flat=True)),
        missions=tuple(event.missions.values_list("code", flat=True)),
        leads_count=event.leads_count,
        pledged_amount=event.pledged_amount,
        pledged_currency=event.pledged_currency,
        outcome_summary=event.outcome_summary,
        agreement_ids=None,
        participations=dict(event.participations.values_list("kind", "count")),
        visibility=event.visibility,
    )


def with_changes(base: EventInput, changes: Mapping[str, Any]) -> EventInput:
    names = {f.name for f in dataclasses.fields(EventInput)}
    return dataclasses.replace(base, **{k: v for k, v in changes.items() if k in names})


# --- follow-up tasks ------------------------------------------------------------------------------------------


def _task_values(data: TaskInput) -> dict[str, Any]:
    from ngoaivu.accounts.models import Organisation

    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "title": _text(errors, "title", data.title, 300, required=True),
        "owner_person": _text(errors, "owner_person", data.owner_person, 200),
        "note": _text(errors, "note", data.note, 5000),
        "due_on": data.due_on,
        "owner_org": None,
    }
    code = clean_text(data.owner_org).strip()
    if code:
        org = Organisation.objects.filter(code=code, is_active=True).first()
        if org is None:
            errors["owner_org"] = [_("Không có đơn vị mã “%(c)s”.") % {"c": code[:60]}]
        values["owner_org"] = org
    if not values["owner_person"] and not code and not errors.get("title"):
        errors["owner_person"] = [_("Ghi người phụ trách hoặc chọn đơn vị chủ trì.")]
    _fail(errors, _("Chưa lưu được việc cần làm."))
    return values


@transaction.atomic
def task_create(*, actor: Actor, event_id: int, data: TaskInput) -> FollowUpTask:
    event = get_for_action(PromotionEvent, actor, Action.CHANGE, pk=event_id)
    task = FollowUpTask(event=event, **_task_values(data))
    save_versioned(task, None)
    audit.record(
        actor=actor,
        action="promotion_event.task_create",
        target=task,
        parent=event,
        after=audit.snapshot(task),
        target_org_id=event.owner_org_id,
    )
    return task


@transaction.atomic
def task_complete(
    *,
    actor: Actor,
    event_id: int,
    task_id: int,
    expected_version: int | None,
    done_on: dt.date | None = None,
    note: str = "",
) -> FollowUpTask:
    """Mark a task done (on `done_on`, today by default: never in the future); done twice changes nothing but
    the note."""
    event = get_for_action(PromotionEvent, actor, Action.CHANGE, pk=event_id)
    task = (
        FollowUpTask.objects.select_for_update().filter(event_id=event.pk, pk=task_id).first()
        if 0 < task_id < 2**63
        else None
    )
    if task is None:
        raise NotFound()
    if expected_version is not None and expected_version != task.version:
        raise StaleObject(task._meta.label, task.pk, task.version)
    day = done_on or _today()
    if day > _today():
        raise ServiceError(
            _("Ngày hoàn thành không được ở tương lai."), {"done_on": [_("Không được ở tương lai.")]}
        )
    before = audit.snapshot(task)
    task.done_on = task.done_on or day
    extra = clean_text(note)
    if len(extra) > 5000:
        raise ServiceError(_("Chưa lưu được."), {"note": [_("Tối đa %(n)d ký tự.") % {"n": 5000}]})
    if extra:
        task.note = extra
    save_versioned(task, expected_version)
    audit.record(
        actor=actor,
        action="promotion_event.task_complete",
        target=task,
        parent=event,
        before=before,
        after=audit.snapshot(task),
        target_org_id=event.owner_org_id,
    )
    return task


# --- the reminder job -----------------------------------------------------------------------------------------

REMIND_DAYS = 3


def remind_follow_ups(today: dt.date | None = None) -> dict[str, int]:
    """Idempotent job: the organising province's staff (and the staff of the organisation named as the task's
    owner, when they can see the event: `PromotionEvent.visible_to`) are told of open follow-up tasks due within REMIND_DAYS days, and once more when they are overdue
    (one notification each, by dedupe key)."""
    today = today or _today()
    counts = {"soon": 0, "late": 0}
    events = PromotionEvent.objects.system(reason="follow-up reminders").filter(deleted_at__isnull=True)
    tasks = (
        FollowUpTask.objects.filter(
            event__in=events.exclude(status=E.Status.CANCELLED),
            done_on__isnull=True,
            due_on__lte=today + dt.timedelta(days=REMIND_DAYS),
        )
        .select_related("event")
        .order_by("due_on", "pk")
    )
    seen: dict[tuple[int, int], bool] = {}

    def may_see(user: Any, event_id: int) -> bool:
        key = (user.pk, event_id)
        if key not in seen:
            seen[key] = PromotionEvent.objects.visible_to(user, Action.VIEW).filter(pk=event_id).exists()
        return seen[key]

    for t in tasks.iterator(chunk_size=500):
        late = t.due_on < today
        staff = {u.pk: u for u in [*staff_of(t.event.owner_org_id), *staff_of(t.owner_org_id)]}
        counts["late" if late else "soon"] += notify(
            # only those who can open the event: a task's owner organisation may be one that cannot
            users=[u for u in staff.values() if may_see(u, t.event_id)],
            kind="event_follow_up",
            title=rendered_later(
                gettext_noop("Quá hạn việc sau sự kiện: %(t)s (hạn %(d)s)")
                if late
                else gettext_noop("Sắp đến hạn việc sau sự kiện: %(t)s (hạn %(d)s)"),
                t=t.title,
                d=t.due_on.strftime("%d/%m/%Y"),
            ),
            url=f"{t.event.get_absolute_url()}#tasks",
            dedupe_key=f"event-task-{t.pk}-{t.due_on.isoformat()}-{'late' if late else 'soon'}",
        )
    return counts
