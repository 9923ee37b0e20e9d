"""Writes of the training app: courses (with quotas and their workflow), nominations (four eyes, quota,
organiser's decision, attendance, results), schemes, and the nomination reminder job. Each: scope → validate →
versioned write → audit (the search index follows by signal)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import Organisation
from ngoaivu.accounts.notifications import heads_of, notify, rendered_later, staff_of
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject, StateConflict
from ngoaivu.core.inputs import checked_text, max_length
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, search_key, vi_sort_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Province
from ngoaivu.training.identity import identity_key as _identity_key
from ngoaivu.training.models import COUNTED as MODEL_COUNTED
from ngoaivu.training.models import Course, Nomination, Quota, SchemeTarget, Topic, Trainee, TrainingScheme

C = Course
N = Nomination
RULE_KEY = "training_nomination_reminder"
MAX_HOURS = 2000
MAX_CAPACITY = 100_000
COUNTED = MODEL_COUNTED
TAKEN = (N.Status.ACCEPTED, N.Status.ATTENDED, N.Status.ABSENT)
"""Nominations that take a place of the course's capacity."""
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{6,20}$")


def _today() -> dt.date:
    return timezone.localdate()


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def org_of(actor: Actor) -> int:
    """The actor's organisation (every writer has one: `visible_to` gives nothing to anyone without)."""
    org_id = actor.scope.org_id
    if org_id is None:
        raise Forbidden()
    return org_id


def _user_id(actor: Actor) -> int | None:
    return actor.pk if actor.is_authenticated else None


def may_organise(actor: Actor) -> bool:
    """The ministry's units and the provinces record courses (missions and viewers do not)."""
    scope = actor.scope
    return bool(scope.can_write and scope.org_id is not None and (scope.is_province or scope.is_ministry))


def may_nominate(actor: Actor) -> bool:
    scope = actor.scope
    return bool(scope.can_write and scope.is_province and scope.org_id is not None)


# --- courses --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseInput:
    title: str
    organiser_kind: str
    organiser_name: str
    topic: str  # a topic code
    starts_on: dt.date
    ends_on: dt.date
    hours: int | None = None
    format: str = "in_person"
    place: str = ""
    capacity: int | None = None
    nomination_deadline: dt.date | None = None  # None: counted by the rule training_nomination_reminder
    description: str = ""
    visibility: str = "shared"
    organiser_org: str = ""  # an organisation code, when the organiser is one in the system


def default_deadline(starts_on: dt.date, province_code: str = "") -> tuple[dt.date, str]:
    """The nomination deadline when the organiser gives none: the rule's days before the opening, moved back
    to a working day (Tết!), with the rule's text kept beside it."""
    from ngoaivu.agreements.selectors import rule_for
    from ngoaivu.core.selectors import working_calendar

    rule = rule_for(RULE_KEY, province_code)
    counted = starts_on - dt.timedelta(days=rule.days)
    day = working_calendar().previous_working_day(counted)
    text = _("Hạn cử cán bộ: %(n)d ngày trước khai giảng (quy tắc “%(r)s”)") % {
        "n": rule.days,
        "r": rule.get_key_display(),
    }
    if day != counted:
        text += _(", lùi về ngày làm việc trước đó")
    return day, text[:200]


