"""What the indicators pages share: the links above each page, year choices, the province and unit choices."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.directory.models import FormerProvince
from ngoaivu.indicators import services


def tabs(user: User) -> list[dict[str, str]]:
    links = []
    if services.may_enter(user):
        links.append({"url": reverse("indicators:value_create"), "label": _("Nhập giá trị")})
    if services.may_enter(user) or services.may_manage_rates(user):
        links.append({"url": reverse("indicators:import"), "label": _("Nhập từ Excel")})
    links += [
        {"url": reverse("indicators:catalogue"), "label": _("Danh mục chỉ tiêu")},
        {"url": reverse("indicators:value_list"), "label": _("Giá trị")},
    ]
    if user.scope.is_province and user.scope.province_code:
        # the province's own profile (walk #3)
        links.append(
            {
                "url": reverse("indicators:province_profile", args=[user.scope.province_code]),
                "label": _("Chỉ tiêu của tỉnh mình"),
            }
        )
    if services.may_validate(user):
        links.append(
            {"url": reverse("indicators:value_list") + "?status=submitted", "label": _("Chờ xác nhận")}
        )
    links += [
        {"url": reverse("indicators:compare"), "label": _("So sánh các tỉnh")},
        {"url": reverse("indicators:rates"), "label": _("Tỷ giá")},
    ]
    return links


def year_choices(*selected: int) -> list[int]:
    """The years offered, newest first, with the selected ones (even outside the range) once each."""
    this_year = timezone.localdate().year
    return sorted({*range(this_year, 2005, -1), *selected}, reverse=True)


def year_param(value: str | None, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if 1986 <= year <= 2100 else default


def former_choices(province_code: str = "") -> list[tuple[str, str]]:
    """Former units of merged provinces (only those are reported apart), with the province they are now in."""
    from django.db.models import Count

    merged = (
        FormerProvince.objects.values("successor_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("successor_id")
    )
    qs = FormerProvince.objects.select_related("successor").filter(successor_id__in=merged)
    if province_code:
        qs = qs.filter(successor__code=province_code)
    return [(f.code, f"{f.name} (nay thuộc {f.successor.name})") for f in qs.order_by("sort_key", "pk")]
