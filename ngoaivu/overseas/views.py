"""Overseas Vietnamese: associations (with the remittances panel), notable people, programmes, investments —
lists (filters, sort, pages, Excel), details with the change history, create/edit forms — and the counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from ngoaivu.accounts.selectors import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.columns import xlsx_response
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.lists import PAGE_SIZES, paginate, parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import is_htmx, list_page, save_form
from ngoaivu.directory import selectors as directory
from ngoaivu.overseas import selectors, services
from ngoaivu.overseas.columns import (
    ASSOCIATION_COLUMNS,
    COUNT_COLUMNS,
    INVESTMENT_COLUMNS,
    PERSON_COLUMNS,
    PROGRAMME_COLUMNS,
    count,
    money,
)
from ngoaivu.overseas.filters import AssociationFilters, InvestmentFilters, PersonFilters, ProgrammeFilters
from ngoaivu.overseas.forms import AssociationForm, InvestmentForm, PersonForm, ProgrammeForm
from ngoaivu.overseas.models import OverseasAssociation, OverseasInvestment, OverseasPerson, OverseasProgramme


def _tabs(user: Any, create: str | None, what: str) -> list[dict[str, str]]:
    tabs = []
    if create and services.may_create(user, what):
        tabs.append({"url": reverse(create), "label": _("Thêm mới")})
    return [
        *tabs,
        {"url": reverse("overseas:association_list"), "label": _("Hội đoàn")},
        {"url": reverse("overseas:person_list"), "label": _("Kiều bào tiêu biểu")},
        {"url": reverse("overseas:programme_list"), "label": _("Chương trình")},
        {"url": reverse("overseas:investment_list"), "label": _("Đầu tư")},
        {"url": reverse("overseas:counts"), "label": _("Thống kê")},
    ]


def _mission_choices() -> list[tuple[str, str]]:
    from ngoaivu.directory.models import Mission

    return list(Mission.objects.order_by("sort_key").values_list("code", "name_vi"))


def _countries() -> list[tuple[str, str]]:
    return directory.country_code_choices(foreign_only=True)


# --- associations (with the remittances panel) ----------------------------------------------------------------


@login_required
def association_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    parsed = parse_filters(AssociationFilters, request.GET)
    filters = parsed.filters
    title = _("Hội đoàn người Việt Nam ở nước ngoài")
    qs = selectors.association_list(user=user, filters=filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            qs.iterator(chunk_size=2000), ASSOCIATION_COLUMNS, title=title, filename_stem="hoi-doan-kieu-bao"
        )
    page = paginate(qs, request.GET)
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    export_params = params.copy()
    export_params["format"] = "xlsx"
    context = {
        "title": title,
        "page": page,
        "rows": [
            [(c, c.display(o), c.link(o) if c.link else None) for c in ASSOCIATION_COLUMNS] for o in page
        ],
        "columns": ASSOCIATION_COLUMNS,
        "filters": filters,
        "filter_errors": parsed.errors,
        "filter_fields": [
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "kind",
                "label": _("Loại"),
                "choices": OverseasAssociation.Kind.choices,
                "current": filters.kind,
            },
            {"name": "country", "label": _("Quốc gia"), "choices": _countries(), "current": filters.country},
            {
                "name": "mission",
                "label": _("Cơ quan đại diện"),
                "choices": _mission_choices(),
                "current": filters.mission,
            },
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": OverseasAssociation.Status.choices,
                "current": filters.status,
            },
        ],
        "current_sort": filters.sort or "",
        "query": params.urlencode(),
        "sort_query": sort_params.urlencode(),
        "export_query": export_params.urlencode(),
        "page_sizes": PAGE_SIZES,
        "actions": _tabs(user, "overseas:association_create", "association"),
    }
    if is_htmx(request):
        response = render(request, "partials/_list_results.html", context)
    else:
        context["panel"] = selectors.remittances_panel(user=user)
        response = render(request, "overseas/association_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _guard_form(request: HttpRequest, user: Any, record: Any, form: Any) -> None:
    """An edit form as the editor may see it: the contact details (personal data) left out for an editor who may
    not see them (the service keeps the stored values), shown to those who may — the read logged like the
    detail page's `?personal=1`; the visibility only for the owner (a co-editor cannot change it)."""
    if record is None:
        return
    if not selectors.may_see_personal_data(user, record):
        for name in services.CONTACT_FIELDS[type(record)]:
            form.fields.pop(name, None)
    elif request.method == "GET" and any(
        getattr(record, f) for f in services.CONTACT_FIELDS[type(record)] if f not in ("consent", "purpose")
    ):
        services.personal_data_read(user=user, record=record, path=request.get_full_path())
    if not services.is_owner(user, record):
        form.fields.pop("visibility", None)


