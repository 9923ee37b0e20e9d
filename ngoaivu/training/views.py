"""Training pages: courses (list, detail with quotas and nominations, form, workflow), nominations (list,
actions, results, bulk upload), trainees' history, counts and schemes."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ngoaivu.accounts.selectors import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import xlsx_response
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict
from ngoaivu.core.lists import paginate, parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import list_page, run_action, save_form
from ngoaivu.directory import selectors as directory
from ngoaivu.training import importer, selectors, services
from ngoaivu.training.columns import COURSE_COLUMNS, NOMINATION_COLUMNS
from ngoaivu.training.filters import CountFilters, CourseFilters, NominationFilters
from ngoaivu.training.forms import (
    CourseForm,
    NominateForm,
    NominationActionForm,
    QuotaForm,
    ResultForm,
    TransitionForm,
    UploadForm,
)
from ngoaivu.training.models import Course, Nomination

C = Course
N = Nomination
EDITED_FIELDS = (
    "title",
    "organiser_kind",
    "organiser_name",
    "starts_on",
    "ends_on",
    "hours",
    "format",
    "place",
    "capacity",
    "description",
    "visibility",
    "version",
)


def _tabs(user: Any) -> list[dict[str, str]]:
    actions = []
    if services.may_organise(user):
        actions.append({"url": reverse("training:course_create"), "label": _("Thêm khóa học")})
    return [
        *actions,
        {"url": reverse("training:course_list") + "?status=open", "label": _("Đang nhận cử cán bộ")},
        {"url": reverse("training:nomination_list"), "label": _("Danh sách cử cán bộ")},
        {"url": reverse("training:counts"), "label": _("Thống kê lượt tham dự")},
        {"url": reverse("training:scheme_list"), "label": _("Đề án đào tạo")},
        {"url": reverse("training:trainee_list"), "label": _("Học viên")},
    ]


@login_required
def course_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(CourseFilters, request.GET).filters
    return list_page(
        request,
        title=_("Khóa đào tạo, bồi dưỡng"),
        filters_schema=CourseFilters,
        queryset=lambda f: selectors.course_list(user=user, filters=f),
        columns=COURSE_COLUMNS,
        export_stem="khoa-dao-tao",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "topic",
                "label": _("Chủ đề"),
                "choices": selectors.topic_choices(),
                "current": filters.topic,
            },
            {
                "name": "organiser_kind",
                "label": _("Đơn vị tổ chức"),
                "choices": C.OrganiserKind.choices,
                "current": filters.organiser_kind,
            },
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": C.Status.choices,
                "current": filters.status,
            },
            {
                "name": "province",
                "label": _("Tỉnh tổ chức"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
        ],
        actions=_tabs(user),
    )


def _course_input(data: dict[str, Any]) -> services.CourseInput:
    return services.CourseInput(
        title=data["title"],
        organiser_kind=data["organiser_kind"],
        organiser_name=data["organiser_name"],
        topic=data["topic"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        hours=data["hours"],
        format=data["format"],
        place=data["place"],
        capacity=data["capacity"],
        nomination_deadline=data["nomination_deadline"],
        description=data["description"],
        visibility=data["visibility"],
        organiser_org="",
    )


@login_required
def course_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    course = None
    initial: dict[str, Any] = {
        "visibility": "shared",
        "format": "in_person",
        "organiser_kind": "ministry" if user.scope.is_ministry else "province",
    }
    if pk is not None:
        course = selectors.course_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{f: getattr(course, f) for f in EDITED_FIELDS},
            "topic": course.topic.code,
            "nomination_deadline": None if course.deadline_rule else course.nomination_deadline,
        }
    elif not services.may_organise(user):
        raise Forbidden()
    form = CourseForm(request.POST or None, initial=initial, topics=selectors.topic_choices())

    def save(data: dict[str, Any]) -> Course:
        if course is None:
            return services.course_create(actor=user, data=_course_input(data))
        organiser = course.organiser_org.code if course.organiser_org is not None else ""
        return services.course_update(
            actor=user,
            course_id=course.pk,
            expected_version=data["version"],
            data=services.with_changes(_course_input(data), {"organiser_org": organiser}),
        )

    saved = save_form(request, form, save, done=_("Đã lưu khóa học."))
    if saved.result is not None:
        return redirect(saved.result)
    title = _("Thêm khóa học") if course is None else _("Sửa: %(t)s") % {"t": course.title}
    return render(
        request,
        "training/form.html",
        {
            "title": title,
            "form": form,
            "back": reverse("training:course_list") if course is None else course.get_absolute_url(),
        },
        status=saved.status,
    )


NEXT_ACTIONS: dict[str, tuple[str, ...]] = {
    C.Status.PLANNED: ("open", "start", "cancel"),
    C.Status.OPEN: ("close", "start", "cancel"),
    C.Status.CLOSED: ("open", "start", "cancel"),
    C.Status.ONGOING: ("complete",),
}
ACTION_LABELS = {
    "open": gettext_lazy("Mở nhận cử cán bộ"),
    "close": gettext_lazy("Kết thúc nhận cử"),
    "start": gettext_lazy("Bắt đầu khóa học"),
    "complete": gettext_lazy("Kết thúc khóa học"),
    "cancel": gettext_lazy("Hủy khóa học"),
}
NOMINATION_BUTTONS: dict[str, tuple[tuple[str, str], ...]] = {
    N.Status.PROPOSED: (("approve", "province"),),
    N.Status.APPROVED: (("accept", "organiser"), ("decline", "organiser")),
    N.Status.ACCEPTED: (("attend", "organiser"), ("absent", "organiser"), ("decline", "organiser")),
    N.Status.ATTENDED: (("absent", "organiser"),),
    N.Status.ABSENT: (("attend", "organiser"),),
}
NOMINATION_LABELS = {
    "approve": gettext_lazy("Duyệt cử"),
    "accept": gettext_lazy("Nhận học viên"),
    "decline": gettext_lazy("Không nhận"),
    "attend": gettext_lazy("Đã tham dự"),
    "absent": gettext_lazy("Vắng mặt"),
    "withdraw": gettext_lazy("Rút đề xuất"),
}
NOMINATION_DONE = {
    "approve": gettext_lazy("Đã duyệt cử %(n)s."),
    "accept": gettext_lazy("Đã nhận học viên %(n)s."),
    "decline": gettext_lazy("Đã ghi không nhận %(n)s."),
    "attend": gettext_lazy("Đã ghi nhận %(n)s tham dự."),
    "absent": gettext_lazy("Đã ghi nhận %(n)s vắng mặt."),
    "withdraw": gettext_lazy("Đã rút đề xuất cử %(n)s."),
}
HELD_ACTIONS = ("attend", "absent")


def _waiting(n: Nomination, user: Any, is_organiser: bool) -> str:
    """Who must act next, for a row on which the user has no button."""
    if n.status == N.Status.PROPOSED:
        if n.created_by_id == user.pk:
            return _("Chờ lãnh đạo tỉnh khác người đề xuất duyệt")
        return _("Chờ lãnh đạo tỉnh duyệt")
    if n.status == N.Status.APPROVED and not is_organiser:
        return _("Chờ đơn vị tổ chức nhận")
    return ""


def _organiser_kind_note(course: Course) -> str:
    """The organiser's kind beside its name, unless the name already says it."""
    from ngoaivu.core.text import fold

    kind = str(course.get_organiser_kind_display())
    return "" if fold(kind) in fold(course.organiser_name) else kind


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    course = selectors.course_get(user=user, pk=pk)
    today = timezone.localdate()
    may_change = can(user, Action.CHANGE, course)
    scope = user.scope
    is_organiser = scope.is_site_admin or scope.org_id == course.owner_org_id
    nominations = selectors.course_nominations(user=user, course=course)
    held = course.status != C.Status.CANCELLED and course.starts_on <= today
    rows = []
    for n in nominations:
        buttons = []
        for action, whose in NOMINATION_BUTTONS.get(n.status, ()):
            if action in HELD_ACTIONS and not held:
                continue
            if (whose == "organiser" and is_organiser and scope.can_write) or (
                whose == "province"
                and scope.can_approve
                and (scope.is_site_admin or scope.org_id == n.owner_org_id)
                and n.created_by_id != user.pk
            ):
                buttons.append((action, NOMINATION_LABELS[action]))
        if services.may_withdraw(user, n):
            buttons.append(("withdraw", NOMINATION_LABELS["withdraw"]))
        may_result = is_organiser and scope.can_write and held and n.status == N.Status.ATTENDED
        rows.append(
            {
                "n": n,
                "buttons": buttons,
                "may_result": may_result,
                "waiting": _waiting(n, user, is_organiser),
            }
        )
    used = selectors.places_by_org(course)
    quotas = [(q, used.get(q.org_id, 0)) for q in course.quotas.all()]
    deadline = (
        due_text(course.nomination_deadline, today, provisional=False)
        if course.status == C.Status.OPEN and course.nomination_deadline
        else ("", "")
    )
    may_nominate = (
        services.may_nominate(user)
        and course.status == C.Status.OPEN
        and (course.nomination_deadline is None or today <= course.nomination_deadline)
    )
    left = services.places_left(course, scope.org_id) if may_nominate and scope.org_id else None
    return render(
        request,
        "training/course_detail.html",
        {
            "title": course.title,
            "course": course,
            "organiser_kind_note": _organiser_kind_note(course),
            "deadline": deadline,
            "can_change": may_change,
            "actions": [(a, ACTION_LABELS[a]) for a in NEXT_ACTIONS.get(course.status, ())]
            if may_change
            else [],
            "quotas": quotas,
            "quota_form": QuotaForm(provinces=directory.province_code_choices()) if may_change else None,
            "nominations": rows,
            "nominate_form": NominateForm() if may_nominate and left != 0 else None,
            "no_places_left": may_nominate and left == 0,
            "places_left": left,
            "result_form": ResultForm(),
            "events": audit_events_for(user=user, target=course),
        },
    )


