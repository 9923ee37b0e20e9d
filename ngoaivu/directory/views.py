from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import FilterSchema

from ngoaivu.accounts.models import Organisation
from ngoaivu.accounts.selectors import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.selectors import calendar_day_list, calendar_missing_years, covered_years, working_calendar
from ngoaivu.core.web import Saved, int_or_none, list_page, run_action, save_form
from ngoaivu.directory import columns, ftas, selectors, services
from ngoaivu.directory.filters import (
    CountryFilters,
    FormerProvinceFilters,
    MissionFilters,
    OrganisationFilters,
    PartnerFilters,
    ProvinceFilters,
)
from ngoaivu.directory.forms import ContactForm, DeleteForm, PartnerForm
from ngoaivu.directory.models import Mission, Partner, Province

F = TypeVar("F", bound=FilterSchema)
Q_FIELD = {"name": "q", "label": gettext_lazy("Tìm kiếm (có dấu hoặc không dấu)"), "type": "search"}


def selectors_filters(request: HttpRequest, schema: type[F]) -> F:
    filters: F = parse_filters(schema, request.GET).filters
    return filters


def _field(name: str, label: Any, choices: Any, filters: Any) -> dict[str, Any]:
    return {"name": name, "label": label, "choices": list(choices), "current": getattr(filters, name, None)}


def _q(filters: Any) -> dict[str, Any]:
    return {**Q_FIELD, "current": filters.q}


@login_required
def province_list(request: HttpRequest) -> HttpResponseBase:
    filters = selectors_filters(request, ProvinceFilters)
    return list_page(
        request,
        title=_("Tỉnh, thành phố (34 đơn vị từ 01/07/2025)"),
        filters_schema=ProvinceFilters,
        queryset=lambda f: selectors.province_list(filters=f),
        columns=columns.PROVINCE_COLUMNS,
        export_stem="tinh-thanh-pho",
        filter_fields=[_q(filters), _field("kind", _("Loại"), Province.Kind.choices, filters)],
        actions=[
            {
                "url": reverse("directory:former_province_list"),
                "label": _("63 tỉnh, thành phố trước sáp nhập"),
            }
        ],
    )


@login_required
def former_province_list(request: HttpRequest) -> HttpResponseBase:
    filters = selectors_filters(request, FormerProvinceFilters)
    successors = [(p.code, p.name) for p in Province.objects.order_by("sort_key")]
    return list_page(
        request,
        title=_("Tỉnh, thành phố trước 01/07/2025 (63 đơn vị)"),
        filters_schema=FormerProvinceFilters,
        queryset=lambda f: selectors.former_province_list(filters=f),
        columns=columns.FORMER_PROVINCE_COLUMNS,
        export_stem="tinh-thanh-pho-truoc-sap-nhap",
        filter_fields=[_q(filters), _field("successor", _("Nay thuộc"), successors, filters)],
    )


@login_required
def province_detail(request: HttpRequest, code: str) -> HttpResponseBase:
    province = selectors.province_get(code=code)
    if province is None:
        raise Http404()
    org = selectors.organisation_get(code=f"tinh-{province.code}")
    return render(
        request,
        "directory/province_detail.html",
        {
            "title": province.full_name,
            "province": province,
            "organisation": org,
            "predecessors": province.predecessors.order_by("sort_key"),
        },
    )


@login_required
def country_list(request: HttpRequest) -> HttpResponseBase:
    filters = selectors_filters(request, CountryFilters)
    yes_no = [("true", _("Có")), ("false", _("Không"))]
    return list_page(
        request,
        title=_("Quốc gia và vùng lãnh thổ"),
        filters_schema=CountryFilters,
        queryset=lambda f: selectors.country_list(filters=f),
        columns=columns.COUNTRY_COLUMNS,
        export_stem="quoc-gia",
        filter_fields=[
            _q(filters),
            _field("is_territory", _("Vùng lãnh thổ"), yes_no, filters),
            _field("has_mission", _("Có cơ quan đại diện phụ trách"), yes_no, filters),
        ],
    )


@login_required
def country_detail(request: HttpRequest, iso2: str) -> HttpResponseBase:
    country = selectors.country_get(iso2=iso2)
    if country is None:
        raise Http404()
    partners = selectors.partner_list(user=signed_in(request), filters=PartnerFilters(country=country.iso2))[
        :50
    ]
    return render(
        request,
        "directory/country_detail.html",
        {
            "title": country.name_vi,
            "country": country,
            "missions": selectors.missions_for_country(country),
            "partners": partners,
            "ftas": ftas.ftas_with(country),
        },
    )


