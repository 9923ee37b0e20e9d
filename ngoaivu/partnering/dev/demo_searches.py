"""The demo partner search (issue 23): Đà Nẵng seeks a Japanese locality for a friendship and cooperation
relationship (tourism, education, culture, port city). The embassy in Tokyo proposes Sakai (in the directory)
and a new candidate typed in; Đà Nẵng shortlists Sakai and records the first contact. Made through the
services by the demo users (directory.dev.demo), so it has history and audit rows, and the suggestions are
computed live from the directory. The search itself is illustrative (not a real call for partners).
Idempotent: a second run finds the search and changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import User
from ngoaivu.directory.models import Partner
from ngoaivu.partnering import services
from ngoaivu.partnering.models import PartnerSearch

TITLE = "Đà Nẵng tìm địa phương Nhật Bản để thiết lập quan hệ hữu nghị, hợp tác"


@transaction.atomic
def load_demo_searches() -> str:
    users = {u.username: u for u in User.objects.filter(username__in=["danang", "danang.lead", "tokyo"])}
    if len(users) < 3:
        return "partnering searches: demo users missing (run the directory demo first), nothing loaded"
    if (
        PartnerSearch.objects.system(reason="demo lookup")
        .filter(title=TITLE, deleted_at__isnull=True)
        .exists()
    ):
        return "partnering searches: 0 (already loaded)"
    today = timezone.localdate()
    search = services.search_create(
        actor=users["danang"],
        data=services.SearchInput(
            direction="outbound",
            title=TITLE,
            partner_kind="locality",
            wants="Một thành phố cảng của Nhật Bản có thế mạnh du lịch biển, đào tạo nghề và giao lưu văn hóa, "
            "sẵn sàng ký thỏa thuận hợp tác hữu nghị với thành phố Đà Nẵng.",
            offers="Kinh nghiệm tổ chức lễ hội, sự kiện quốc tế; kết nối doanh nghiệp du lịch và công nghệ thông "
            "tin; học bổng ngắn hạn tại các trường đại học của thành phố.",
            countries=("JP",),
            fields=("tourism", "education", "culture"),
            open_until=today + dt.timedelta(days=180),
            visibility="shared",
        ),
    )
    search = services.search_open(actor=users["danang"], search_id=search.pk, expected_version=None)
    sakai = Partner.objects.system(reason="demo lookup").filter(name_vi="Thành phố Sakai").first()
    made = 0
    if sakai is not None:
        first = services.proposal_create(
            actor=users["tokyo"],
            search_id=search.pk,
            expected_version=None,
            data=services.ProposalInput(
                partner=sakai.pk, note="Thành phố cảng, đã có quan hệ hữu nghị với Đà Nẵng; đề nghị nâng cấp."
            ),
        )
        services.proposal_move(
            actor=users["danang.lead"],
            search_id=search.pk,
            proposal_id=first.pk,
            expected_version=None,
            to="shortlisted",
        )
        services.proposal_move(
            actor=users["danang"],
            search_id=search.pk,
            proposal_id=first.pk,
            expected_version=None,
            to="contacted",
        )
        made += 1
    services.proposal_create(
        actor=users["tokyo"],
        search_id=search.pk,
        expected_version=None,
        data=services.ProposalInput(
            new_name="Kitakyushu City",
            new_kind="locality",
            new_country="JP",
            note="Thành phố cảng, mạnh về môi trường đô thị và đào tạo nghề (ứng viên minh họa).",
        ),
    )
    made += 1
    return f"partnering searches: 1 search, {made} proposals"