def _kept(d: dict[str, Any], record: Any, name: str, default: Any = "") -> Any:
    """A field's cleaned value, or the stored one when the field was left out of the form for this editor."""
    if name in d:
        return d[name]
    return getattr(record, name) if record is not None else default


def _association_input(d: dict[str, Any], record: Any = None) -> services.AssociationInput:
    return services.AssociationInput(
        name_vi=d["name_vi"],
        kind=d["kind"],
        country=d["country"],
        name_original=d["name_original"],
        city=d["city"],
        mission=d["mission"] or "",
        founded_year=d["founded_year"],
        members=d["members"],
        fields=d["activities"],
        status=d["status"],
        leader_name=_kept(d, record, "leader_name"),
        leader_role=d["leader_role"],
        contact_email=_kept(d, record, "contact_email"),
        contact_phone=_kept(d, record, "contact_phone"),
        consent=_kept(d, record, "consent", False),
        purpose=_kept(d, record, "purpose"),
        note=d["note"],
        visibility=_kept(d, record, "visibility", "shared"),
    )


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    title: str,
    back: str,
    done: str,
) -> HttpResponseBase:
    saved = save_form(request, form, save, done=done)
    if saved.result is not None:
        return redirect(saved.result)
    return render(
        request, "overseas/form.html", {"title": title, "form": form, "back": back}, status=saved.status
    )


@login_required
def association_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    record = None
    initial: dict[str, Any] = {"visibility": "shared", "status": "active"}
    if pk is not None:
        record = selectors.association_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{f: getattr(record, f) for f in AssociationForm.base_fields if hasattr(record, f)},
            "country": record.country.iso2,
            "mission": record.mission.code if record.mission else "",
            "activities": record.fields,
        }
    elif not services.may_create(user, "association"):
        raise Forbidden()
    form = AssociationForm(
        request.POST or None, initial=initial, country=_countries(), mission=_mission_choices()
    )
    _guard_form(request, user, record, form)

    def save(d: dict[str, Any]) -> OverseasAssociation:
        if record is None:
            return services.association_create(actor=user, data=_association_input(d))
        return services.association_update(
            actor=user,
            association_id=record.pk,
            expected_version=d["version"],
            data=_association_input(d, record),
        )

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("Thêm hội đoàn") if record is None else _("Sửa: %(t)s") % {"t": record.name_vi},
        back=reverse("overseas:association_list") if record is None else record.get_absolute_url(),
        done=_("Đã lưu hội đoàn."),
    )


def _contact(request: HttpRequest, user: Any, record: Any) -> tuple[bool, selectors.Contact]:
    may_see = selectors.may_see_personal_data(user, record)
    unmasked = request.GET.get("personal") == "1"
    if unmasked:
        services.personal_data_read(user=user, record=record, path=request.get_full_path())
    return may_see, selectors.contact_of(record, unmasked=unmasked)


@login_required
def association_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    record = selectors.association_get(user=user, pk=pk)
    may_see, contact = _contact(request, user, record)
    return render(
        request,
        "overseas/association_detail.html",
        {
            "title": record.name_vi,
            "a": record,
            "members": count(record.members),
            "contact": contact,
            "may_see_personal": may_see,
            "can_change": can(user, Action.CHANGE, record),
            "events": audit_events_for(user=user, target=record),
        },
    )


# --- notable people -------------------------------------------------------------------------------------------


@login_required
def person_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(PersonFilters, request.GET).filters
    return list_page(
        request,
        title=_("Kiều bào tiêu biểu"),
        filters_schema=PersonFilters,
        queryset=lambda f: selectors.person_list(user=user, filters=f),
        columns=PERSON_COLUMNS,
        export_stem="kieu-bao-tieu-bieu",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {"name": "country", "label": _("Quốc gia"), "choices": _countries(), "current": filters.country},
            {
                "name": "field",
                "label": _("Lĩnh vực"),
                "choices": OverseasPerson.Field.choices,
                "current": filters.field,
            },
        ],
        actions=_tabs(user, "overseas:person_create", "person"),
    )


