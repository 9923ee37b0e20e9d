from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate


class CourseFilters(FilterSchema):
    """The one filter of the course list: the page, the API (`/api/v1/trainings`) and the export."""

    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    topic: Annotated[str | None, Field(max_length=40, description="mã chủ đề (training/data/topics.csv)")] = (
        None
    )
    organiser_kind: Annotated[
        str | None, Field(max_length=10, description="ministry | academy | province | other")
    ] = None
    status: Annotated[
        str | None,
        Field(max_length=10, description="planned | open | closed | ongoing | completed | cancelled"),
    ] = None
    province: Annotated[
        str | None, Field(max_length=2, description="mã tỉnh hiện hành của đơn vị ghi khóa học")
    ] = None
    year: Annotated[int | None, Field(ge=1990, le=2100, description="năm bắt đầu")] = None
    date_from: Annotated[IsoDate | None, Field(description="khóa học kết thúc từ ngày")] = None
    date_to: Annotated[IsoDate | None, Field(description="khóa học bắt đầu đến ngày")] = None
    deadline_from: Annotated[IsoDate | None, Field(description="hạn cử cán bộ từ ngày")] = None
    deadline_to: Annotated[IsoDate | None, Field(description="hạn cử cán bộ đến ngày")] = None
    places_left: Annotated[
        bool | None, Field(description="true: khóa học tỉnh của người dùng còn suất cử (chưa hết chỉ tiêu)")
    ] = None
    sort: Annotated[
        str | None,
        Field(max_length=30, description="starts | title | topic | status | deadline; -key: giảm dần"),
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_topic(self, value: str | None) -> Q:
        from ngoaivu.training.models import Topic

        return Q(topic_id=reference_id(Topic, code=value)) if value else Q()

    def filter_organiser_kind(self, value: str | None) -> Q:
        return Q(organiser_kind=value) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        return Q(owner_org__province_code=value) if value else Q()

    def filter_year(self, value: int | None) -> Q:
        return Q(starts_on__year=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(ends_on__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(starts_on__lte=value) if value else Q()

    def filter_deadline_from(self, value: dt.date | None) -> Q:
        return Q(nomination_deadline__gte=value) if value else Q()

    def filter_deadline_to(self, value: dt.date | None) -> Q:
        return Q(nomination_deadline__lte=value) if value else Q()

    def filter_places_left(self, value: bool | None) -> Q:
        return Q()  # depends on the user's province: applied by selectors.course_list

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class NominationFilters(FilterSchema):
    """The one filter of the nominations (participations) list — page, API and export; the counts page links
    here with `status=attended`, the province, the topic and the year."""

    q: Annotated[str | None, Field(max_length=200, description="tên học viên hoặc khóa học, không dấu")] = (
        None
    )
    course: Annotated[int | None, Field(ge=1, le=2**62, description="mã khóa học")] = None
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh cử (hiện hành)")] = None
    topic: Annotated[str | None, Field(max_length=40, description="mã chủ đề")] = None
    year: Annotated[int | None, Field(ge=1990, le=2100, description="năm kết thúc khóa học")] = None
    year_from: Annotated[int | None, Field(ge=1990, le=2100, description="khóa học kết thúc từ năm")] = None
    year_to: Annotated[int | None, Field(ge=1990, le=2100, description="khóa học kết thúc đến năm")] = None
    date_from: Annotated[IsoDate | None, Field(description="khóa học kết thúc từ ngày")] = None
    date_to: Annotated[IsoDate | None, Field(description="khóa học kết thúc đến ngày")] = None
    status: Annotated[
        str | None,
        Field(max_length=10, description="proposed | approved | accepted | declined | attended | absent"),
    ] = None
    result: Annotated[str | None, Field(max_length=10, description="passed | failed")] = None
    awaiting: Annotated[
        str | None,
        Field(
            max_length=20,
            description="my_approval: đề xuất của tỉnh mình chờ người dùng (lãnh đạo, không phải người đề xuất) "
            "duyệt | organiser: đã được tỉnh duyệt, chờ đơn vị của người dùng (đơn vị tổ chức) nhận",
        ),
    ] = None
    sort: Annotated[
        str | None,
        Field(max_length=30, description="course | name | province | status | starts; -key: giảm dần"),
    ] = None

    def filter_q(self, value: str | None) -> Q:
        if not value:
            return Q()
        return text_q(value, "trainee__search_text") | text_q(value, "course__search_text")

    def filter_course(self, value: int | None) -> Q:
        return Q(course_id=value) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=reference_id(Province, code=value)) if value else Q()

    def filter_topic(self, value: str | None) -> Q:
        from ngoaivu.training.models import Topic

        return Q(course__topic_id=reference_id(Topic, code=value)) if value else Q()

    def filter_year(self, value: int | None) -> Q:
        return Q(course__ends_on__year=value) if value else Q()

    def filter_year_from(self, value: int | None) -> Q:
        return Q(course__ends_on__year__gte=value) if value else Q()

    def filter_year_to(self, value: int | None) -> Q:
        return Q(course__ends_on__year__lte=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(course__ends_on__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(course__ends_on__lte=value) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_result(self, value: str | None) -> Q:
        return Q(result=value) if value else Q()

    def filter_awaiting(self, value: str | None) -> Q:
        return Q()  # depends on the user: applied by selectors.nomination_list

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class CountFilters(FilterSchema):
    """The counts page: attended participations by province, topic and year."""

    year: Annotated[int | None, Field(ge=1990, le=2100, description="năm kết thúc khóa học")] = None
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh cử")] = None
    topic: Annotated[str | None, Field(max_length=40, description="mã chủ đề")] = None