@login_required
@require_POST
def course_transition(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    course = selectors.course_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        TransitionForm(request.POST),
        lambda d: services.course_transition(
            actor=user, course_id=course.pk, action=d["action"], expected_version=d["version"]
        ),
        done=_("Đã cập nhật tình trạng khóa học."),
    )
    return redirect(course.get_absolute_url())


@login_required
@require_POST
def quota_set(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    course = selectors.course_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        QuotaForm(request.POST, provinces=directory.province_code_choices()),
        lambda d: services.quota_set(
            actor=user, course_id=course.pk, province=d["province"], places=d["places"]
        ),
        done=_("Đã lưu chỉ tiêu."),
    )
    return redirect(course.get_absolute_url() + "#quotas")


@login_required
@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    course = selectors.course_get(user=user, pk=pk)
    if not services.may_nominate(user):
        raise Forbidden()
    run_action(
        request,
        NominateForm(request.POST),
        lambda d: services.nomination_create(
            actor=user, course_id=course.pk, data=services.TraineeInput(**d)
        ),
        done=_("Đã đề xuất cử cán bộ; chờ lãnh đạo duyệt."),
    )
    return redirect(course.get_absolute_url() + "#nominations")


@login_required
@require_POST
def nomination_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    user = signed_in(request)
    nomination = selectors.nomination_get(user=user, pk=pk, action=Action.CHANGE)
    if action not in services.STEPS and action != "withdraw":
        raise Forbidden()

    def act(d: dict[str, Any]) -> object:
        if action == "withdraw":
            return services.nomination_withdraw(
                actor=user, nomination_id=nomination.pk, expected_version=d["version"]
            )
        return services.nomination_action(
            actor=user,
            nomination_id=nomination.pk,
            action=action,
            expected_version=d["version"],
            reason=d["reason"],
        )

    run_action(
        request,
        NominationActionForm(request.POST),
        act,
        done=str(NOMINATION_DONE[action]) % {"n": nomination.trainee.full_name},
    )
    if action == "withdraw":
        return redirect(reverse("training:course_detail", args=[nomination.course_id]) + "#nominations")
    return redirect(nomination.get_absolute_url())


