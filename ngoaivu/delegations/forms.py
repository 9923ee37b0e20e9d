from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm, CleanTextFormMixin, DateInput
from ngoaivu.delegations.models import BriefingNote, Conference, Delegation, FollowUpTask, LeaderVisit, Member
from ngoaivu.delegations.models import Visibility as V

FORM_YEARS = (2000, 2100)
"""The years a date typed in a delegation, visit, conference, decision or deputy form may fall in (the API's
ISO dates take 1900–2200): a typo such as 1800 or 20026 is refused with the field's name."""
BIRTH_YEARS = (1900, 2100)
"""A member's date of birth: from 1900 (the service also refuses a date from today on)."""


class YearRangeDateField(forms.DateField):
    """A date whose year lies in `years` (inclusive); outside, a Vietnamese message that the error summary shows
    under the field's label ("Ngày đi / ngày đến: Năm phải từ 2000 đến 2100 (đã nhập 01/03/1800).")."""

    def __init__(self, *args: Any, years: tuple[int, int] = FORM_YEARS, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput(attrs={"min": f"{years[0]}-01-01", "max": f"{years[1]}-12-31"}))
        super().__init__(*args, **kwargs)
        self.years = years

    def clean(self, value: Any) -> dt.date | None:
        day: dt.date | None = super().clean(value)
        if day is not None and not self.years[0] <= day.year <= self.years[1]:
            raise forms.ValidationError(
                _("Năm phải từ %(lo)s đến %(hi)s (đã nhập %(day)s)."),
                code="year_range",
                params={
                    "lo": str(self.years[0]),
                    "hi": str(self.years[1]),
                    "day": day.strftime("%d/%m/%Y") if day.year >= 1000 else day.isoformat(),
                },
            )
        return day