def _course_values(actor: Actor, data: CourseInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if data.organiser_kind not in C.OrganiserKind.values:
        errors["organiser_kind"] = [_("Chọn loại đơn vị tổ chức.")]
    if data.format not in C.Format.values:
        errors["format"] = [_("Chọn hình thức.")]
    if data.visibility not in C.Visibility.values:
        errors["visibility"] = [_("Phạm vi chia sẻ không hợp lệ.")]
    topic = Topic.objects.filter(code=clean_text(data.topic)).first()
    if topic is None:
        errors["topic"] = [_("Chọn chủ đề trong danh mục.")]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]
    elif (data.ends_on - data.starts_on).days > 366:
        errors["ends_on"] = [_("Một khóa học kéo dài tối đa 366 ngày.")]
    if data.hours is not None and not 0 < data.hours <= MAX_HOURS:
        errors["hours"] = [_("Số giờ phải từ 1 đến %(n)d.") % {"n": MAX_HOURS}]
    if data.capacity is not None and not 0 < data.capacity <= MAX_CAPACITY:
        errors["capacity"] = [_("Số học viên tối đa phải từ 1 đến %(n)s.") % {"n": "100.000"}]
    if data.nomination_deadline is not None and data.nomination_deadline > data.starts_on:
        errors["nomination_deadline"] = [_("Hạn cử cán bộ phải trước hoặc đúng ngày bắt đầu.")]
    organiser_org = None
    code = clean_text(data.organiser_org).strip()
    if code:
        organiser_org = Organisation.objects.filter(code=code, is_active=True).first()
        if organiser_org is None:
            errors["organiser_org"] = [_("Không có đơn vị mã “%(c)s”.") % {"c": code[:60]}]
    values: dict[str, Any] = {
        "title": checked_text(
            errors, "title", data.title, max_length(C, "title"), required=True, one_line=True
        ),
        "organiser_kind": data.organiser_kind,
        "organiser_org": organiser_org,
        "organiser_name": checked_text(
            errors, "organiser_name", data.organiser_name, max_length(C, "organiser_name"), one_line=True
        ),
        "topic": topic,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "hours": data.hours,
        "format": data.format,
        "place": checked_text(errors, "place", data.place, max_length(C, "place"), one_line=True),
        "capacity": data.capacity,
        "description": checked_text(errors, "description", data.description, 20000),
        "visibility": data.visibility,
    }
    if not values["organiser_name"]:
        if organiser_org is not None:
            values["organiser_name"] = organiser_org.name_vi
        elif data.organiser_kind in C.OrganiserKind.values and data.organiser_kind != C.OrganiserKind.OTHER:
            values["organiser_name"] = str(C.OrganiserKind(data.organiser_kind).label)
        else:
            errors["organiser_name"] = [_("Ghi tên đơn vị tổ chức.")]
    _fail(errors, _("Chưa lưu được khóa học."))
    if data.nomination_deadline is not None:
        values["nomination_deadline"], values["deadline_rule"] = data.nomination_deadline, ""
    else:
        values["nomination_deadline"], values["deadline_rule"] = default_deadline(
            data.starts_on, actor.scope.province_code
        )
    return values


def _course_search_text(course: Course) -> str:
    return search_key(
        course.title, course.organiser_name, course.place, course.topic.name_vi, course.topic.name_en
    )


def _check(obj: Any, message: str, exclude: Iterable[str] = ()) -> None:
    try:
        obj.full_clean(exclude=["owner_org", "created_by", "updated_by", "search_text", *exclude])
    except ValidationError as exc:
        raise ServiceError(message, exc.message_dict) from exc


@transaction.atomic
def course_create(*, actor: Actor, data: CourseInput) -> Course:
    if not may_organise(actor):
        raise Forbidden()
    values = _course_values(actor, data)
    user_id = _user_id(actor)
    course = Course(owner_org_id=org_of(actor), created_by_id=user_id, updated_by_id=user_id, **values)
    course.search_text = _course_search_text(course)
    _check(course, _("Chưa lưu được khóa học."))
    save_versioned(course, None)
    audit.record(actor=actor, action="training_course.create", target=course, after=audit.snapshot(course))
    return course


def course_input_of(course: Course) -> CourseInput:
    """The course as an input, for partial updates (PATCH): a deadline counted by the rule stays counted."""
    return CourseInput(
        title=course.title,
        organiser_kind=course.organiser_kind,
        organiser_name=course.organiser_name,
        topic=course.topic.code,
        starts_on=course.starts_on,
        ends_on=course.ends_on,
        hours=course.hours,
        format=course.format,
        place=course.place,
        capacity=course.capacity,
        nomination_deadline=None if course.deadline_rule else course.nomination_deadline,
        description=course.description,
        visibility=course.visibility,
        organiser_org=course.organiser_org.code if course.organiser_org is not None else "",
    )


def with_changes(data: Any, changes: dict[str, Any]) -> Any:
    return dataclasses.replace(data, **changes)


@transaction.atomic
def course_update(*, actor: Actor, course_id: int, expected_version: int | None, data: CourseInput) -> Course:
    found = get_for_action(Course, actor, Action.CHANGE, pk=course_id)
    course = Course.objects.visible_to(actor, Action.CHANGE).select_for_update().get(pk=found.pk)
    if expected_version is not None and expected_version != course.version:
        raise StaleObject(course._meta.label, course.pk, course.version)
    if course.status in (C.Status.COMPLETED, C.Status.CANCELLED):
        raise StateConflict(_("Khóa học đã kết thúc hoặc đã hủy, không sửa được."))
    before = audit.snapshot(course)
    values = _course_values(actor, data)
    for key, value in values.items():
        setattr(course, key, value)
    course.updated_by_id = _user_id(actor)
    course.search_text = _course_search_text(course)
    _check(course, _("Chưa lưu được khóa học."))
    save_versioned(course, expected_version if expected_version is not None else course.version)
    audit.record(
        actor=actor,
        action="training_course.update",
        target=course,
        before=before,
        after=audit.snapshot(course),
    )
    return course


TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "open": ((C.Status.PLANNED, C.Status.CLOSED), C.Status.OPEN),
    "close": ((C.Status.OPEN,), C.Status.CLOSED),
    "start": ((C.Status.PLANNED, C.Status.OPEN, C.Status.CLOSED), C.Status.ONGOING),
    "complete": ((C.Status.ONGOING,), C.Status.COMPLETED),
    "cancel": ((C.Status.PLANNED, C.Status.OPEN, C.Status.CLOSED), C.Status.CANCELLED),
}


@transaction.atomic
def course_transition(*, actor: Actor, course_id: int, action: str, expected_version: int | None) -> Course:
    """The course's workflow: planned → open for nominations → closed → ongoing → completed; cancelled."""
    if action not in TRANSITIONS:
        raise NotFound()
    found = get_for_action(Course, actor, Action.CHANGE, pk=course_id)
    course = (
        Course.objects.system(reason="training services: the record was reached through get_for_action")
        .select_for_update()
        .get(pk=found.pk)
    )
    if expected_version is not None and expected_version != course.version:
        raise StaleObject(course._meta.label, course.pk, course.version)
    sources, target = TRANSITIONS[action]
    if course.status not in sources:
        raise StateConflict(
            _("Không thể chuyển khóa học từ “%(s)s” sang “%(t)s”.")
            % {"s": course.get_status_display(), "t": C.Status(target).label}
        )
    if action == "start" and course.starts_on > _today():
        raise StateConflict(
            _("Khóa học chưa đến ngày bắt đầu (%(d)s).") % {"d": f"{course.starts_on:%d/%m/%Y}"}
        )
    before = audit.snapshot(course)
    course.status = target
    course.updated_by_id = _user_id(actor)
    save_versioned(course, course.version)
    after = audit.snapshot(course)
    if action == "cancel":
        after["nominations_declined"] = _decline_all(actor, course)
    audit.record(
        actor=actor,
        action={  # literal codes: the audit-words test checks each has a phrase
            "open": "training_course.open",
            "close": "training_course.close",
            "start": "training_course.start",
            "complete": "training_course.complete",
            "cancel": "training_course.cancel",
        }[action],
        target=course,
        before=before,
        after=after,
    )
    return course


