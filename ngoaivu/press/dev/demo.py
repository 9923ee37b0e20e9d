"""Demo press visit (issue 21): NHK (Japan) reporting in Đà Nẵng on the city's international integration,
2026, with two reporters — registered by `danang`, answered by `danang.lead` (four eyes), licensed by the
ministry. Created through the services so it has audit rows; idempotent by outlet and topic. The dates, the
licence number and the reporters are illustrative (the outcome summary says so)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ngoaivu.accounts.models import User
from ngoaivu.core.scoping import Action
from ngoaivu.press import personal, services
from ngoaivu.press.models import PressVisit

OUTLET = "NHK (Đài Truyền hình Nhật Bản)"
TOPIC = "Đà Nẵng hội nhập quốc tế: du lịch, công nghệ và hợp tác với các địa phương Nhật Bản"
ILLUSTRATIVE = "Ngày, số giấy phép và thành viên đoàn là minh họa (dữ liệu mẫu)."


@transaction.atomic
def load_demo_press() -> str:
    today = timezone.localdate()
    danang = User.objects.get(username="danang")
    lead = User.objects.get(username="danang.lead")
    if PressVisit.objects.visible_to(danang, Action.VIEW).filter(outlet=OUTLET, topic=TOPIC).exists():
        return "press: 0"
    starts = dt.date(2026, 4, 21)
    received = min(dt.date(2026, 3, 2), today)
    visit = services.visit_create(
        actor=danang,
        data=services.VisitInput(
            outlet=OUTLET,
            country="JP",
            topic=TOPIC,
            places="Sơn Trà, Ngũ Hành Sơn, Khu công nghệ cao Đà Nẵng, Hội An",
            received_on=received,
            entry_on=dt.date(2026, 4, 20),
            starts_on=starts,
            ends_on=dt.date(2026, 4, 24),
            provinces=(),
            receiving_unit="Sở Ngoại vụ thành phố Đà Nẵng",
            accompanying_officer="Phòng Thông tin đối ngoại, Sở Ngoại vụ",
            outcome_summary=ILLUSTRATIVE,
        ),
    )
    personal.reporters_add(
        actor=danang,
        visit_id=visit.pk,
        rows=[
            personal.ReporterInput(
                full_name="Sato Kenji",
                role="reporter",
                nationality="JP",
                passport_number="TZ1234567",
                birth_date=dt.date(1984, 5, 12),
            ),
            personal.ReporterInput(
                full_name="Yamada Aiko",
                role="cameraman",
                nationality="JP",
                passport_number="TZ7654321",
                birth_date=dt.date(1990, 11, 3),
            ),
        ],
        source="demo",
    )
    visit = services.visit_answer(
        actor=lead,
        visit_id=visit.pk,
        expected_version=visit.version,
        decision="agreed",
        note="Đồng ý tiếp nhận; Sở Ngoại vụ cử cán bộ đi cùng.",
        answered_on=min(dt.date(2026, 3, 10), today),
        licence_number="125/BNG-TTBC",
        licence_date=min(dt.date(2026, 3, 16), today),
    )
    if today >= starts:
        visit = services.visit_transition(
            actor=danang, visit_id=visit.pk, expected_version=visit.version, action="start"
        )
    if today > visit.ends_on:
        visit = services.visit_transition(
            actor=danang, visit_id=visit.pk, expected_version=visit.version, action="finish"
        )
        services.article_add(
            actor=danang,
            visit_id=visit.pk,
            data=services.ArticleInput(
                title="Đà Nẵng: thành phố mở cửa với thế giới (minh họa)",
                outlet="NHK World",
                published_on=dt.date(2026, 5, 8),
                url="https://www3.nhk.or.jp/nhkworld/",
            ),
        )
    return "press: 1"