@login_required
def mission_list(request: HttpRequest) -> HttpResponseBase:
    filters = selectors_filters(request, MissionFilters)
    countries = [
        (c.iso2, c.name_vi) for c in selectors.country_list(filters=CountryFilters(has_mission=True))
    ]
    return list_page(
        request,
        title=_("Cơ quan đại diện Việt Nam ở nước ngoài"),
        filters_schema=MissionFilters,
        queryset=lambda f: selectors.mission_list(filters=f),
        columns=columns.MISSION_COLUMNS,
        export_stem="co-quan-dai-dien",
        filter_fields=[
            _q(filters),
            _field("kind", _("Loại"), Mission.Kind.choices, filters),
            _field("country", _("Quốc gia phụ trách"), countries, filters),
        ],
    )


@login_required
def mission_detail(request: HttpRequest, code: str) -> HttpResponseBase:
    mission = selectors.mission_get(code=code)
    if mission is None:
        raise Http404()
    return render(request, "directory/mission_detail.html", {"title": mission.name_vi, "mission": mission})


@login_required
def organisation_list(request: HttpRequest) -> HttpResponseBase:
    filters = selectors_filters(request, OrganisationFilters)
    return list_page(
        request,
        title=_("Đơn vị sử dụng hệ thống"),
        filters_schema=OrganisationFilters,
        queryset=lambda f: selectors.organisation_list(filters=f),
        columns=columns.ORGANISATION_COLUMNS,
        export_stem="don-vi",
        filter_fields=[_q(filters), _field("kind", _("Loại"), Organisation.Kind.choices, filters)],
    )


@login_required
def partner_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = selectors_filters(request, PartnerFilters)
    countries = [(c.iso2, c.name_vi) for c in selectors.country_list(filters=CountryFilters())]
    actions = (
        [{"url": reverse("directory:partner_create"), "label": _("Thêm đối tác")}]
        if user.scope.can_write
        else []
    )

    def log_export(f: PartnerFilters) -> None:
        audit.access(kind=AccessEvent.Kind.EXPORT, user=user, path=request.get_full_path(), detail="partners")

    return list_page(
        request,
        title=_("Đối tác nước ngoài"),
        filters_schema=PartnerFilters,
        queryset=lambda f: selectors.partner_list(user=user, filters=f),
        columns=columns.PARTNER_COLUMNS,
        export_stem="doi-tac",
        filter_fields=[
            _q(filters),
            _field("kind", _("Loại"), Partner.Kind.choices, filters),
            _field("country", _("Quốc gia"), countries, filters),
            _field("visibility", _("Phạm vi"), Partner.Visibility.choices, filters),
        ],
        actions=actions,
        on_export=log_export,
    )


@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    partner = selectors.partner_get(user=user, pk=pk)
    return render(
        request,
        "directory/partner_detail.html",
        {
            "title": str(partner),
            "partner": partner,
            "contacts": selectors.contact_list_for_partner(user=user, partner=partner),
            "mentions": selectors.partner_mentions(user=user, partner=partner),
            "can_change": selectors.partner_can(user, partner, Action.CHANGE),
            "can_delete": selectors.partner_can(user, partner, Action.DELETE),
            "can_add_contact": user.scope.can_write,
            "deletable_contacts": selectors.contact_ids_deletable(user=user, partner=partner),
            "events": audit_events_for(user=user, target=partner),
            "contact_form": ContactForm(),
        },
    )


def _partner_form_page(request: HttpRequest, partner: Partner | None) -> HttpResponseBase:
    user = signed_in(request)
    if partner is None and not user.scope.can_write:
        raise Forbidden()
    initial: dict[str, Any] = {}
    if partner is not None:
        initial = {
            f: getattr(partner, f)
            for f in (
                "kind",
                "name",
                "name_vi",
                "abbreviation",
                "sector",
                "website",
                "address",
                "description",
                "visibility",
                "version",
            )
        }
        initial["country"] = partner.country_id
    form = PartnerForm(request.POST or None, initial=initial, country_choices=selectors.country_choices())
    duplicates: list[Partner] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        duplicates = services.partner_duplicates(
            user=user,
            name=data["name"],
            country_id=data["country_id"],
            exclude_pk=partner.pk if partner else None,
        )
        if duplicates and partner is None and not form.cleaned_data["confirm_duplicate"]:
            form.add_error(
                "confirm_duplicate",
                _(
                    "Có đối tác tương tự đã được nhập. Kiểm tra danh sách bên dưới; "
                    "nếu không trùng, đánh dấu ô này và lưu lại."
                ),
            )
        else:
            saved = _save_partner(request, form, partner)
            if saved.result is not None:
                return redirect("directory:partner_detail", pk=saved.result.pk)
            status = saved.status
    elif request.method == "POST":
        status = 400
    if not duplicates:
        form.fields["confirm_duplicate"].widget = forms.HiddenInput()
    title = _("Thêm đối tác nước ngoài") if partner is None else _("Sửa đối tác: %(p)s") % {"p": partner}
    return render(
        request,
        "directory/partner_form.html",
        {"title": title, "form": form, "partner": partner, "duplicates": duplicates},
        status=status,
    )