@login_required
@require_POST
def nomination_result(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    nomination = selectors.nomination_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        ResultForm(request.POST),
        lambda d: services.nomination_result(
            actor=user,
            nomination_id=nomination.pk,
            expected_version=d["version"],
            result=d["result"],
            score=d["score"],
            certificate_number=d["certificate_number"],
            certificate_date=d["certificate_date"],
        ),
        done=_("Đã ghi kết quả."),
    )
    return redirect(nomination.get_absolute_url())


@login_required
def nomination_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(NominationFilters, request.GET).filters
    return list_page(
        request,
        title=_("Cử cán bộ tham gia đào tạo"),
        filters_schema=NominationFilters,
        queryset=lambda f: selectors.nomination_list(user=user, filters=f),
        columns=NOMINATION_COLUMNS,
        export_stem="cu-can-bo-dao-tao",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "province",
                "label": _("Tỉnh cử"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "topic",
                "label": _("Chủ đề"),
                "choices": selectors.topic_choices(),
                "current": filters.topic,
            },
            {"name": "year", "label": _("Năm"), "type": "number", "current": filters.year},
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": N.Status.choices,
                "current": filters.status,
            },
            {"name": "result", "label": _("Kết quả"), "choices": N.Result.choices, "current": filters.result},
        ],
        actions=_tabs(user),
    )


# --- bulk upload --------------------------------------------------------------------------------------------


