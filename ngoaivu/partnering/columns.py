from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core.columns import Column, display
from ngoaivu.partnering.models import PartnerSearch


def _seeker(s: PartnerSearch) -> str:
    return s.seeker_label  # masked when the reader may not see the seeker (selectors.search_list)


SEARCH_COLUMNS = [
    Column("title", _("Tiêu đề"), lambda s: s.title, sort="title", link=lambda s: s.get_absolute_url()),
    Column("direction", _("Chiều tìm kiếm"), lambda s: display(s, "direction")),
    Column("seeker", _("Bên tìm đối tác"), _seeker),
    Column("kind", _("Loại đối tác cần tìm"), lambda s: display(s, "partner_kind")),
    Column("countries", _("Quốc gia"), lambda s: ", ".join(c.name_vi for c in s.countries.all())),
    Column("fields", _("Lĩnh vực"), lambda s: ", ".join(f.name for f in s.fields.all())),
    Column("state", _("Trạng thái"), lambda s: display(s, "state")),
    Column("opened", _("Ngày đăng"), lambda s: s.opened_on, sort="opened"),
    Column("until", _("Tìm đến ngày"), lambda s: s.open_until, sort="until"),
    Column("left", _("Thời hạn"), lambda s: s.until_note),
    Column("proposals", _("Số ứng viên"), lambda s: s.n_proposals, sort="proposals"),
]