def _save_partner(request: HttpRequest, form: PartnerForm, partner: Partner | None) -> Saved[Partner]:
    user = signed_in(request)
    if partner is None:
        return save_form(
            request,
            form,
            lambda data: services.partner_create(actor=user, data=form.service_data()),
            done=lambda created: _("Đã thêm đối tác “%(p)s”.") % {"p": created},
        )
    return save_form(
        request,
        form,
        lambda data: services.partner_update(
            actor=user,
            partner_id=partner.pk,
            expected_version=data.get("version"),
            changes=form.service_data(),
        ),
        done=_("Đã lưu thay đổi."),
    )


@login_required
def partner_create(request: HttpRequest) -> HttpResponseBase:
    return _partner_form_page(request, None)


@login_required
def partner_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    partner = get_for_action(Partner, signed_in(request), Action.CHANGE, pk=pk)
    return _partner_form_page(request, partner)


@login_required
def partner_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    partner = selectors.partner_get(user=user, pk=pk)
    if request.method == "POST":
        deleted = run_action(
            request,
            DeleteForm(request.POST),
            lambda data: services.partner_delete(
                actor=user, partner_id=partner.pk, expected_version=int_or_none(data["version"])
            ),
            done=_("Đã xóa đối tác “%(p)s”.") % {"p": partner},
        )
        if deleted:
            return redirect("directory:partner_list")
        return redirect("directory:partner_detail", pk=partner.pk)
    if not selectors.partner_can(user, partner, Action.DELETE):
        raise Forbidden()
    return render(request, "directory/partner_delete.html", {"title": _("Xóa đối tác"), "partner": partner})


@login_required
def contact_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    partner = selectors.partner_get(user=user, pk=pk)
    form = ContactForm(request.POST or None)
    if request.method == "GET" and not user.scope.can_write:
        raise Forbidden()
    saved = save_form(
        request,
        form,
        lambda data: services.contact_create(actor=user, partner_id=partner.pk, data=dict(data)),
        done=_("Đã thêm người liên hệ."),
    )
    if saved.ok:
        return redirect("directory:partner_detail", pk=partner.pk)
    return render(
        request,
        "directory/contact_form.html",
        {"title": _("Thêm người liên hệ"), "form": form, "partner": partner},
        status=saved.status,
    )


@login_required
def contact_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    """POST only, from the partner page (its form asks for confirmation); a contact out of scope is 404."""
    user = signed_in(request)
    contact = selectors.contact_get(user=user, pk=pk)
    if request.method == "POST":
        run_action(
            request,
            DeleteForm(request.POST),
            lambda data: services.contact_delete(
                actor=user, contact_id=contact.pk, expected_version=int_or_none(data["version"])
            ),
            done=_("Đã xóa người liên hệ “%(c)s”.") % {"c": contact},
        )
    return redirect("directory:partner_detail", pk=contact.partner_id)


@login_required
def calendar_view(request: HttpRequest) -> HttpResponseBase:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = max(2000, min(year, 2100))
    days = calendar_day_list(year=year)
    result = None
    provisional = False
    start_raw, n_raw = request.GET.get("start"), request.GET.get("n")
    error = ""
    if start_raw and n_raw:
        try:
            start = dt.date.fromisoformat(start_raw)
            n = int(n_raw)
            if not 0 <= n <= 3650:
                raise ValueError
            cal = working_calendar()
            calendar_days = request.GET.get("mode") == "calendar"
            result = cal.add_calendar_days(start, n) if calendar_days else cal.add_working_days(start, n)
            provisional = cal.is_provisional(start, result)
        except ValueError:
            error = _("Nhập ngày bắt đầu hợp lệ và số ngày từ 0 đến 3650.")
    return render(
        request,
        "directory/calendar.html",
        {
            "title": _("Lịch làm việc %(y)s") % {"y": year},
            "days": days,
            "year": year,
            "result": result,
            "provisional": provisional,
            "year_covered": year in covered_years(),
            "missing_years": calendar_missing_years(timezone.localdate()),
            "error": error,
            "params": request.GET,
        },
    )
