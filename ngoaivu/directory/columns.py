from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.columns import Column, display

PROVINCE_COLUMNS = [
    Column("code", _("Mã"), lambda p: p.code, sort="code"),
    Column(
        "name",
        _("Tên"),
        lambda p: p.full_name,
        sort="name",
        link=lambda p: reverse("directory:province_detail", args=[p.code]),
    ),
    Column("name_en", _("Tên tiếng Anh"), lambda p: p.name_en),
    Column("predecessors", _("Hợp nhất từ"), lambda p: ", ".join(f.name for f in p.predecessors.all())),
]
FORMER_PROVINCE_COLUMNS = [
    Column("code", _("Mã cũ"), lambda p: p.code, sort="code"),
    Column("name", _("Tên (trước 01/07/2025)"), lambda p: p.name, sort="name"),
    Column(
        "successor",
        _("Nay thuộc"),
        lambda p: f"{p.successor.name} ({p.successor.code})",
        sort="successor",
        link=lambda p: reverse("directory:province_detail", args=[p.successor.code]),
    ),
]
COUNTRY_COLUMNS = [
    Column("iso2", _("Mã"), lambda c: c.iso2, sort="iso2"),
    Column(
        "name_vi",
        _("Tên tiếng Việt"),
        lambda c: c.name_vi,
        sort="name",
        link=lambda c: reverse("directory:country_detail", args=[c.iso2]),
    ),
    Column("name_en", _("Tên tiếng Anh"), lambda c: c.name_en, sort="name_en"),
    Column("iso3", _("Mã ISO 3 chữ cái"), lambda c: c.iso3),
    Column("is_territory", _("Vùng lãnh thổ"), lambda c: c.is_territory),
]
MISSION_COLUMNS = [
    Column(
        "name",
        _("Cơ quan đại diện"),
        lambda m: m.name_vi,
        sort="name",
        link=lambda m: reverse("directory:mission_detail", args=[m.code]),
    ),
    Column("kind", _("Loại"), lambda m: display(m, "kind")),
    Column("city", _("Thành phố"), lambda m: m.city_vi or m.city, sort="city"),
    Column("country", _("Nước đặt trụ sở"), lambda m: m.country.name_vi, sort="country"),
    Column(
        "covers",
        _("Kiêm nhiệm"),
        lambda m: ", ".join(a.country.name_vi for a in m.accreditations.all() if a.kind == "concurrent"),
    ),
]
ORGANISATION_COLUMNS = [
    Column("name", _("Tên đơn vị"), lambda o: o.name_vi, sort="name"),
    Column("kind", _("Loại"), lambda o: display(o, "kind"), sort="kind"),
    Column("body_type", _("Loại cơ quan"), lambda o: display(o, "body_type") if o.body_type else ""),
]
PARTNER_COLUMNS = [
    Column(
        "name",
        _("Đối tác"),
        lambda p: str(p),
        sort="name",
        link=lambda p: reverse("directory:partner_detail", args=[p.pk]),
    ),
    Column("original", _("Tên gốc"), lambda p: p.name),
    Column("kind", _("Loại"), lambda p: display(p, "kind"), sort="kind"),
    Column("country", _("Quốc gia"), lambda p: p.country.name_vi, sort="country"),
    Column("sector", _("Lĩnh vực"), lambda p: p.sector),
    Column("owner", _("Đơn vị nhập"), lambda p: p.owner_org.name_vi),
    Column("updated", _("Cập nhật"), lambda p: p.updated_at, sort="updated"),
]