@login_required
def import_page(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    course = selectors.course_get(user=user, pk=pk)
    if not services.may_nominate(user):
        raise Forbidden()
    form = UploadForm(request.POST or None, request.FILES or None)
    upload = None
    status = 200
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        if f.size > importer.MAX_BYTES:
            form.add_error("file", _("Tệp lớn hơn %(m)d MB.") % {"m": importer.MAX_BYTES // (1024 * 1024)})
            status = 400
        else:
            try:
                upload = importer.preview(actor=user, course_id=course.pk, filename=f.name, content=f.read())
            except ServiceError as exc:
                form.add_error("file", exc.message)
                status = 400
            except StateConflict as exc:
                form.add_error(None, str(exc))
                status = 409
            if upload is not None and upload.errors:
                status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "training/import.html",
        {
            "title": _("Cử cán bộ theo danh sách Excel: %(t)s") % {"t": course.title},
            "course": course,
            "form": form,
            "upload": upload,
            "preview_rows": importer.preview_rows(upload) if upload is not None else [],
            "labels": importer.LABELS,
        },
        status=status,
    )


@login_required
def import_template(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    course = selectors.course_get(user=user, pk=pk)
    out = io.BytesIO()
    importer.write_template(out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"mau-cu-can-bo-khoa-{course.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    upload = importer.upload_get(user=user, pk=pk)
    from django.contrib import messages

    try:
        done = importer.confirm(actor=user, upload_id=upload.pk)
    except (ServiceError, StateConflict) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    else:
        messages.success(request, _("Đã cử %(n)d cán bộ; chờ lãnh đạo duyệt.") % {"n": done.created_count})
    return redirect(reverse("training:course_detail", args=[upload.course_id]) + "#nominations")


@login_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    upload = importer.upload_get(user=user, pk=pk)
    from django.contrib import messages

    try:
        importer.discard(actor=user, upload_id=upload.pk)
    except StateConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã bỏ tệp %(f)s; không cử ai.") % {"f": upload.filename})
    return redirect(reverse("training:import", args=[upload.course_id]))


# --- trainees, counts, schemes --------------------------------------------------------------------------------


@login_required
def trainee_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    q = (request.GET.get("q") or "")[:200]
    page = paginate(selectors.trainee_list(user=user, q=q), request.GET)
    return render(
        request,
        "training/trainee_list.html",
        {"title": _("Học viên"), "page": page, "q": q, "query": urlencode({"q": q})},
    )


@login_required
def trainee_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    trainee = selectors.trainee_get(user=user, pk=pk)
    allowed = selectors.may_see_personal_data(user, trainee)
    unmasked = allowed and request.GET.get("personal") == "1"
    if unmasked:
        services.personal_data_read(
            user=user, trainee=trainee, path=request.get_full_path(), purpose="training history page"
        )
    return render(
        request,
        "training/trainee_detail.html",
        {
            "title": trainee.full_name,
            "trainee": trainee,
            "email": trainee.email if unmasked else selectors.mask(trainee.email),
            "phone": trainee.phone if unmasked else selectors.mask(trainee.phone),
            "may_unmask": allowed and not unmasked,
            "history": selectors.trainee_history(user=user, trainee=trainee),
        },
    )


@login_required
def counts(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    parsed = parse_filters(CountFilters, request.GET)
    rows = selectors.attended_counts(user=user, filters=parsed.filters)
    if request.GET.get("format") == "xlsx":
        from ngoaivu.core.columns import Column

        columns = [
            Column("province", _("Tỉnh cử"), lambda r: r.province),
            Column("topic", _("Chủ đề"), lambda r: r.topic),
            Column("year", _("Năm"), lambda r: str(r.year)),
            Column("count", _("Số lượt tham dự"), lambda r: r.count),
        ]
        return xlsx_response(
            iter(rows), columns, title=_("Lượt cán bộ tham dự đào tạo"), filename_stem="luot-dao-tao"
        )
    params = request.GET.copy()
    params["format"] = "xlsx"
    # a national table has thousands of rows (4,238 at national scale: 5.2 s to render); the total stays whole
    page = paginate(rows, request.GET)
    paging = request.GET.copy()
    paging.pop("page", None)
    return render(
        request,
        "training/counts.html",
        {
            "title": _("Lượt cán bộ tham dự đào tạo, bồi dưỡng"),
            "rows": [(r, selectors.count_url(r)) for r in page],
            "page": page,
            "query": paging.urlencode(),
            "total": sum(r.count for r in rows),
            "filters": parsed.filters,
            "provinces": directory.province_code_choices(),
            "topics": selectors.topic_choices(),
            "export_query": params.urlencode(),
        },
    )


@login_required
def scheme_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    return render(
        request,
        "training/scheme_list.html",
        {"title": _("Đề án đào tạo, bồi dưỡng"), "schemes": list(selectors.scheme_list(user=user))},
    )


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    scheme, targets = selectors.scheme_get(user=user, pk=pk)
    return render(
        request,
        "training/scheme_detail.html",
        {
            "title": scheme.title,
            "scheme": scheme,
            "targets": targets,
            "events": audit_events_for(user=user, target=scheme),
        },
    )