def _person_input(d: dict[str, Any], record: Any = None) -> services.PersonInput:
    return services.PersonInput(
        full_name=d["full_name"],
        country=d["country"],
        field=d["field"],
        organisation=d["organisation"],
        position=d["position"],
        association_ids=tuple(d["associations"]),
        email=_kept(d, record, "email"),
        phone=_kept(d, record, "phone"),
        consent=_kept(d, record, "consent", False),
        purpose=_kept(d, record, "purpose"),
        note=d["note"],
        visibility=_kept(d, record, "visibility", "shared"),
    )


@login_required
def person_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    record = None
    initial: dict[str, Any] = {"visibility": "shared"}
    if pk is not None:
        record = selectors.person_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{
                f: getattr(record, f)
                for f in PersonForm.base_fields
                if f != "associations" and hasattr(record, f)
            },
            "country": record.country.iso2,
            "associations": [a.pk for a in record.visible_associations],  # type: ignore[attr-defined]
        }
    elif not services.may_create(user, "person"):
        raise Forbidden()
    form = PersonForm(
        request.POST or None,
        initial=initial,
        country=_countries(),
        associations=selectors.association_choices(user=user),
    )
    _guard_form(request, user, record, form)

    def save(d: dict[str, Any]) -> OverseasPerson:
        if record is None:
            return services.person_create(actor=user, data=_person_input(d))
        return services.person_update(
            actor=user, person_id=record.pk, expected_version=d["version"], data=_person_input(d, record)
        )

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("Thêm kiều bào tiêu biểu") if record is None else _("Sửa: %(t)s") % {"t": record.full_name},
        back=reverse("overseas:person_list") if record is None else record.get_absolute_url(),
        done=_("Đã lưu thông tin kiều bào."),
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    record = selectors.person_get(user=user, pk=pk)
    may_see, contact = _contact(request, user, record)
    return render(
        request,
        "overseas/person_detail.html",
        {
            "title": record.full_name,
            "p": record,
            "contact": contact,
            "may_see_personal": may_see,
            "can_change": can(user, Action.CHANGE, record),
            "events": audit_events_for(user=user, target=record),
        },
    )


# --- programmes -----------------------------------------------------------------------------------------------


@login_required
def programme_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(ProgrammeFilters, request.GET).filters
    return list_page(
        request,
        title=_("Chương trình với kiều bào"),
        filters_schema=ProgrammeFilters,
        queryset=lambda f: selectors.programme_list(user=user, filters=f),
        columns=PROGRAMME_COLUMNS,
        export_stem="chuong-trinh-kieu-bao",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "kind",
                "label": _("Loại"),
                "choices": OverseasProgramme.Kind.choices,
                "current": filters.kind,
            },
            {"name": "year", "label": _("Năm"), "type": "number", "current": filters.year},
            {
                "name": "province",
                "label": _("Tỉnh"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {"name": "country", "label": _("Quốc gia"), "choices": _countries(), "current": filters.country},
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": OverseasProgramme.Status.choices,
                "current": filters.status,
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
        ],
        actions=[
            *_tabs(user, "overseas:programme_create", "programme"),
            {"url": reverse("delegations:calendar") + "?kind=overseas", "label": _("Lịch chung")},
        ],
    )


def _programme_input(d: dict[str, Any]) -> services.ProgrammeInput:
    return services.ProgrammeInput(
        title=d["title"],
        kind=d["kind"],
        starts_on=d["starts_on"],
        ends_on=d["ends_on"],
        organiser_name=d["organiser_name"],
        place=d["place"],
        provinces=tuple(d["provinces"]),
        countries=tuple(d["countries"]),
        association_ids=tuple(d["associations"]),
        participants=d["participants"],
        outcomes=d["outcomes"],
        status=d["status"],
        visibility=d["visibility"],
    )


@login_required
def programme_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    record = None
    initial: dict[str, Any] = {"visibility": "shared", "status": "planned"}
    if pk is not None:
        record = selectors.programme_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{
                f: getattr(record, f)
                for f in ProgrammeForm.base_fields
                if f not in {"provinces", "countries", "associations"} and hasattr(record, f)
            },
            "provinces": [p.code for p in record.provinces.all()],
            "countries": [c.iso2 for c in record.countries.all()],
            "associations": [a.pk for a in record.visible_associations],  # type: ignore[attr-defined]
        }
    elif not services.may_create(user, "programme"):
        raise Forbidden()
    form = ProgrammeForm(
        request.POST or None,
        initial=initial,
        provinces=directory.province_code_choices(),
        countries=_countries(),
        associations=selectors.association_choices(user=user),
    )

    def save(d: dict[str, Any]) -> OverseasProgramme:
        if record is None:
            return services.programme_create(actor=user, data=_programme_input(d))
        return services.programme_update(
            actor=user, programme_id=record.pk, expected_version=d["version"], data=_programme_input(d)
        )

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("Thêm chương trình với kiều bào")
        if record is None
        else _("Sửa: %(t)s") % {"t": record.title},
        back=reverse("overseas:programme_list") if record is None else record.get_absolute_url(),
        done=_("Đã lưu chương trình."),
    )


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    record = selectors.programme_get(user=user, pk=pk)
    return render(
        request,
        "overseas/programme_detail.html",
        {
            "title": record.title,
            "g": record,
            "participants": count(record.participants),
            "can_change": can(user, Action.CHANGE, record),
            "events": audit_events_for(user=user, target=record),
        },
    )