class DelegationForm(BaseForm):
    direction = forms.ChoiceField(label=_("Loại đoàn"), choices=Delegation.Direction.choices)
    title = forms.CharField(label=_("Tên đoàn"), max_length=300)
    purpose = forms.CharField(label=_("Mục đích"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    head_name = forms.CharField(label=_("Trưởng đoàn"), max_length=200)
    head_position = forms.CharField(label=_("Chức vụ trưởng đoàn"), max_length=300, required=False)
    countries = forms.MultipleChoiceField(
        label=_("Quốc gia"),
        choices=(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Đoàn ra: nước đến; đoàn vào: nước của khách. Gõ để tìm, chọn được nhiều."),
    )
    cities = forms.CharField(label=_("Thành phố, địa phương"), max_length=500, required=False)
    partners = forms.MultipleChoiceField(
        label=_("Đối tác làm việc"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    departs_on = YearRangeDateField(label=_("Ngày đi / ngày đến"))
    returns_on = YearRangeDateField(label=_("Ngày về / ngày rời"))
    programme = forms.CharField(
        label=_("Chương trình theo ngày"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
        help_text=_("Mỗi ngày một dòng, ví dụ: 12/03: làm việc với JETRO Osaka."),
    )
    invitation = forms.CharField(label=_("Thư mời (số, ngày, của ai)"), max_length=500, required=False)
    funding = forms.CharField(label=_("Nguồn kinh phí"), max_length=300, required=False)
    budget_estimate = forms.DecimalField(
        label=_("Dự toán kinh phí (VND)"), required=False, min_value=0, max_digits=18, decimal_places=0
    )
    guests_rank = forms.CharField(label=_("Cấp của khách (đoàn vào)"), max_length=300, required=False)
    receiving_leader = forms.CharField(
        label=_("Lãnh đạo tiếp đoàn (đoàn vào)"), max_length=300, required=False
    )
    party_managed = forms.BooleanField(
        label=_("Có cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý"),
        required=False,
        help_text=_("Thêm bước xin ý kiến Ban Thường vụ Tỉnh ủy vào quy trình duyệt."),
    )
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=V.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        countries: list[tuple[str, str]],
        partners: list[tuple[str, str]],
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["countries"].choices = countries  # type: ignore[attr-defined]
        self.fields["partners"].choices = partners  # type: ignore[attr-defined]

    def quiet(self) -> None:
        """Shows the fields as typed without judging them (a member row was added, nothing saved)."""
        self._errors = ErrorDict()


class MemberForm(CleanTextFormMixin, forms.Form):
    error_css_class = "has-error"
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=300, required=False)
    unit = forms.CharField(label=_("Đơn vị"), max_length=300, required=False)
    is_head = forms.BooleanField(label=_("Trưởng đoàn"), required=False)
    birth_date = YearRangeDateField(label=_("Ngày sinh"), required=False, years=BIRTH_YEARS)
    passport_type = forms.ChoiceField(
        label=_("Loại hộ chiếu"), choices=[("", "—"), *Member.PassportType.choices], required=False
    )
    passport_number = forms.CharField(label=_("Số hộ chiếu"), max_length=12, required=False)
    passport_expiry = YearRangeDateField(label=_("Hộ chiếu hết hạn"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        typed = any(data.get(f) for f in self.DETAIL_FIELDS)
        if typed and not data.get("full_name") and not data.get("DELETE"):
            self.add_error("full_name", _("Nhập họ và tên (dòng có thông tin khác)."))
        return data

    DETAIL_FIELDS = ("position", "unit", "birth_date", "passport_type", "passport_number", "passport_expiry")

    @property
    def names_someone(self) -> bool:
        """A row kept on save: it names someone and is not marked for removal."""
        data = getattr(self, "cleaned_data", None) or {}
        return bool(data.get("full_name")) and not data.get("DELETE")


MAX_MEMBER_ROWS = 200


class BaseMemberFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The members of a delegation, any number up to `MAX_MEMBER_ROWS`: rows are added by members.js (or, without
    JavaScript, by the "Thêm thành viên" button that posts the form back with one more row), removed with their
    "Xóa dòng" box; an empty row is left out. Each problem is named by its row: "Thành viên 3: …"."""

    default_error_messages = {
        "too_many_forms": _("Tối đa %(num)d thành viên."),
        "missing_management_form": _("Thiếu thông tin về số dòng thành viên: hãy tải lại trang."),
    }

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xóa dòng")

    def add_non_form_errors(self, messages: list[str]) -> None:
        """A problem of the whole list from the service (too many members)."""
        self._non_form_errors = self.error_class([*self.non_form_errors(), *messages])

    def quiet(self) -> None:
        """Shows the rows as typed without judging them (a row was added without JavaScript, nothing saved)."""
        for form in self.forms:
            form._errors = ErrorDict()
        self._errors = [ErrorDict() for _form in self.forms]
        self._non_form_errors = self.error_class()

    def kept_forms(self) -> list[MemberForm]:
        return [f for f in self.forms if isinstance(f, MemberForm) and f.names_someone]

    def row_errors(self) -> Iterator[tuple[str, str]]:
        """(field id, "Thành viên 3: Họ và tên: …") for every problem of a row, in row order."""
        for number, form in enumerate(self.forms, start=1):
            for name, errors in form.errors.items():
                field = form.fields.get(name)
                for error in errors:
                    where = (
                        _("Thành viên %(n)s: %(f)s: %(e)s") % {"n": number, "f": field.label, "e": error}
                        if field is not None and field.label
                        else _("Thành viên %(n)s: %(e)s") % {"n": number, "e": error}
                    )
                    yield (form[name].id_for_label if field is not None else "", where)


MemberFormSet: type[BaseMemberFormSet] = forms.formset_factory(  # type: ignore[assignment]
    MemberForm,
    formset=BaseMemberFormSet,
    extra=3,
    can_delete=True,
    max_num=MAX_MEMBER_ROWS,
    validate_max=True,
    absolute_max=MAX_MEMBER_ROWS,
)


class ActionForm(BaseForm):
    comment = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)
    results = forms.CharField(required=False, max_length=20000, widget=forms.Textarea)
    better_preparation = forms.CharField(required=False, max_length=10000, widget=forms.Textarea)
    agreements = forms.TypedMultipleChoiceField(required=False, choices=(), coerce=int)
    actual_cost = forms.DecimalField(required=False, min_value=0, max_digits=18, decimal_places=0)
    version = forms.IntegerField(required=False)

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, agreements: list[tuple[int, str]] | None = None
    ) -> None:
        super().__init__(data)
        self.fields["agreements"].choices = agreements or []  # type: ignore[attr-defined]


class PaperDecisionForm(BaseForm):
    """The decision of a leader who does not use ngoaivu (Chủ tịch UBND tỉnh, Ban Thường vụ Tỉnh ủy), recorded
    from its document by an officer."""

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approved", _("Đồng ý")), ("refused", _("Không đồng ý"))],
    )
    document_number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=60)
    document_date = YearRangeDateField(label=_("Ngày văn bản"))
    signer = forms.CharField(
        label=_("Người ký"), max_length=200, help_text=_("Họ tên và chức vụ, ví dụ: Chủ tịch UBND tỉnh …")
    )
    file = forms.FileField(label=_("Bản scan văn bản"))
    comment = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())


class BriefingForm(BaseForm):
    kind = forms.ChoiceField(label=_("Loại ghi chú"), choices=BriefingNote.Kind.choices)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)


class FollowUpForm(BaseForm):
    title = forms.CharField(label=_("Việc cần làm"), max_length=300)
    owner = forms.CharField(label=_("Người / đơn vị chủ trì"), max_length=200)
    due_on = YearRangeDateField(label=_("Hạn"))
    status = forms.ChoiceField(label=_("Tình trạng"), choices=FollowUpTask.Status.choices)
    agreement = forms.TypedChoiceField(
        label=_("Thỏa thuận liên quan"), choices=(), coerce=int, required=False, empty_value=None
    )
    request_reference = forms.CharField(label=_("Số đặt hàng liên quan"), max_length=40, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        agreements: list[tuple[int, str]] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["agreement"].choices = [("", "—"), *(agreements or [])]  # type: ignore[attr-defined]


class ChainStepForm(BaseForm):
    order = forms.IntegerField(label=_("Thứ tự"), min_value=1, max_value=20)
    label = forms.CharField(label=_("Bước duyệt"), max_length=200)
    direction = forms.ChoiceField(
        label=_("Áp dụng cho"),
        choices=[("", _("Cả đoàn ra và đoàn vào")), *Delegation.Direction.choices],
        required=False,
    )
    approver = forms.TypedChoiceField(
        label=_("Người duyệt"),
        choices=(),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Để trống: lãnh đạo đơn vị ghi nhận ý kiến của cơ quan có thẩm quyền."),
    )
    only_if_party_managed = forms.BooleanField(
        label=_("Chỉ khi có cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý"), required=False
    )

    def __init__(self, data: Mapping[str, Any] | None = None, *, colleagues: list[tuple[int, str]]) -> None:
        super().__init__(data)
        self.fields["approver"].choices = [("", "—"), *colleagues]  # type: ignore[attr-defined]


class DeputyForm(BaseForm):
    deputy = forms.TypedChoiceField(label=_("Người được ủy quyền"), choices=(), coerce=int)
    starts_on = YearRangeDateField(label=_("Từ ngày"))
    ends_on = YearRangeDateField(label=_("Đến ngày"))

    def __init__(self, data: Mapping[str, Any] | None = None, *, colleagues: list[tuple[int, str]]) -> None:
        super().__init__(data)
        self.fields["deputy"].choices = colleagues  # type: ignore[attr-defined]


class VisitForm(BaseForm):
    direction = forms.ChoiceField(label=_("Hình thức"), choices=LeaderVisit.Direction.choices)
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), choices=())
    starts_on = YearRangeDateField(label=_("Từ ngày"))
    ends_on = YearRangeDateField(label=_("Đến ngày"))
    ministry_leaders = forms.CharField(label=_("Lãnh đạo Bộ"), max_length=500)
    province_leaders = forms.CharField(label=_("Lãnh đạo tỉnh"), max_length=500, required=False)
    agenda = forms.CharField(
        label=_("Nội dung làm việc"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        required=False,
    )
    asks = forms.CharField(
        label=_("Đề nghị cụ thể của tỉnh"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=50000,
        required=False,
        help_text=_("Mỗi đề nghị một dòng; mỗi đề nghị có thể chuyển thành một đặt hàng."),
    )
    agreed = forms.CharField(
        label=_("Những nội dung đã thống nhất"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        required=False,
    )
    follow_up = forms.CharField(
        label=_("Việc triển khai sau chuyến thăm"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=20000,
        required=False,
    )
    status = forms.ChoiceField(label=_("Tình trạng"), choices=LeaderVisit.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        provinces: list[tuple[str, str]],
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["province"].choices = [("", "—"), *provinces]  # type: ignore[attr-defined]


class ConferenceForm(BaseForm):
    title = forms.CharField(label=_("Tên hội nghị, hội thảo"), max_length=500)
    organiser = forms.CharField(label=_("Cơ quan tổ chức"), max_length=300)
    format = forms.ChoiceField(label=_("Hình thức"), choices=Conference.Format.choices)
    venue = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    starts_on = YearRangeDateField(label=_("Ngày khai mạc"))
    ends_on = YearRangeDateField(label=_("Ngày bế mạc"))
    countries = forms.MultipleChoiceField(
        label=_("Nước có đại biểu tham dự"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    foreign_participants = forms.IntegerField(
        label=_("Số đại biểu nước ngoài"), min_value=0, max_value=100000, initial=0
    )
    top_rank = forms.ChoiceField(
        label=_("Cấp cao nhất của đại biểu nước ngoài"), choices=Conference.Rank.choices
    )
    sensitive_topics = forms.MultipleChoiceField(
        label=_("Nội dung nhạy cảm"),
        choices=list(Conference.SENSITIVE_TOPICS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Có đại biểu cấp Bộ trưởng trở lên hoặc nội dung nhạy cảm: Thủ tướng cho phép (hồ sơ trước 40 ngày); còn lại: Chủ tịch UBND tỉnh (trước 30 ngày)."
        ),
    )
    funding = forms.CharField(label=_("Nguồn kinh phí"), max_length=300, required=False)
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=V.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        countries: list[tuple[str, str]],
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["countries"].choices = countries  # type: ignore[attr-defined]


class ConferenceActionForm(BaseForm):
    text = forms.CharField(required=False, max_length=20000, widget=forms.Textarea)
    bodies = forms.CharField(required=False, max_length=3000)
    consultation_id = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    decision = forms.CharField(required=False, max_length=200)
    version = forms.IntegerField(required=False)
