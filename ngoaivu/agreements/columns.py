from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.selectors import dormancy
from ngoaivu.core.columns import Column, display


def _province(a: Agreement) -> str:
    if a.former_province_id and a.province_as_named != a.province.name:
        return f"{a.province.name} ({_('khi ký')}: {a.province_as_named})"
    return str(a.province.name)


AGREEMENT_COLUMNS = [
    Column(
        "title",
        _("Tên thỏa thuận"),
        lambda a: a.title_vi,
        sort="title",
        link=lambda a: reverse("agreements:agreement_detail", args=[a.pk]),
    ),
    Column("kind", _("Loại"), lambda a: a.kind.name),
    Column("province", _("Tỉnh, thành phố"), _province, sort="province"),
    Column("country", _("Quốc gia"), lambda a: a.country.name_vi, sort="country"),
    Column("partners", _("Đối tác"), lambda a: "; ".join(str(p) for p in a.partners.all())),
    Column("signed", _("Ngày ký"), lambda a: a.signed_on, sort="signed"),
    Column("valid_until", _("Hiệu lực đến"), lambda a: a.valid_until, sort="valid_until"),
    Column("state", _("Trạng thái"), lambda a: display(a, "state"), sort="state"),
    Column("dormant", _("“Ngủ đông”"), lambda a: dormancy(a).reason if a.is_dormant else ""),
    Column("activity", _("Hoạt động gần nhất"), lambda a: a.last_activity_on, sort="activity"),
]
