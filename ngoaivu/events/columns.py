from __future__ import annotations

import datetime as dt
import decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.columns import Column, display
from ngoaivu.events.models import PromotionEvent


def money(amount: decimal.Decimal | None, currency: str) -> str:
    """An amount in the reader's number style with its currency ("1.234.567,5 USD"); never converted."""
    if amount is None:
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, places, use_l10n=True, force_grouping=True)} {currency}"


def count(n: int | None) -> str:
    return "" if n is None else number_format(n, 0, use_l10n=True, force_grouping=True)


def _overdue(e: PromotionEvent) -> str:
    """ "1 việc quá hạn 6 ngày", or "3 việc quá hạn, lâu nhất quá hạn 12 ngày" (the most overdue task)."""
    n = getattr(e, "overdue_count", 0) or 0
    if not n:
        return ""
    since: dt.date | None = getattr(e, "overdue_since", None)
    if since is None:
        return str(_("%(n)d việc quá hạn") % {"n": n})
    days = count((timezone.localdate() - since).days)
    if n == 1:
        return str(_("1 việc quá hạn %(d)s ngày") % {"d": days})
    return str(_("%(n)d việc quá hạn, lâu nhất quá hạn %(d)s ngày") % {"n": n, "d": days})


EVENT_COLUMNS = [
    Column("title", _("Sự kiện"), lambda e: e.title_vi, sort="title", link=lambda e: e.get_absolute_url()),
    Column("kind", _("Loại"), lambda e: display(e, "kind"), sort="kind"),
    Column("province", _("Tỉnh, thành phố"), lambda e: e.province.name, sort="province"),
    Column("as_named", _("Tỉnh khi tổ chức"), lambda e: e.province_as_named),
    Column("countries", _("Quốc gia"), lambda e: ", ".join(c.name_vi for c in e.countries.all())),
    Column("starts", _("Từ ngày"), lambda e: e.starts_on, sort="starts"),
    Column("ends", _("Đến ngày"), lambda e: e.ends_on),
    Column("format", _("Hình thức"), lambda e: display(e, "format")),
    Column("status", _("Tình trạng"), lambda e: display(e, "status"), sort="status"),
    Column("leads", _("Số đầu mối"), lambda e: count(e.leads_count)),
    Column("pledged", _("Vốn cam kết"), lambda e: money(e.pledged_amount, e.pledged_currency)),
    Column("tasks", _("Việc sau sự kiện"), _overdue),
]
