"""A province's periodic (six-monthly or yearly) report on its external affairs (DOMAIN.md §6.1): relations,
economic diplomacy (FDI, exports, aid, market access), cultural diplomacy and UNESCO, overseas Vietnamese,
consular work (counts only), border, agreements, delegations, conferences, press, training — prefilled from its
records and indicators; the proposals (kiến nghị) are typed in by the province (`ReportContent.proposals`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.actors import Actor
from ngoaivu.directory.models import Province
from ngoaivu.reports.content import Figure, ReportContent, Section
from ngoaivu.reports.figures import sources as S
from ngoaivu.reports.figures.annexes import agreements_table, delegations_table, indicators_table
from ngoaivu.reports.figures.common import amount, count, counted, figure, in_words, missing, said, span
from ngoaivu.reports.figures.indicators import IndicatorFigure, indicator_figure, report_years
from ngoaivu.reports.figures.national import LOCAL_KINDS
from ngoaivu.reports.periods import named

_v = in_words


class ProvinceReport:
    def __init__(self, user: Actor, province: Province, start: dt.date, end: dt.date) -> None:
        self.user, self.province, self.start, self.end = user, province, start, end
        self.code = province.code
        # a centrally-run city is "thành phố" in its own report, never "tỉnh"
        self.word = "thành phố" if province.kind == Province.Kind.CITY else "tỉnh"
        self.dates = {"date_from": start, "date_to": end}
        self.years = report_years(start, end)
        self.indicators: list[IndicatorFigure] = []

    def f(self, key: str, label: str, source: S.ListSource, unit: str, what: str, **params: Any) -> Figure:
        return figure(key, label, count(source, self.user, params, by_province=False), unit, what)

    def ind(self, code: str, label: str) -> Figure:
        found = indicator_figure(self.user, code, label, self.start, self.end, province=self.province)
        self.indicators.append(found)
        return found.figure

    def citizen_cases(self) -> Figure:
        """The province reads its own cases through its list; anyone else building its report (the ministry,
        which may not see cases) gets the consular app's counts without names, never its empty list's 0."""
        label, unit = f"Vụ việc bảo hộ công dân của {self.word}", "vụ việc"
        if self.user.scope.is_province:
            return self.f(
                "citizen_cases",
                label,
                S.CITIZEN_CASES,
                unit,
                "Vụ việc tiếp nhận trong kỳ (chỉ số lượng)",
                province=self.code,
                **self.dates,
            )
        return Figure(
            "citizen_cases",
            label,
            S.citizen_case_count(self.code, self.start, self.end),
            unit,
            source=f"Số vụ việc không kèm tên của hệ thống bảo hộ công dân (công dân quê ở {self.word}, tiếp nhận "
            "trong kỳ)",
        )

    def sections(self) -> list[Section]:
        p, d = self.code, self.dates
        relations = [
            self.f(
                "sister_relations",
                "Quan hệ kết nghĩa, hữu nghị hợp tác đã thiết lập",
                S.AGREEMENTS,
                "quan hệ",
                "Kết nghĩa, quan hệ hữu nghị hợp tác đã ký đến cuối kỳ",
                province=p,
                kind="sister_city",
                signed_to=self.end,
            ),
        ]
        economy = [
            self.ind("fdi_registered_new", "Vốn FDI đăng ký cấp mới"),
            self.ind("fdi_realised", "Vốn FDI thực hiện"),
            self.ind("exports_total", "Kim ngạch xuất khẩu"),
            self.ind("ngo_aid_committed", "Viện trợ phi chính phủ nước ngoài cam kết"),
            self.f(
                "market_access",
                "Hồ sơ mở cửa thị trường đang theo dõi",
                S.MARKET_ACCESS,
                "hồ sơ",
                f"Hồ sơ mở cửa thị trường của {self.word}",
                province=p,
            ),
            self.f(
                "promotion_events",
                "Hoạt động xúc tiến thương mại, đầu tư, du lịch",
                S.PROMOTION_EVENTS,
                "sự kiện",
                "Sự kiện xúc tiến diễn ra trong kỳ",
                province=p,
                status="held",
                **d,
            ),
        ]
        culture = [
            self.f(
                "unesco_recognitions",
                "Danh hiệu UNESCO được ghi danh, công nhận",
                S.UNESCO,
                "danh hiệu",
                "Quyết định ghi danh, công nhận trong các năm của kỳ",
                province=p,
                recognised=True,
                decided_from=self.years[0],
                decided_to=self.years[1],
            ),
            self.f(
                "cultural_events",
                "Hoạt động ngoại giao văn hóa",
                S.CULTURAL_EVENTS,
                "sự kiện",
                "Sự kiện văn hóa đã tổ chức trong kỳ",
                province=p,
                status="held",
                **d,
            ),
        ]
        overseas = [
            self.f(
                "overseas_programmes",
                "Chương trình, sự kiện với kiều bào",
                S.OVERSEAS_PROGRAMMES,
                "chương trình",
                "Chương trình diễn ra trong kỳ",
                province=p,
                **d,
            ),
            self.f(
                "overseas_investments",
                "Dự án đầu tư của kiều bào",
                S.OVERSEAS_INVESTMENTS,
                "dự án",
                f"Dự án của kiều bào tại {self.word}",
                province=p,
            ),
        ]
        consular = [self.citizen_cases()]
        border = [
            self.f(
                "border_mechanisms",
                "Cơ chế hợp tác biên giới",
                S.BORDER_MECHANISMS,
                "cơ chế",
                f"Cơ chế {self.word} là thành viên",
                province=p,
            ),
            self.f(
                "border_meetings",
                "Cuộc họp, hội đàm biên giới đã diễn ra",
                S.BORDER_MEETINGS,
                "cuộc",
                "Cuộc họp trong kỳ",
                province=p,
                held=True,
                **d,
            ),
        ]
        signed = {"province": p, "signed_from": self.start, "signed_to": self.end}
        agreements = [
            self.f(
                "agreements_local_new",
                "Thỏa thuận quốc tế mới ký",
                S.AGREEMENTS,
                "thỏa thuận",
                "Thỏa thuận ký trong kỳ",
                kinds=LOCAL_KINDS,
                **signed,
            ),
            self.f(
                "mous_new",
                "Bản ghi nhớ mới ký",
                S.AGREEMENTS,
                "bản ghi nhớ",
                "Bản ghi nhớ ký trong kỳ",
                kind="mou",
                **signed,
            ),
            self.f(
                "agreements_dormant",
                "Thỏa thuận chưa được triển khai",
                S.AGREEMENTS,
                "thỏa thuận",
                "Không có hoạt động trong thời hạn quy định",
                province=p,
                dormant=True,
            ),
        ]
        delegations = [
            self.f(
                "delegations_outbound",
                "Đoàn ra",
                S.DELEGATIONS,
                "đoàn",
                "Đoàn ra đã phê duyệt, đi trong kỳ",
                province=p,
                direction="outbound",
                approved=True,
                **d,
            ),
            self.f(
                "delegations_inbound",
                "Đoàn vào",
                S.DELEGATIONS,
                "đoàn",
                "Đoàn vào đã phê duyệt, đến trong kỳ",
                province=p,
                direction="inbound",
                approved=True,
                **d,
            ),
        ]
        conferences = [
            self.f(
                "conferences",
                "Hội nghị, hội thảo quốc tế",
                S.CONFERENCES,
                "hội nghị",
                "Hội nghị, hội thảo diễn ra trong kỳ",
                province=p,
                **d,
            ),
        ]
        press = [
            self.f(
                "press_licensed",
                "Đoàn phóng viên nước ngoài được cấp phép",
                S.PRESS,
                "đoàn",
                f"Đoàn tác nghiệp trong kỳ, {self.word} đón",
                host=p,
                licensed=True,
                **d,
            ),
        ]
        training = [
            self.f(
                "officials_trained",
                "Lượt cán bộ được đào tạo, bồi dưỡng",
                S.NOMINATIONS,
                "lượt",
                "Lượt cử đã tham dự khóa kết thúc trong kỳ",
                province=p,
                status="attended",
                **d,
            ),
        ]
        when = span(self.start, self.end).capitalize()
        signed_total = sum(int(f.value or 0) for f in agreements[:2])
        trips_total = sum(int(f.value or 0) for f in delegations)
        annex = {
            "economy": [indicators_table(self.indicators)],
            "agreements": [agreements_table(self.user, signed, signed_total)],
            "delegations": [
                delegations_table(self.user, {"province": p, "approved": True, **d}, trips_total)
            ],
        }
        t, T = self.word, self.word.capitalize()
        return [
            Section(
                "relations",
                "Quan hệ đối ngoại",
                relations,
                narrative=f"{when}, {t} tiếp tục củng cố quan hệ với các đối tác nước ngoài; "
                + (
                    f"đến nay đã thiết lập {_v(relations[0])} quan hệ kết nghĩa, hữu nghị hợp tác."
                    if relations[0].value
                    else "trên hệ thống chưa có quan hệ kết nghĩa, hữu nghị hợp tác nào được ghi nhận."
                ),
            ),
            Section(
                "economy",
                "Ngoại giao kinh tế",
                economy,
                annex["economy"],
                narrative=said(
                    [
                        amount("Vốn FDI đăng ký cấp mới", economy[0]),
                        amount("vốn FDI thực hiện", economy[1]),
                        amount("kim ngạch xuất khẩu", economy[2]),
                        amount("viện trợ phi chính phủ nước ngoài cam kết", economy[3]),
                    ]
                )
                + said(
                    [
                        counted(f"{T} theo dõi {{}} hồ sơ mở cửa thị trường", economy[4]),
                        counted("tổ chức {} hoạt động xúc tiến", economy[5]),
                    ],
                    lead=" ",
                ),
            ),
            Section(
                "culture",
                "Ngoại giao văn hóa, UNESCO",
                culture,
                narrative=said(
                    [
                        counted(f"{T} có {{}} danh hiệu được UNESCO ghi danh, công nhận", culture[0]),
                        counted("tổ chức {} hoạt động ngoại giao văn hóa", culture[1]),
                    ]
                ),
            ),
            Section(
                "overseas",
                "Công tác người Việt Nam ở nước ngoài",
                overseas,
                narrative=said(
                    [
                        counted(f"{T} tổ chức {{}} chương trình với kiều bào", overseas[0]),
                        counted("hiện có {} dự án đầu tư của kiều bào", overseas[1]),
                    ]
                ),
            ),
            Section(
                "consular",
                "Công tác lãnh sự, bảo hộ công dân",
                consular,
                narrative=said(
                    [counted(f"Tiếp nhận {{}} vụ việc bảo hộ công dân của {t} ở nước ngoài", consular[0])]
                ),
            ),
            Section(
                "border",
                "Công tác biên giới",
                border,
                narrative=said(
                    [
                        counted(f"{T} tham gia {{}} cơ chế hợp tác biên giới", border[0]),
                        counted("đã diễn ra {} cuộc họp, hội đàm", border[1]),
                    ]
                ),
            ),
            Section(
                "agreements",
                "Thỏa thuận quốc tế",
                agreements,
                annex["agreements"],
                narrative=said(
                    [
                        counted(f"{T} ký {{}} thỏa thuận quốc tế", agreements[0]),
                        counted("ký {} bản ghi nhớ", agreements[1]),
                        counted("còn {} thỏa thuận chưa được triển khai", agreements[2]),
                    ]
                ),
            ),
            Section(
                "delegations",
                "Đoàn ra, đoàn vào",
                delegations,
                annex["delegations"],
                narrative=said(
                    [
                        counted(f"{T} tổ chức {{}} đoàn ra", delegations[0]),
                        counted("đón {} đoàn vào", delegations[1]),
                    ]
                ),
            ),
            Section(
                "conferences",
                "Hội nghị, hội thảo quốc tế",
                conferences,
                narrative=said([counted("Tổ chức {} hội nghị, hội thảo quốc tế", conferences[0])]),
            ),
            Section(
                "press",
                "Thông tin đối ngoại, phóng viên nước ngoài",
                press,
                narrative=said([counted("Đón {} đoàn phóng viên nước ngoài được cấp phép", press[0])]),
            ),
            Section(
                "training",
                "Đào tạo, bồi dưỡng cán bộ",
                training,
                narrative=said(
                    [counted("Cử {} lượt cán bộ tham gia đào tạo, bồi dưỡng về đối ngoại", training[0])]
                ),
            ),
        ]


def province_report(user: Actor, organisation: Organisation, start: dt.date, end: dt.date) -> ReportContent:
    province = Province.objects.filter(code=organisation.province_code).first()
    recipients = [
        "Bộ Ngoại giao (Cục Ngoại vụ và Ngoại giao văn hóa)",
        "Thường trực Tỉnh ủy, Thường trực HĐND tỉnh",
        "Lưu: VT",
    ]
    if province is None:
        sections = [
            Section(
                "relations",
                "Quan hệ đối ngoại",
                [
                    missing(
                        "province",
                        "Tỉnh, thành phố",
                        "Đơn vị chưa gắn với tỉnh, thành phố nào trong danh mục.",
                    )
                ],
            )
        ]
        name, unit = organisation.name_vi, organisation.name_vi.upper()
    else:
        sections = ProvinceReport(user, province, start, end).sections()
        city = province.kind == Province.Kind.CITY
        recipients[1] = "Thường trực Thành ủy, Thường trực HĐND thành phố" if city else recipients[1]
        name = f"Thành phố {province.name}" if province.code == "79" else province.name
        unit = f"ỦY BAN NHÂN DÂN {'THÀNH PHỐ' if city else 'TỈNH'} {province.name.upper()}"
    return ReportContent(
        kind="province_periodic",
        title=f"BÁO CÁO Công tác đối ngoại {named(start, end)}",
        period_from=start,
        period_to=end,
        # the province's periodic report is the People's Committee's (Decree 09/2019), drafted by its
        # external-affairs body; Decree 30 header: the issuing body alone, no parent line
        issuing_body=unit,
        issuing_parent="",
        place=name,
        sections=sections,
        recipients=recipients,
        signer_title="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    )
