"""Border cooperation pages: mechanisms (list, detail, form), meetings (list, detail with the commitments made
there and those of the previous meeting reported on, form, workflow buttons), commitments across mechanisms,
counts, and the documents (founding document, minutes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.selectors import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.border import selectors, services
from ngoaivu.border.columns import COMMITMENT_COLUMNS, MECHANISM_COLUMNS, MEETING_COLUMNS
from ngoaivu.border.filters import CommitmentFilters, MechanismFilters, MeetingFilters
from ngoaivu.border.forms import (
    BorderFileForm,
    CommitmentActionForm,
    CommitmentForm,
    MechanismForm,
    MeetingActionForm,
    MeetingForm,
)
from ngoaivu.border.models import BorderFile, BorderMechanism, BorderMeeting, Commitment
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, xlsx_response
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import YES_NO, bool_param, list_page, run_action, save_form, service_error_text
from ngoaivu.directory import selectors as directory


def _tabs(user: Any) -> list[dict[str, str]]:
    actions = []
    if services.may_lead(user):
        actions.append({"url": reverse("border:mechanism_create"), "label": _("Thêm cơ chế")})
    return [
        *actions,
        {"url": reverse("border:meeting_list"), "label": _("Cuộc họp")},
        {"url": reverse("border:commitment_list") + "?status=open", "label": _("Cam kết")},
        {"url": reverse("border:counts"), "label": _("Thống kê")},
    ]


@login_required
def mechanism_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(MechanismFilters, request.GET).filters
    return list_page(
        request,
        title=_("Cơ chế hợp tác biên giới"),
        filters_schema=MechanismFilters,
        queryset=lambda f: selectors.mechanism_list(user=user, filters=f),
        columns=MECHANISM_COLUMNS,
        export_stem="co-che-hop-tac-bien-gioi",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "kind",
                "label": _("Loại"),
                "choices": BorderMechanism.Kind.choices,
                "current": filters.kind,
            },
            {
                "name": "level",
                "label": _("Cấp"),
                "choices": BorderMechanism.Level.choices,
                "current": filters.level,
            },
            {
                "name": "province",
                "label": _("Tỉnh thành viên"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "country",
                "label": _("Quốc gia đối tác"),
                "choices": directory.country_code_choices(foreign_only=True),
                "current": filters.country,
            },
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": BorderMechanism.Status.choices,
                "current": filters.status,
            },
        ],
        actions=_tabs(user),
    )


def _mechanism_input(data: dict[str, Any], current: BorderMechanism | None) -> services.MechanismInput:
    foreign = [services.ForeignMemberInput(name="", country="", partner_id=pk) for pk in data["partners"]]
    foreign += [services.ForeignMemberInput(name=n, country=c) for n, c in data["foreign_members"]]
    return services.MechanismInput(
        name_vi=data["name_vi"],
        name_en=data["name_en"],
        kind=data["kind"],
        level=data["level"],
        countries=tuple(data["countries"]),
        provinces=tuple(data["provinces"]),
        members_as_named=tuple(data["members_as_named"]),
        foreign_members=tuple(foreign),
        founded_on=data["founded_on"],
        founding_doc_number=data["founding_doc_number"],
        founding_doc_date=data["founding_doc_date"],
        founding_doc_title=data["founding_doc_title"],
        cycle=data["cycle"],
        status=data["status"],
        description=data["description"],
        agreement_ids=tuple(data["agreements"]),
    )


MECHANISM_FIELDS = (
    "name_vi",
    "name_en",
    "kind",
    "level",
    "founded_on",
    "founding_doc_number",
    "founding_doc_date",
    "founding_doc_title",
    "cycle",
    "status",
    "description",
    "version",
)


@login_required
def mechanism_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    mechanism = None
    initial: dict[str, Any] = {"status": "active", "cycle": "yearly"}
    if pk is not None:
        mechanism = selectors.mechanism_get(user=user, pk=pk, action=Action.CHANGE)
        members = list(mechanism.foreign_members.all())
        initial = {
            **{f: getattr(mechanism, f) for f in MECHANISM_FIELDS},
            "provinces": [p.code for p in mechanism.provinces.all()],
            "members_as_named": mechanism.members_as_named if mechanism.former_provinces.all() else "",
            "countries": [c.iso2 for c in mechanism.countries.all()],
            "partners": [f.partner_id for f in members if f.partner_id],
            "foreign_members": "\n".join(f"{f.name} | {f.country.iso2}" for f in members if not f.partner_id),
            "agreements": [a.pk for a in mechanism.linked_agreements],  # type: ignore[attr-defined]
        }
    elif not services.may_lead(user):
        raise Forbidden()
    form = MechanismForm(
        request.POST or None,
        initial=initial,
        provinces=directory.province_code_choices(),
        countries=directory.country_code_choices(foreign_only=True),
        partners=selectors.partner_choices(user=user),
        agreements=selectors.agreement_choices(user=user, linked=initial.get("agreements", ())),
    )

    def save(data: dict[str, Any]) -> BorderMechanism:
        if mechanism is None:
            return services.mechanism_create(actor=user, data=_mechanism_input(data, None))
        return services.mechanism_update(
            actor=user,
            mechanism_id=mechanism.pk,
            expected_version=data["version"],
            data=_mechanism_input(data, mechanism),
        )

    saved = save_form(request, form, save, done=_("Đã lưu cơ chế hợp tác."))
    if saved.result is not None:
        return redirect(saved.result)
    title = (
        _("Thêm cơ chế hợp tác biên giới")
        if mechanism is None
        else _("Sửa: %(t)s") % {"t": mechanism.name_vi}
    )
    return render(
        request,
        "border/form.html",
        {
            "title": title,
            "form": form,
            "back": reverse("border:mechanism_list") if mechanism is None else mechanism.get_absolute_url(),
        },
        status=saved.status,
    )


@login_required
def mechanism_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    mechanism = selectors.mechanism_get(user=user, pk=pk)
    may_change = can(user, Action.CHANGE, mechanism)
    return render(
        request,
        "border/mechanism_detail.html",
        {
            "title": mechanism.name_vi,
            "mechanism": mechanism,
            "meetings": selectors.mechanism_meetings(user=user, mechanism=mechanism),
            "agreements": mechanism.linked_agreements,  # type: ignore[attr-defined]
            "can_change": may_change,
            "file_form": BorderFileForm(kinds=_file_kinds(meeting=False)) if may_change else None,
            "events": audit_events_for(user=user, target=mechanism),
        },
    )


def _file_kinds(*, meeting: bool) -> list[tuple[str, Any]]:
    wanted = ("minutes", "other") if meeting else ("founding", "other")
    return [(k, label) for k, label in BorderFile.Kind.choices if k in wanted]


@login_required
def meeting_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(MeetingFilters, request.GET).filters
    this_year = timezone.localdate().year
    return list_page(
        request,
        title=_("Cuộc họp hợp tác biên giới"),
        filters_schema=MeetingFilters,
        queryset=lambda f: selectors.meeting_list(user=user, filters=f),
        columns=MEETING_COLUMNS,
        export_stem="cuoc-hop-hop-tac-bien-gioi",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "kind",
                "label": _("Loại"),
                "choices": BorderMeeting.Kind.choices,
                "current": filters.kind,
            },
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": BorderMeeting.Status.choices,
                "current": filters.status,
            },
            {
                "name": "province",
                "label": _("Tỉnh thành viên"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "country",
                "label": _("Quốc gia đối tác"),
                "choices": directory.country_code_choices(foreign_only=True),
                "current": filters.country,
            },
            {
                "name": "year",
                "label": _("Năm"),
                "choices": [(y, str(y)) for y in range(this_year + 1, 1999, -1)],
                "current": filters.year,
            },
            {
                "name": "held",
                "label": _("Đã diễn ra"),
                "choices": YES_NO,
                "current": bool_param(filters.held),
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
            {
                "name": "mechanism",
                "label": _("Cơ chế"),
                "choices": selectors.mechanism_choices(user=user),
                "current": filters.mechanism,
            },
            {
                "name": "mine",
                "label": _("Cơ chế đơn vị tôi chủ trì"),
                "choices": YES_NO,
                "current": bool_param(filters.mine),
            },
        ],
        actions=[
            {"url": reverse("border:mechanism_list"), "label": _("Cơ chế")},
            {"url": reverse("delegations:calendar") + "?kind=border", "label": _("Lịch chung")},
        ],
    )


def _meeting_input(data: dict[str, Any]) -> services.MeetingInput:
    return services.MeetingInput(
        title=data["title"],
        kind=data["kind"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        host=data["host"],
        place=data["place"],
        delegations=data["delegations"],
        summary=data["summary"],
    )


@login_required
def meeting_form(
    request: HttpRequest, pk: int | None = None, meeting_pk: int | None = None
) -> HttpResponseBase:
    """New meeting of mechanism `pk`, or edit of meeting `meeting_pk`."""
    user = signed_in(request)
    meeting = None
    if meeting_pk is not None:
        meeting = selectors.meeting_get(user=user, pk=meeting_pk, action=Action.CHANGE)
        mechanism = meeting.mechanism
        initial: dict[str, Any] = {
            f: getattr(meeting, f)
            for f in (
                "title",
                "kind",
                "starts_on",
                "ends_on",
                "host",
                "place",
                "delegations",
                "summary",
                "version",
            )
        }
    else:
        mechanism = selectors.mechanism_get(user=user, pk=pk or 0, action=Action.CHANGE)
        initial = {"kind": "conference", "host": "vietnam"}
    form = MeetingForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> BorderMeeting:
        if meeting is None:
            return services.meeting_create(actor=user, mechanism_id=mechanism.pk, data=_meeting_input(data))
        return services.meeting_update(
            actor=user, meeting_id=meeting.pk, expected_version=data["version"], data=_meeting_input(data)
        )

    saved = save_form(request, form, save, done=_("Đã lưu cuộc họp."))
    if saved.result is not None:
        return redirect(saved.result)
    title = (
        _("Thêm cuộc họp: %(m)s") % {"m": mechanism.name_vi}
        if meeting is None
        else _("Sửa: %(t)s") % {"t": meeting.title}
    )
    return render(
        request,
        "border/form.html",
        {
            "title": title,
            "form": form,
            "back": mechanism.get_absolute_url() if meeting is None else meeting.get_absolute_url(),
        },
        status=saved.status,
    )


def _organisations(user: Any, meeting: BorderMeeting) -> list[tuple[str, str]]:
    """The owner organisations a commitment of this meeting may be given to: those that see the mechanism
    (a member province's writer: only its own organisation)."""
    qs = services.commitment_owner_orgs(meeting.mechanism)
    if not services.is_owner_writer(user, meeting.mechanism):
        qs = qs.filter(pk=user.scope.org_id or 0)
    return [(o.code, o.name_vi) for o in qs.order_by("kind", "name_vi").only("code", "name_vi")]


def _with_due(commitments: Any, today: Any) -> list[tuple[Commitment, tuple[str, str]]]:
    return [
        (c, due_text(c.due_on if c.status == Commitment.Status.OPEN else None, today, provisional=False))
        for c in commitments
    ]


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    meeting = selectors.meeting_get(user=user, pk=pk)
    today = timezone.localdate()
    may_change = can(user, Action.CHANGE, meeting)
    member = not may_change and services.is_member_writer(user, meeting.mechanism_id)
    held = meeting.status in (BorderMeeting.Status.HELD, BorderMeeting.Status.MINUTES)
    previous = selectors.previous_meeting(user=user, meeting=meeting)
    commitments = list(meeting.commitments.all())
    org_id = user.scope.org_id
    return render(
        request,
        "border/meeting_detail.html",
        {
            "title": meeting.title,
            "meeting": meeting,
            "mechanism": meeting.mechanism,
            "commitments": _with_due(commitments, today),
            "reportable": {
                c.pk for c in commitments if may_change or (c.owner_org_id and c.owner_org_id == org_id)
            }
            if user.scope.can_write
            else set(),
            "previous": previous,
            "previous_open": _with_due([c for c in previous.commitments.all() if c.is_open], today)
            if previous
            else [],
            "previous_closed": [c for c in previous.commitments.all() if not c.is_open] if previous else [],
            "can_change": may_change,
            "can_act": may_change and meeting.status != BorderMeeting.Status.CANCELLED,
            "commitment_form": CommitmentForm(organisations=_organisations(user, meeting))
            if held and (may_change or member)
            else None,
            "member_only": member,
            "file_form": BorderFileForm(kinds=_file_kinds(meeting=True)) if may_change else None,
            "files": list(meeting.files.all()),
            "events": selectors.meeting_history(user=user, meeting=meeting),
            "today": today,
        },
    )


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    meeting = selectors.meeting_get(user=user, pk=pk, action=Action.CHANGE)
    done = {
        "hold": _("Đã ghi nhận cuộc họp đã diễn ra."),
        "minutes": _("Đã ghi biên bản."),
        "cancel": _("Đã hủy cuộc họp."),
    }
    form = MeetingActionForm(request.POST)
    run_action(
        request,
        form,
        lambda d: services.meeting_action(
            actor=user,
            meeting_id=meeting.pk,
            action=d["action"],
            expected_version=d["version"],
            minutes_number=d["minutes_number"],
            minutes_signed_on=d["minutes_signed_on"],
            summary=d["summary"],
            reason=d["reason"],
        ),
        done=str(done.get(request.POST.get("action", ""), _("Đã cập nhật."))),
    )
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def commitment_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    meeting = selectors.meeting_get(user=user, pk=pk)
    if not (
        services.is_owner_writer(user, meeting.mechanism)
        or services.is_member_writer(user, meeting.mechanism_id)
    ):
        raise Forbidden()
    form = CommitmentForm(request.POST, organisations=_organisations(user, meeting))
    run_action(
        request,
        form,
        lambda d: services.commitment_add(
            actor=user,
            meeting_id=meeting.pk,
            data=services.CommitmentInput(
                text=d["text"], due_on=d["due_on"], owner_org=d["owner_org"], owner_person=d["owner_person"]
            ),
        ),
        done=_("Đã thêm cam kết."),
    )
    return redirect(meeting.get_absolute_url() + "#commitments")


@login_required
@require_POST
def commitment_action(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponseBase:
    user = signed_in(request)
    services.commitment_get(actor=user, meeting_id=pk, commitment_id=commitment_pk, action=Action.CHANGE)
    run_action(
        request,
        CommitmentActionForm(request.POST),
        lambda d: services.commitment_update(
            actor=user,
            meeting_id=pk,
            commitment_id=commitment_pk,
            action=d["action"],
            expected_version=d["version"],
            note=d["note"],
            done_on=d["done_on"],
            reason=d["reason"],
        ),
        done=_("Đã cập nhật cam kết."),
    )
    return redirect(reverse("border:meeting_detail", args=[pk]) + f"#commitment-{commitment_pk}")


@login_required
def commitment_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(CommitmentFilters, request.GET).filters
    return list_page(
        request,
        title=_("Cam kết tại các cuộc họp hợp tác biên giới"),
        filters_schema=CommitmentFilters,
        queryset=lambda f: selectors.commitment_list(user=user, filters=f),
        columns=COMMITMENT_COLUMNS,
        export_stem="cam-ket-hop-tac-bien-gioi",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": Commitment.Status.choices,
                "current": filters.status,
            },
            {
                "name": "overdue",
                "label": _("Quá hạn"),
                "choices": YES_NO,
                "current": bool_param(filters.overdue),
            },
            {
                "name": "mine",
                "label": _("Đơn vị tôi chủ trì"),
                "choices": YES_NO,
                "current": bool_param(filters.mine),
            },
            {
                "name": "province",
                "label": _("Tỉnh thành viên"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {"name": "due_from", "label": _("Hạn từ ngày"), "type": "date", "current": filters.due_from},
            {"name": "due_to", "label": _("Hạn đến ngày"), "type": "date", "current": filters.due_to},
        ],
        actions=[
            {
                "url": reverse("border:commitment_list") + "?status=open&mine=true",
                "label": _("Của đơn vị tôi"),
            },
            {"url": reverse("border:commitment_list") + "?overdue=true", "label": _("Quá hạn")},
            {"url": reverse("border:mechanism_list"), "label": _("Cơ chế")},
        ],
    )


COUNT_COLUMNS = [
    Column("table", "Bảng", lambda r: r[0]),
    Column("row", "Dòng", lambda r: r[1]),
    Column("col", "Cột", lambda r: r[2]),
    Column("n", "Số lượng", lambda r: r[3]),
]


@login_required
def counts(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    data = selectors.mechanism_counts(user=user)
    kinds = dict(BorderMechanism.Kind.choices)
    meeting_kinds = dict(BorderMeeting.Kind.choices)
    countries: dict[str, dict[str, Any]] = {}
    for r in data["by_country"]:
        row = countries.setdefault(
            r["country__iso2"], {"name": r["country__name_vi"], "cells": {}, "total": 0}
        )
        row["cells"][r["bordermechanism__kind"]] = r["n"]
        row["total"] += r["n"]
    years: dict[int, dict[str, Any]] = {}
    for r in data["meetings"]:
        row = years.setdefault(r["year"], {"cells": {}, "total": 0})
        row["cells"][r["kind"]] = r["n"]
        row["total"] += r["n"]
    title = _("Thống kê hợp tác biên giới")
    if request.GET.get("format") == "xlsx":
        rows: list[tuple[str, str, str, int]] = []
        for k, label in kinds.items():
            rows.append((_("Cơ chế theo loại"), str(label), "", int(data["by_kind"].get(k, 0))))
        for row in countries.values():
            for k, n in row["cells"].items():
                rows.append((_("Cơ chế theo quốc gia đối tác"), row["name"], str(kinds.get(k, k)), n))
        for year in sorted(years):
            for k, n in years[year]["cells"].items():
                rows.append((_("Cuộc họp đã diễn ra theo năm"), str(year), str(meeting_kinds.get(k, k)), n))
        return xlsx_response(rows, COUNT_COLUMNS, title=title, filename_stem="thong-ke-hop-tac-bien-gioi")
    return render(
        request,
        "border/counts.html",
        {
            "title": title,
            "kinds": kinds,
            "by_kind": [(k, label, data["by_kind"].get(k, 0)) for k, label in kinds.items()],
            "total": sum(data["by_kind"].values()),
            "member_of_none": bool(user.scope.is_province and not sum(data["by_kind"].values())),
            "countries": [
                (iso, row["name"], [(k, row["cells"].get(k, 0)) for k in kinds], row["total"])
                for iso, row in countries.items()
            ],
            "meeting_kinds": meeting_kinds,
            "years": [
                (y, [(k, years[y]["cells"].get(k, 0)) for k in meeting_kinds], years[y]["total"])
                for y in sorted(years, reverse=True)
            ],
        },
    )


@login_required
@require_POST
def file_upload(request: HttpRequest, pk: int, meeting_pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    if meeting_pk is not None:
        meeting = selectors.meeting_get(user=user, pk=meeting_pk, action=Action.CHANGE)
        back, mechanism_id = meeting.get_absolute_url(), meeting.mechanism_id
    else:
        mechanism = selectors.mechanism_get(user=user, pk=pk, action=Action.CHANGE)
        back, mechanism_id = mechanism.get_absolute_url(), mechanism.pk
    form = BorderFileForm(request.POST, request.FILES, kinds=_file_kinds(meeting=meeting_pk is not None))
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.error(request, f"{label}: {' '.join(str(e) for e in errs)}")
        return redirect(back)
    try:
        services.file_add(
            actor=user,
            mechanism_id=mechanism_id,
            meeting_id=meeting_pk,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        )
    except ServiceError as exc:
        messages.error(request, service_error_text(form, exc))
    else:
        messages.success(request, _("Đã tải lên tài liệu."))
    return redirect(back)


@login_required
def file_download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    """A document of a mechanism or of one of its meetings, to whoever may see the mechanism."""
    mechanism = selectors.mechanism_get(user=signed_in(request), pk=pk)
    doc = (
        BorderFile.objects.filter(mechanism_id=mechanism.pk, pk=file_pk).first()
        if 0 < file_pk < 2**63
        else None
    )
    if doc is None or not doc.file:
        raise Http404()
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name)


@login_required
@require_POST
def meeting_file_upload(request: HttpRequest, meeting_pk: int) -> HttpResponseBase:
    return file_upload(request, 0, meeting_pk=meeting_pk)