def _decline_all(actor: Actor, course: Course) -> int:
    """A cancelled course takes nobody: its nominations end declined (nothing of it counts as attended)."""
    from django.db.models import F

    return (
        Nomination.objects.system(reason="training services: the record was reached through get_for_action")
        .filter(course=course, deleted_at__isnull=True)
        .exclude(status=N.Status.DECLINED)
        .update(
            status=N.Status.DECLINED,
            decline_reason=gettext_noop("Khóa học đã hủy."),
            result="",
            score=None,
            decided_at=timezone.now(),
            updated_by_id=_user_id(actor),
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
    )


def org_sees_course(course: Course, org: Organisation) -> bool:
    """Whether a province's organisation reads the course (querysets.course_scope_q, for one organisation)."""
    from ngoaivu.training.querysets import MINISTRY_KINDS

    return (
        course.owner_org_id == org.pk
        or course.visibility == C.Visibility.SHARED
        or Organisation.objects.filter(pk=course.owner_org_id, kind__in=MINISTRY_KINDS).exists()
    )


def _province_org(code: str) -> Organisation | None:
    return (
        Organisation.objects.filter(kind="province", province_code=code, is_active=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def quota_set(*, actor: Actor, course_id: int, province: str, places: int | None) -> Quota | None:
    """A province's quota on the course (None: the quota is removed, the province nominates within the
    capacity; 0: no place at all). Never below what the province has already nominated, never for a province
    that cannot see the course (it could not nominate, and must not be reminded of it)."""
    course = get_for_action(Course, actor, Action.CHANGE, pk=course_id)
    org = _province_org(clean_text(province).strip())
    if org is None:
        raise ServiceError(_("Chưa lưu được chỉ tiêu."), {"province": [_("Chọn tỉnh, thành phố.")]})
    if not org_sees_course(course, org):
        raise ServiceError(
            _("Chưa lưu được chỉ tiêu."),
            {
                "province": [
                    _(
                        "Tỉnh này không xem được khóa học (khóa học chỉ dành cho đơn vị mình và Bộ): "
                        "chia sẻ khóa học trước khi phân bổ chỉ tiêu."
                    )
                ]
            },
        )
    if places is not None and not 0 <= places <= MAX_CAPACITY:
        raise ServiceError(_("Chưa lưu được chỉ tiêu."), {"places": [_("Số suất không hợp lệ.")]})
    used = Nomination.objects.system(
        reason="training services: the record was reached through get_for_action"
    ).filter(course=course, owner_org=org, status__in=COUNTED, deleted_at__isnull=True)
    if places is not None and used.count() > places:
        raise ServiceError(
            _("Chưa lưu được chỉ tiêu."),
            {"places": [_("Tỉnh đã cử %(n)d người, nhiều hơn số suất.") % {"n": used.count()}]},
        )
    existing = Quota.objects.filter(course=course, org=org).first()
    before = {"province": org.province_code, "places": existing.places if existing else None}
    if places is None:
        if existing is not None:
            existing.delete()
        quota = None
    else:
        quota, _created = Quota.objects.update_or_create(course=course, org=org, defaults={"places": places})
    # the quota table has no stamp of its own: touch the course so that cached counts (home) follow at once
    Course.objects.system(reason="training services: the record was reached through get_for_action").filter(
        pk=course.pk
    ).update(updated_at=timezone.now())
    audit.record(
        actor=actor,
        action="training_course.quota",
        target=course,
        before=before,
        after={"province": org.province_code, "places": places},
    )
    return quota


# --- trainees and nominations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TraineeInput:
    full_name: str
    position: str = ""
    unit: str = ""
    email: str = ""
    phone: str = ""
    note: str = ""


def trainee_errors(data: TraineeInput) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The cleaned fields of a trainee and the problems, by field (also used row by row by the import)."""
    errors: dict[str, list[str]] = {}
    T = Trainee
    values = {
        "full_name": checked_text(
            errors, "full_name", data.full_name, max_length(T, "full_name"), required=True, one_line=True
        ),
        "position": checked_text(errors, "position", data.position, max_length(T, "position"), one_line=True),
        "unit": checked_text(errors, "unit", data.unit, max_length(T, "unit"), one_line=True),
        "email": clean_text(data.email).strip().lower(),
        "phone": clean_text(data.phone).strip(),
        "note": checked_text(errors, "note", data.note, max_length(N, "note"), one_line=True),
    }
    if values["email"] and (len(values["email"]) > 254 or not EMAIL_RE.match(values["email"])):
        errors["email"] = [_("Địa chỉ thư điện tử không hợp lệ.")]
    if values["phone"] and not PHONE_RE.match(values["phone"]):
        errors["phone"] = [_("Số điện thoại không hợp lệ.")]
    return values, errors


def identity_key(full_name: str, email: str, unit: str) -> str:
    """How a person is recognised again in the same province: a keyed hash of the name with the e-mail, else
    with the unit (never the e-mail in clear: see `training.identity`)."""
    return _identity_key(full_name, email, unit)


TRAINEE_REDACTED = frozenset({"email", "phone", "identity_key"})
"""A trainee's fields never copied into the audit log (personal data, and the key derived from it)."""


def _trainee_for(actor: Actor, org_id: int, values: dict[str, Any]) -> Trainee:
    key = identity_key(values["full_name"], values["email"], values["unit"])
    trainee = (
        Trainee.objects.system(reason="training services: the record was reached through get_for_action")
        .filter(owner_org_id=org_id, identity_key=key, deleted_at__isnull=True)
        .first()
    )
    if trainee is not None:
        before = audit.snapshot(trainee, redact=TRAINEE_REDACTED)
        changed = [f for f in ("position", "unit", "phone") if values[f] and getattr(trainee, f) != values[f]]
        if changed:
            for f in changed:
                setattr(trainee, f, values[f])
            trainee.updated_by_id = _user_id(actor)
            trainee.search_text = search_key(trainee.full_name, trainee.unit)
            save_versioned(trainee, trainee.version)
            after = audit.snapshot(trainee, redact=TRAINEE_REDACTED)
            if "phone" in changed:  # both sides redacted: say that it changed, never what it was or became
                after["phone"] = f"{audit.REDACTED} ({gettext_noop('đã đổi')})"
            audit.record(
                actor=actor, action="training_trainee.update", target=trainee, before=before, after=after
            )
        return trainee
    user_id = _user_id(actor)
    trainee = Trainee(
        owner_org_id=org_id,
        created_by_id=user_id,
        updated_by_id=user_id,
        full_name=values["full_name"],
        position=values["position"],
        unit=values["unit"],
        email=values["email"],
        phone=values["phone"],
        identity_key=key,
        sort_key=vi_sort_key(values["full_name"].split(" ")[-1] + " " + values["full_name"])[:600],
        search_text=search_key(values["full_name"], values["unit"]),
    )
    save_versioned(trainee, None)
    audit.record(
        actor=actor,
        action="training_trainee.create",
        target=trainee,
        after=audit.snapshot(trainee, redact=TRAINEE_REDACTED),
    )
    return trainee


def nominating_course(actor: Actor, course_id: int) -> Course:
    """The course, when the actor's province may still nominate to it (open, deadline not passed)."""
    course = get_for_action(Course, actor, Action.VIEW, pk=course_id)  # 404 first: never "exists, not yours"
    if not may_nominate(actor):
        raise Forbidden()
    if course.status != C.Status.OPEN:
        raise StateConflict(
            _("Khóa học không nhận cử cán bộ (tình trạng: %(s)s).") % {"s": course.get_status_display()}
        )
    if course.nomination_deadline is not None and _today() > course.nomination_deadline:
        raise StateConflict(
            _("Đã quá hạn cử cán bộ (%(d)s).") % {"d": f"{course.nomination_deadline:%d/%m/%Y}"}
        )
    return course


def places_left(course: Course, org_id: int) -> int | None:
    """How many more the province may nominate (None: no quota)."""
    quota = Quota.objects.filter(course=course, org_id=org_id).values_list("places", flat=True).first()
    if quota is None:
        return None
    used = (
        Nomination.objects.system(reason="training services: the record was reached through get_for_action")
        .filter(course=course, owner_org_id=org_id, status__in=COUNTED, deleted_at__isnull=True)
        .count()
    )
    return max(quota - used, 0)


def quota_message(left: int, wanted: int) -> str:
    """One sentence: how many places are left against how many are proposed."""
    if left == 0:
        return _("Tỉnh đã hết suất cử cán bộ dự khóa học này.")
    return _("Vượt chỉ tiêu: tỉnh chỉ còn %(l)d suất, không cử được %(w)d người.") % {"l": left, "w": wanted}


def check_quota(course: Course, org_id: int, wanted: int) -> None:
    left = places_left(course, org_id)
    if left is not None and wanted > left:
        raise ServiceError(
            quota_message(left, wanted),
            {},
        )


def _nominate(actor: Actor, course: Course, values: dict[str, Any]) -> Nomination:
    org_id = actor.scope.org_id
    assert org_id is not None
    trainee = _trainee_for(actor, org_id, values)
    if (
        Nomination.objects.system(reason="training services: the record was reached through get_for_action")
        .filter(course=course, trainee=trainee, deleted_at__isnull=True)
        .exists()
    ):
        raise ServiceError(
            _("%(n)s đã được cử vào khóa học này.") % {"n": trainee.full_name},
            {"full_name": [_("Đã được cử vào khóa học này.")]},
        )
    province = Province.objects.filter(code=actor.scope.province_code).first()
    if province is None:
        raise Forbidden()
    user_id = _user_id(actor)
    nomination = Nomination(
        owner_org_id=org_id,
        created_by_id=user_id,
        updated_by_id=user_id,
        course=course,
        trainee=trainee,
        province=province,
        note=values["note"],
    )
    save_versioned(nomination, None)
    audit.record(
        actor=actor,
        action="training_nomination.create",
        target=nomination,
        parent=course,
        after=audit.snapshot(nomination),
    )
    return nomination


@transaction.atomic
def nomination_create(*, actor: Actor, course_id: int, data: TraineeInput) -> Nomination:
    """A province proposes one of its officials for the course (within its quota); a head then approves."""
    course = nominating_course(actor, course_id)
    Course.objects.system(
        reason="training services: the record was reached through get_for_action"
    ).select_for_update().filter(pk=course.pk).first()  # one province's quota at a time
    values, errors = trainee_errors(data)
    _fail(errors, _("Chưa cử được cán bộ."))
    assert actor.scope.org_id is not None
    check_quota(course, actor.scope.org_id, 1)
    return _nominate(actor, course, values)


@transaction.atomic
def nominations_create_many(*, actor: Actor, course_id: int, rows: list[dict[str, Any]]) -> list[Nomination]:
    """All the rows or none (the import's confirm): the quota is checked on the whole file."""
    course = nominating_course(actor, course_id)
    Course.objects.system(
        reason="training services: the record was reached through get_for_action"
    ).select_for_update().filter(pk=course.pk).first()
    assert actor.scope.org_id is not None
    check_quota(course, actor.scope.org_id, len(rows))
    made = []
    for row in rows:
        values, errors = trainee_errors(TraineeInput(**row))
        _fail(errors, _("Chưa cử được cán bộ."))
        made.append(_nominate(actor, course, values))
    return made


NOMINATION_ACTIONS = ("approve", "accept", "decline", "attend", "absent")
STEPS: dict[str, tuple[tuple[str, ...], str, str]] = {
    # action: (from states, to state, whose step: "province" | "organiser")
    "approve": ((N.Status.PROPOSED,), N.Status.APPROVED, "province"),
    "accept": ((N.Status.APPROVED,), N.Status.ACCEPTED, "organiser"),
    # the organiser decides once the province's head approved: a proposal is still the province's own draft
    "decline": ((N.Status.APPROVED, N.Status.ACCEPTED), N.Status.DECLINED, "organiser"),
    "attend": ((N.Status.ACCEPTED, N.Status.ABSENT), N.Status.ATTENDED, "organiser"),
    "absent": ((N.Status.ACCEPTED, N.Status.ATTENDED), N.Status.ABSENT, "organiser"),
}


def _locked_nomination(actor: Actor, nomination_id: int, expected_version: int | None) -> Nomination:
    found = get_for_action(Nomination, actor, Action.CHANGE, pk=nomination_id)
    nomination = (
        Nomination.objects.system(reason="training services: the record was reached through get_for_action")
        .select_for_update()
        .select_related("course", "trainee")
        .get(pk=found.pk)
    )
    if expected_version is not None and expected_version != nomination.version:
        raise StaleObject(nomination._meta.label, nomination.pk, nomination.version)
    return nomination


def _check_held(course: Course) -> None:
    """Attendance and results only for a course that is taking place or took place (never a cancelled one)."""
    if course.status == C.Status.CANCELLED:
        raise StateConflict(_("Khóa học đã hủy: không ghi nhận tham dự, kết quả."))
    if course.starts_on > _today():
        raise StateConflict(_("Khóa học chưa bắt đầu (%(d)s).") % {"d": f"{course.starts_on:%d/%m/%Y}"})


def _is_organiser(actor: Actor, nomination: Nomination) -> bool:
    return actor.scope.is_site_admin or actor.scope.org_id == nomination.course.owner_org_id


@transaction.atomic
def nomination_action(
    *, actor: Actor, nomination_id: int, action: str, expected_version: int | None, reason: str = ""
) -> Nomination:
    """approve: a head of the nominating province who did not propose it (four eyes); accept, decline,
    attend, absent: the course's organiser."""
    if action not in STEPS:
        raise NotFound()
    nomination = _locked_nomination(actor, nomination_id, expected_version)
    sources, target, whose = STEPS[action]
    scope = actor.scope
    if whose == "province":
        if not (scope.is_site_admin or scope.org_id == nomination.owner_org_id) or not scope.can_approve:
            raise Forbidden(_("Chỉ lãnh đạo tỉnh cử cán bộ mới duyệt được."))
        if nomination.created_by_id is not None and nomination.created_by_id == actor.pk:
            raise Forbidden(
                _("Người đề xuất không tự duyệt được (hai người: một người đề xuất, một người duyệt).")
            )
    elif not _is_organiser(actor, nomination):
        raise Forbidden(_("Chỉ đơn vị tổ chức khóa học mới làm được việc này."))
    if nomination.status not in sources:
        raise StateConflict(
            _("Không thể chuyển từ “%(s)s” sang “%(t)s”.")
            % {"s": nomination.get_status_display(), "t": N.Status(target).label}
        )
    course = nomination.course
    if action in ("attend", "absent"):
        _check_held(course)
    if action == "accept" and course.capacity is not None:
        taken = (
            Nomination.objects.system(
                reason="training services: the record was reached through get_for_action"
            )
            .filter(course=course, status__in=TAKEN, deleted_at__isnull=True)
            .count()
        )
        if taken >= course.capacity:
            raise StateConflict(_("Khóa học đã đủ %(n)d học viên.") % {"n": course.capacity})
    why = clean_text(reason).strip()
    if action == "decline":
        if not why:
            raise ServiceError(_("Ghi lý do không nhận."), {"reason": [_("Không được để trống.")]})
        nomination.decline_reason = why[:500]
    before = audit.snapshot(nomination)
    nomination.status = target
    nomination.updated_by_id = _user_id(actor)
    if action == "approve":
        nomination.approved_by_id = _user_id(actor)
        nomination.approved_at = timezone.now()
    elif action in ("accept", "decline"):
        nomination.decided_at = timezone.now()
    if target != N.Status.ATTENDED:
        nomination.result, nomination.score = "", None
    save_versioned(nomination, nomination.version)
    audit.record(
        actor=actor,
        action={  # literal codes: the audit-words test checks each has a phrase
            "approve": "training_nomination.approve",
            "accept": "training_nomination.accept",
            "decline": "training_nomination.decline",
            "attend": "training_nomination.attend",
            "absent": "training_nomination.absent",
        }[action],
        target=nomination,
        parent=course,
        before=before,
        after=audit.snapshot(nomination),
        target_org_id=nomination.owner_org_id,
    )
    return nomination


def _is_proposer(actor: Actor, nomination: Nomination) -> bool:
    return bool(
        actor.is_authenticated
        and nomination.created_by_id == actor.pk
        and actor.scope.can_write
        and actor.scope.org_id == nomination.owner_org_id
    )


def may_withdraw(actor: Actor, nomination: Nomination) -> bool:
    """The proposer takes back a proposal while the province's head has not approved it yet."""
    return nomination.status == N.Status.PROPOSED and _is_proposer(actor, nomination)


@transaction.atomic
def nomination_withdraw(*, actor: Actor, nomination_id: int, expected_version: int | None) -> Nomination:
    """The proposer withdraws a proposal not yet approved (the record is soft-deleted: the quota place comes
    back and the person can be proposed again); audited on the nomination and its course."""
    nomination = _locked_nomination(actor, nomination_id, expected_version)
    if not _is_proposer(actor, nomination):
        raise Forbidden(_("Chỉ người đề xuất mới rút được đề xuất này."))
    if nomination.status != N.Status.PROPOSED:
        raise StateConflict(
            _("Chỉ rút được đề xuất chưa được lãnh đạo tỉnh duyệt (tình trạng: %(s)s).")
            % {"s": nomination.get_status_display()}
        )
    before = audit.snapshot(nomination)
    nomination.deleted_at = timezone.now()
    nomination.updated_by_id = _user_id(actor)
    save_versioned(nomination, nomination.version)
    audit.record(
        actor=actor,
        action="training_nomination.withdraw",
        target=nomination,
        parent=nomination.course,
        before=before,
        after=audit.snapshot(nomination),
        target_org_id=nomination.owner_org_id,
    )
    return nomination


@transaction.atomic
def nomination_result(
    *,
    actor: Actor,
    nomination_id: int,
    expected_version: int | None,
    result: str,
    score: decimal.Decimal | None = None,
    certificate_number: str = "",
    certificate_date: dt.date | None = None,
) -> Nomination:
    """The organiser records the result of an attended participation and its certificate."""
    nomination = _locked_nomination(actor, nomination_id, expected_version)
    if not _is_organiser(actor, nomination):
        raise Forbidden(_("Chỉ đơn vị tổ chức khóa học mới ghi được kết quả."))
    if nomination.status != N.Status.ATTENDED:
        raise StateConflict(_("Chỉ ghi kết quả cho học viên đã tham dự."))
    _check_held(nomination.course)
    errors: dict[str, list[str]] = {}
    if result not in N.Result.values:
        errors["result"] = [_("Chọn kết quả: đạt hoặc không đạt.")]
    if score is not None and (not score.is_finite() or not 0 <= score <= 100):
        errors["score"] = [_("Điểm phải từ 0 đến 100.")]
    elif score is not None and score != score.quantize(decimal.Decimal("0.01")):
        errors["score"] = [_("Tối đa 2 chữ số thập phân.")]
    number = checked_text(errors, "certificate_number", certificate_number, 60, one_line=True)
    if certificate_date is not None:
        if certificate_date > _today():
            errors["certificate_date"] = [_("Ngày cấp không được ở tương lai.")]
        elif certificate_date < nomination.course.starts_on:
            errors["certificate_date"] = [_("Ngày cấp phải từ ngày bắt đầu khóa học trở đi.")]
    if certificate_date is not None and not number:
        errors["certificate_number"] = [_("Ghi số chứng chỉ.")]
    _fail(errors, _("Chưa ghi được kết quả."))
    before = audit.snapshot(nomination)
    nomination.result = result
    nomination.score = score
    nomination.certificate_number = number
    nomination.certificate_date = certificate_date
    nomination.updated_by_id = _user_id(actor)
    save_versioned(nomination, nomination.version)
    audit.record(
        actor=actor,
        action="training_nomination.result",
        target=nomination,
        parent=nomination.course,
        before=before,
        after=audit.snapshot(nomination),
        target_org_id=nomination.owner_org_id,
    )
    return nomination


def personal_data_read(*, user: Actor, trainee: Trainee, path: str, purpose: str) -> None:
    """Every unmasked read of a trainee's e-mail and phone is logged (who, whom, why, from where)."""
    from ngoaivu.audit.models import AccessEvent
    from ngoaivu.training.selectors import may_see_personal_data

    if not may_see_personal_data(user, trainee):
        raise Forbidden()
    audit.access(
        kind=AccessEvent.Kind.PERSONAL_DATA,
        user=user,
        path=path[:500],
        detail=f"trainee {trainee.pk}: {purpose}"[:500],
    )


# --- schemes ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInput:
    participations: int
    topic: str = ""  # topic code; empty: all topics
    province: str = ""  # current province code; empty: the whole country


@dataclass(frozen=True)
class SchemeInput:
    title: str
    year_from: int
    year_to: int
    decision: str = ""
    description: str = ""
    targets: tuple[TargetInput, ...] = ()


@transaction.atomic
def scheme_create(*, actor: Actor, data: SchemeInput) -> TrainingScheme:
    if not may_organise(actor):
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    T = TrainingScheme
    title = checked_text(errors, "title", data.title, max_length(T, "title"), required=True, one_line=True)
    if not 1990 <= data.year_from <= data.year_to <= 2100:
        errors["year_to"] = [_("Giai đoạn không hợp lệ (từ năm ≤ đến năm, 1990–2100).")]
    topics = {t.code: t for t in Topic.objects.all()}
    provinces = {p.code: p for p in Province.objects.all()}
    for t in data.targets:
        if t.topic and t.topic not in topics:
            errors.setdefault("targets", []).append(
                _("Chủ đề không có trong danh mục: %(c)s") % {"c": t.topic[:40]}
            )
        if t.province and t.province not in provinces:
            errors.setdefault("targets", []).append(_("Mã tỉnh không có: %(c)s") % {"c": t.province[:4]})
        if not 0 < t.participations <= 10_000_000:
            errors.setdefault("targets", []).append(_("Chỉ tiêu phải là số lượt dương."))
    _fail(errors, _("Chưa lưu được đề án."))
    user_id = _user_id(actor)
    scheme = TrainingScheme(
        owner_org_id=org_of(actor),
        created_by_id=user_id,
        updated_by_id=user_id,
        title=title,
        year_from=data.year_from,
        year_to=data.year_to,
        decision=checked_text(errors, "decision", data.decision, 200, one_line=True),
        description=checked_text(errors, "description", data.description, 20000),
    )
    _check(scheme, _("Chưa lưu được đề án."))
    save_versioned(scheme, None)
    SchemeTarget.objects.bulk_create(
        [
            SchemeTarget(
                scheme=scheme,
                topic=topics.get(t.topic),
                province=provinces.get(t.province),
                participations=t.participations,
            )
            for t in data.targets
        ]
    )
    audit.record(actor=actor, action="training_scheme.create", target=scheme, after=audit.snapshot(scheme))
    return scheme


# --- the reminder job -------------------------------------------------------------------------------------


def _sees(user: Actor, course: Course) -> bool:
    return Course.objects.visible_to(user, Action.VIEW).filter(pk=course.pk).exists()


def remind_nominations(today: dt.date | None = None) -> dict[str, int]:
    """Idempotent job: before a course's nomination deadline (the rule's reminder days, e.g. 7 and 2 days
    before), the provinces given a quota are reminded to nominate, and the heads of provinces with proposals
    still waiting for their approval to approve them; one notification per course, organisation and reminder
    day (dedupe key)."""
    from ngoaivu.agreements.selectors import rule_for

    today = today or _today()
    rule = rule_for(RULE_KEY)
    offsets = sorted(rule.reminder_list() or [rule.days])
    counts = {"quota": 0, "approval": 0}
    courses = (
        Course.objects.system(reason="nomination reminders")
        .filter(
            deleted_at__isnull=True,
            status=C.Status.OPEN,
            nomination_deadline__gte=today,
            nomination_deadline__lte=today + dt.timedelta(days=max(offsets)),
        )
        .order_by("nomination_deadline", "pk")
    )
    for course in courses:
        assert course.nomination_deadline is not None
        left = (course.nomination_deadline - today).days
        offset = next(o for o in offsets if left <= o)
        title = rendered_later(
            gettext_noop("Sắp hết hạn cử cán bộ dự khóa “%(t)s” (hạn %(d)s)"),
            t=course.title[:200],
            d=course.nomination_deadline.strftime("%d/%m/%Y"),
        )
        for org_id in Quota.objects.filter(course=course, places__gt=0).values_list("org_id", flat=True):
            counts["quota"] += notify(
                users=[u for u in staff_of(org_id) if _sees(u, course)],
                kind="training_nomination",
                title=title,
                url=course.get_absolute_url(),
                dedupe_key=f"training-deadline-{course.pk}-{course.nomination_deadline}-{org_id}-{offset}",
            )
        waiting = (
            Nomination.objects.system(
                reason="training services: the record was reached through get_for_action"
            )
            .filter(course=course, status=N.Status.PROPOSED, deleted_at__isnull=True)
            .values("owner_org_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in waiting:
            counts["approval"] += notify(
                users=[u for u in heads_of(row["owner_org_id"]) if _sees(u, course)],
                kind="training_nomination",
                title=rendered_later(
                    gettext_noop("%(n)s cán bộ chờ lãnh đạo duyệt cử dự khóa “%(t)s” (hạn %(d)s)"),
                    n=str(row["n"]),
                    t=course.title[:200],
                    d=course.nomination_deadline.strftime("%d/%m/%Y"),
                ),
                url=course.get_absolute_url() + "#nominations",
                dedupe_key=f"training-approve-{course.pk}-{course.nomination_deadline}-{row['owner_org_id']}-{offset}",
            )
    return counts