# --- investments ----------------------------------------------------------------------------------------------


@login_required
def investment_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(InvestmentFilters, request.GET).filters
    return list_page(
        request,
        title=_("Dự án đầu tư của kiều bào"),
        filters_schema=InvestmentFilters,
        queryset=lambda f: selectors.investment_list(user=user, filters=f),
        columns=INVESTMENT_COLUMNS,
        export_stem="dau-tu-kieu-bao",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "province",
                "label": _("Tỉnh"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {"name": "year", "label": _("Năm"), "type": "number", "current": filters.year},
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": OverseasInvestment.Status.choices,
                "current": filters.status,
            },
        ],
        actions=_tabs(user, "overseas:investment_create", "investment"),
    )


def _investment_input(d: dict[str, Any]) -> services.InvestmentInput:
    return services.InvestmentInput(
        title=d["title"],
        sector=d["sector"],
        year=d["year"],
        province_as_named=d["province_as_named"],
        association_id=d["association"],
        person_id=d["person"],
        investor_name=d["investor_name"],
        capital=d["capital"],
        currency=d["currency"],
        status=d["status"],
        source=d["source"],
        note=d["note"],
        visibility=d["visibility"],
    )


@login_required
def investment_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    record = None
    initial: dict[str, Any] = {"visibility": "shared", "status": "proposed"}
    if pk is not None:
        record = selectors.investment_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{
                f: getattr(record, f)
                for f in InvestmentForm.base_fields
                if f not in {"association", "person"} and hasattr(record, f)
            },
            "association": record.association_id,
            "person": record.person_id,
        }
    elif not services.may_create(user, "investment"):
        raise Forbidden()
    form = InvestmentForm(
        request.POST or None,
        initial=initial,
        association=selectors.association_choices(user=user),
        person=selectors.person_choices(user=user),
    )

    def save(d: dict[str, Any]) -> OverseasInvestment:
        if record is None:
            return services.investment_create(actor=user, data=_investment_input(d))
        return services.investment_update(
            actor=user, investment_id=record.pk, expected_version=d["version"], data=_investment_input(d)
        )

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("Thêm dự án đầu tư của kiều bào")
        if record is None
        else _("Sửa: %(t)s") % {"t": record.title},
        back=reverse("overseas:investment_list") if record is None else record.get_absolute_url(),
        done=_("Đã lưu dự án đầu tư."),
    )


@login_required
def investment_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    record = selectors.investment_get(user=user, pk=pk)
    return render(
        request,
        "overseas/investment_detail.html",
        {
            "title": record.title,
            "i": record,
            "capital": money(record.capital, record.currency),
            "association": selectors.linked_association(user, record),
            "person": selectors.linked_person(user, record),
            "can_change": can(user, Action.CHANGE, record),
            "events": audit_events_for(user=user, target=record),
        },
    )


# --- counts ---------------------------------------------------------------------------------------------------


@login_required
def counts(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    groups = [
        ("by_country", _("Hội đoàn theo quốc gia"), selectors.associations_by_country(user=user)),
        ("by_mission", _("Hội đoàn theo cơ quan đại diện"), selectors.associations_by_mission(user=user)),
        (
            "by_year_kind",
            _("Chương trình theo năm và loại"),
            selectors.programmes_by_year_and_kind(user=user),
        ),
        ("by_province", _("Dự án đầu tư theo tỉnh"), selectors.investments_by_province(user=user)),
    ]
    title = _("Thống kê về người Việt Nam ở nước ngoài")
    if request.GET.get("format") == "xlsx":
        rows = [(str(label), r) for _key, label, found in groups for r in found]
        return xlsx_response(rows, COUNT_COLUMNS, title=title, filename_stem="thong-ke-kieu-bao")
    return render(
        request,
        "overseas/counts.html",
        {"title": title, "groups": groups, "actions": _tabs(user, None, "")},
    )
