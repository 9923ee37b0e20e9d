"""One column spec per list (the HTML table and the Excel export). Contact details and the leader's name —
personal data — are in no list and no export. Numbers go to Excel as numbers (the page shows them grouped)."""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.columns import Column, display


def count(n: int | None) -> str:
    return "" if n is None else number_format(n, 0, use_l10n=True, force_grouping=True)


def money(amount: decimal.Decimal | None, currency: str) -> str:
    """An amount in the reader's number style with its currency ("1.500.000 USD"); never converted."""
    if amount is None:
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, places, use_l10n=True, force_grouping=True)} {currency}"


@dataclass(frozen=True)
class NumberColumn(Column):
    """A count or an amount: a number cell in Excel, "5.000" on the page."""

    def display(self, obj: Any) -> str:
        value = self.value(obj)
        if value is None:
            return ""
        if isinstance(value, decimal.Decimal) and value != value.to_integral_value():
            return number_format(value, 2, use_l10n=True, force_grouping=True)
        return count(int(value))


ASSOCIATION_COLUMNS = [
    Column("name", _("Hội đoàn"), lambda a: a.name_vi, sort="name", link=lambda a: a.get_absolute_url()),
    Column("original", _("Tên nguyên gốc"), lambda a: a.name_original),
    Column("kind", _("Loại"), lambda a: display(a, "kind"), sort="kind"),
    Column("country", _("Quốc gia"), lambda a: a.country.name_vi, sort="country"),
    Column("city", _("Thành phố"), lambda a: a.city),
    Column("mission", _("Cơ quan đại diện"), lambda a: a.mission.name_vi if a.mission else ""),
    Column("founded", _("Năm thành lập"), lambda a: a.founded_year),  # an int: "2019", never "2.019"
    NumberColumn("members", _("Số hội viên"), lambda a: a.members, sort="members"),
    Column("status", _("Tình trạng"), lambda a: display(a, "status")),
]

PERSON_COLUMNS = [
    Column("name", _("Họ và tên"), lambda p: p.full_name, sort="name", link=lambda p: p.get_absolute_url()),
    Column("country", _("Quốc gia"), lambda p: p.country.name_vi, sort="country"),
    Column("field", _("Lĩnh vực"), lambda p: display(p, "field"), sort="field"),
    Column("organisation", _("Cơ quan, tổ chức"), lambda p: p.organisation),
    Column("position", _("Chức danh"), lambda p: p.position),
    Column(
        "associations",
        _("Hội đoàn"),
        lambda p: ", ".join(a.name_vi for a in getattr(p, "visible_associations", [])),
    ),
]

PROGRAMME_COLUMNS = [
    Column("title", _("Chương trình"), lambda g: g.title, sort="title", link=lambda g: g.get_absolute_url()),
    Column("kind", _("Loại"), lambda g: display(g, "kind"), sort="kind"),
    Column("starts", _("Từ ngày"), lambda g: g.starts_on, sort="starts"),
    Column("ends", _("Đến ngày"), lambda g: g.ends_on),
    Column("place", _("Địa điểm"), lambda g: g.place),
    Column("organiser", _("Đơn vị tổ chức"), lambda g: g.organiser_name),
    Column("provinces", _("Các tỉnh tham gia"), lambda g: ", ".join(p.name for p in g.provinces.all())),
    Column("countries", _("Quốc gia"), lambda g: ", ".join(c.name_vi for c in g.countries.all())),
    NumberColumn("participants", _("Số người tham gia"), lambda g: g.participants),
    Column("status", _("Tình trạng"), lambda g: display(g, "status"), sort="status"),
]

INVESTMENT_COLUMNS = [
    Column("title", _("Dự án"), lambda i: i.title, sort="title", link=lambda i: i.get_absolute_url()),
    Column("year", _("Năm"), lambda i: i.year, sort="year"),
    Column("province", _("Tỉnh, thành phố"), lambda i: i.province.name, sort="province"),
    Column("as_named", _("Tỉnh khi đầu tư"), lambda i: i.province_as_named),
    Column("sector", _("Lĩnh vực"), lambda i: i.sector),
    NumberColumn("capital", _("Vốn đầu tư"), lambda i: i.capital),
    Column("currency", _("Tiền tệ"), lambda i: i.currency if i.capital is not None else ""),
    Column("investor", _("Nhà đầu tư"), lambda i: i.investor_name),
    Column("status", _("Tình trạng"), lambda i: display(i, "status"), sort="status"),
]

COUNT_COLUMNS = [
    Column("group", _("Nhóm"), lambda r: r[0]),
    Column("label", _("Tên"), lambda r: r[1].label),
    Column("extra", _("Loại"), lambda r: r[1].extra),
    NumberColumn("count", _("Số lượng"), lambda r: r[1].count),
]
