"""Locality profiles: the list (filters, sort, pages, xlsx), a profile with the partnerships the reader may see
in the agreements register, and the edit form (a province its own; the ministry any; a mission the foreign
localities it covers or entered)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.web import list_page, save_form
from ngoaivu.directory import selectors as directory
from ngoaivu.partnering import profiles_selectors as selectors
from ngoaivu.partnering import profiles_services as services
from ngoaivu.partnering.profiles_forms import ProfileForm


@login_required
def profile_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(selectors.ProfileFilters, request.GET).filters
    actions = []
    if user.scope.is_province and user.scope.province_code:
        actions.append(
            {
                "url": reverse("partnering:profile_detail", args=[user.scope.province_code]),
                "label": _("Hồ sơ của tỉnh mình"),
            }
        )
    return list_page(
        request,
        title=_("Hồ sơ địa phương"),
        filters_schema=selectors.ProfileFilters,
        queryset=lambda f: selectors.profile_list(user=user, filters=f),
        columns=selectors.PROFILE_COLUMNS,
        export_stem="ho-so-dia-phuong",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "kind",
                "label": _("Loại"),
                "choices": [("province", _("Tỉnh, thành phố")), ("foreign", _("Địa phương nước ngoài"))],
                "current": filters.kind,
            },
            {
                "name": "country",
                "label": _("Quốc gia"),
                "choices": directory.country_code_choices(),
                "current": filters.country,
            },
            {
                "name": "field",
                "label": _("Lĩnh vực muốn hợp tác"),
                "choices": selectors.field_choices(),
                "current": filters.field,
            },
        ],
        actions=actions,
    )


def _number(value: Any) -> str:
    return number_format(value, use_l10n=True, force_grouping=True) if value is not None else "—"


@login_required
def profile_detail(request: HttpRequest, code: str) -> HttpResponseBase:
    user = signed_in(request)
    locality = selectors.locality_get(user=user, code=code)
    return render(
        request,
        "partnering/profile_detail.html",
        {
            "title": _("Hồ sơ địa phương: %(n)s") % {"n": locality.name},
            "locality": locality,
            "profile": locality.profile,
            "fields": list(locality.profile.fields_sought.all()) if locality.profile else [],
            "partnerships": selectors.partnerships(user=user, locality=locality),
            "may_edit": selectors.may_edit(user, locality),
            "population": _number(locality.profile.population if locality.profile else None),
            "area": _number(locality.profile.area_km2 if locality.profile else None),
            "indicators_url": (
                reverse("indicators:province_profile", args=[locality.province.code])
                if locality.province
                else ""
            ),
        },
    )


def _input(data: dict[str, Any]) -> services.ProfileInput:
    return services.ProfileInput(
        population=data["population"],
        area_km2=data["area_km2"],
        figures_year=data["figures_year"],
        figures_source=data["figures_source"] or "",
        main_industries=data["main_industries"] or "",
        strengths=data["strengths"] or "",
        fields_sought=tuple(data["fields_sought"]),
        contact_name=data["contact_name"] or "",
        contact_title=data["contact_title"] or "",
        contact_email=data["contact_email"] or "",
        contact_phone=data["contact_phone"] or "",
    )


@login_required
def profile_edit(request: HttpRequest, code: str) -> HttpResponseBase:
    user = signed_in(request)
    locality = selectors.locality_get(user=user, code=code)
    if not selectors.may_edit(user, locality):
        raise Forbidden()
    profile = locality.profile
    current = services.input_of(profile)
    initial: dict[str, Any] = {
        **{f: getattr(current, f) for f in services.EDITED},
        "fields_sought": list(current.fields_sought),
        "version": profile.version if profile else 0,
    }
    form = ProfileForm(request.POST or None, initial=initial, fields=selectors.field_choices())

    def save(data: dict[str, Any]) -> Any:
        return services.profile_save(
            actor=user, code=locality.code, data=_input(data), expected_version=data["version"]
        )

    saved = save_form(request, form, save, done=_("Đã lưu hồ sơ địa phương."))
    back = reverse("partnering:profile_detail", args=[locality.code])
    if saved.result is not None:
        return redirect(back)
    return render(
        request,
        "partnering/profile_form.html",
        {"title": _("Sửa hồ sơ: %(n)s") % {"n": locality.name}, "form": form, "back": back},
        status=saved.status,
    )


urlpatterns = [
    path("profiles/", profile_list, name="profile_list"),
    path("profiles/<str:code>/", profile_detail, name="profile_detail"),
    path("profiles/<str:code>/edit/", profile_edit, name="profile_edit"),
]
