from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.models import Agreement, AgreementFile, Milestone
from ngoaivu.agreements.services.registration import REGISTER_YEARS
from ngoaivu.agreements.services.roadmap import MILESTONE_YEARS
from ngoaivu.core.forms import BaseForm, DateInput

# Sane years for the dates typed on the agreements pages (a year like 1800 or 20266 is a typing slip): the
# registration's years for signing, validity, letters and activities (services.registration.REGISTER_YEARS,
# 1945–2200); roadmap milestones, planned once the register exists, 2000–2100 (services.roadmap).
RECORD_YEARS = REGISTER_YEARS


def year_problem(value: dt.date | None, years: tuple[int, int]) -> str:
    """The Vietnamese sentence for a date outside `years` (empty when it is inside). Every page prints it
    after the field's name — "Hạn: năm phải trong khoảng 2000–2100 (đã nhập năm 1800)." — in the error
    summary, the flash message of a button, or under the field's label."""
    if value is None or years[0] <= value.year <= years[1]:
        return ""
    return _("năm phải trong khoảng %(a)s–%(b)s (đã nhập năm %(y)s).") % {
        "a": str(years[0]),
        "b": str(years[1]),
        "y": str(value.year),
    }


class YearDateField(forms.DateField):
    """A date typed on a page, refused outside a window of years."""

    def __init__(self, *, years: tuple[int, int] = RECORD_YEARS, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)
        self.years = years
        self.widget.attrs.update({"min": f"{years[0]}-01-01", "max": f"{years[1]}-12-31"})

    def validate(self, value: Any) -> None:
        super().validate(value)
        if problem := year_problem(value, self.years):
            raise ValidationError(problem, code="year_window")


INITIAL_STATE_CHOICES = [
    (Agreement.State.PROPOSED, _("Đề xuất (chưa ký)")),
    (Agreement.State.SIGNED, _("Đã ký, chưa triển khai")),
    (Agreement.State.IN_IMPLEMENTATION, _("Đã ký, đang triển khai")),
    (Agreement.State.EXPIRED, _("Đã hết hiệu lực")),
    (Agreement.State.TERMINATED, _("Đã chấm dứt")),
]


class AgreementForm(BaseForm):
    kind = forms.ChoiceField(label=_("Loại thỏa thuận"), choices=())
    title_vi = forms.CharField(label=_("Tên thỏa thuận (tiếng Việt)"), max_length=500)
    title_foreign = forms.CharField(label=_("Tên bằng tiếng nước ngoài"), max_length=500, required=False)
    foreign_language = forms.CharField(label=_("Ngôn ngữ của đối tác"), max_length=50, required=False)
    province = forms.CharField(
        label=_("Tỉnh, thành phố (tên khi ký)"),
        max_length=100,
        required=False,
        help_text=_("Để trống: tỉnh của bạn. Được ghi tên tỉnh trước sáp nhập, có dấu hoặc không dấu."),
    )
    vn_party = forms.CharField(label=_("Bên Việt Nam ký"), max_length=300, required=False)
    country = forms.ChoiceField(label=_("Quốc gia"), choices=())
    partners = forms.MultipleChoiceField(
        label=_("Đối tác nước ngoài"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Từ danh bạ đối tác; gõ để tìm, chọn được nhiều."),
    )
    cooperation_fields = forms.MultipleChoiceField(
        label=_("Lĩnh vực hợp tác"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("Nội dung chính"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, required=False
    )
    state = forms.ChoiceField(
        label=_("Tình trạng khi đăng ký"),
        choices=INITIAL_STATE_CHOICES,
        help_text=_("Thỏa thuận đã ký trước đây: chọn tình trạng hiện nay và ghi ngày ký."),
    )
    signed_on = YearDateField(label=_("Ngày ký"), required=False)
    signed_place = forms.CharField(label=_("Nơi ký"), max_length=200, required=False)
    valid_from = YearDateField(label=_("Hiệu lực từ"), required=False)
    valid_until = YearDateField(
        label=_("Hiệu lực đến"),
        required=False,
        help_text=_("Để trống nếu không thời hạn."),
    )
    renewal_terms = forms.CharField(
        label=_("Điều khoản gia hạn"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
    )
    signatories_vn = forms.CharField(label=_("Người ký phía Việt Nam"), max_length=300, required=False)
    signatories_foreign = forms.CharField(label=_("Người ký phía nước ngoài"), max_length=300, required=False)
    budget = forms.DecimalField(
        label=_("Kinh phí dự kiến (VND)"), required=False, min_value=0, max_digits=18, decimal_places=0
    )
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=Agreement.Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        kinds: list[tuple[str, str]],
        countries: list[tuple[str, str]],
        partners: list[tuple[str, str]],
        fields: list[tuple[str, str]],
        editing: bool = False,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["country"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]
        self.fields["partners"].choices = partners  # type: ignore[attr-defined]
        self.fields["cooperation_fields"].choices = fields  # type: ignore[attr-defined]
        if editing:
            del self.fields["state"]


class MilestoneForm(BaseForm):
    title = forms.CharField(label=_("Mốc / hoạt động"), max_length=300)
    owner = forms.CharField(label=_("Đơn vị / người chủ trì"), max_length=200)
    due_on = YearDateField(label=_("Hạn"), years=MILESTONE_YEARS)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Milestone.Status.choices)
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100, initial=0)
    evidence = forms.CharField(
        label=_("Kết quả, minh chứng"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=10000,
        required=False,
        help_text=_("Văn bản, số đặt hàng (ĐH-…), đoàn công tác, đường dẫn liên quan"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActivityForm(BaseForm):
    happened_on = YearDateField(label=_("Ngày"))
    text = forms.CharField(label=_("Hoạt động"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class PaperOpinionForm(BaseForm):
    """A consulted body's answer received on paper, recorded by the owner with the letter and its scan."""

    step_id = forms.TypedChoiceField(label=_("Cơ quan trả lời"), choices=(), coerce=int)
    outcome = forms.ChoiceField(
        label=_("Ý kiến"), choices=[("agree", _("Đồng ý")), ("object", _("Có ý kiến khác"))]
    )
    document_number = forms.CharField(label=_("Số, ký hiệu văn bản trả lời"), max_length=60)
    document_date = YearDateField(label=_("Ngày văn bản"))
    text = forms.CharField(
        label=_("Nội dung ý kiến"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label=_("Bản scan văn bản trả lời"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        files: MultiValueDict[str, UploadedFile] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        steps: list[tuple[int, str]] | None = None,
    ) -> None:
        super().__init__(data, files, initial=initial)
        self.fields["step_id"].choices = steps or []  # type: ignore[attr-defined]


class FileForm(BaseForm):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=AgreementFile.Kind.choices)
    milestone = forms.TypedChoiceField(
        label=_("Minh chứng cho mốc lộ trình"), choices=(), coerce=int, required=False, empty_value=None
    )
    label = forms.CharField(
        label=_("Tên tài liệu"),
        max_length=200,
        required=False,
        help_text=_("Cùng loại và cùng tên với tài liệu đã có: lưu thành phiên bản mới, giữ các bản cũ."),
    )
    file = forms.FileField(label=_("Tệp"))

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        files: MultiValueDict[str, UploadedFile] | None = None,
        *,
        milestones: list[tuple[int, str]] | None = None,
    ) -> None:
        super().__init__(data, files)
        self.fields["milestone"].choices = [("", "—"), *(milestones or [])]  # type: ignore[attr-defined]


class ActionForm(BaseForm):
    """The workflow buttons' fields; the labels name a field in a refusal ("Ngày: …"), never its key."""

    text = forms.CharField(label=_("Ghi chú, lý do"), required=False, max_length=5000, widget=forms.Textarea)
    on = YearDateField(label=_("Ngày"), required=False)
    bodies = forms.CharField(label=_("Cơ quan được lấy ý kiến"), required=False, max_length=3000)
    step_id = forms.IntegerField(label=_("Cơ quan"), required=False, min_value=1, max_value=2**62)
    outcome = forms.CharField(label=_("Ý kiến"), required=False, max_length=20)
    document_number = forms.CharField(label=_("Số văn bản"), required=False, max_length=60)
    signed_place = forms.CharField(label=_("Nơi ký"), required=False, max_length=200)
    signatories_vn = forms.CharField(label=_("Người ký phía Việt Nam"), required=False, max_length=300)
    signatories_foreign = forms.CharField(label=_("Người ký phía nước ngoài"), required=False, max_length=300)
    decision = forms.CharField(label=_("Quyết định"), required=False, max_length=10)
    valid_until = YearDateField(label=_("Hiệu lực mới đến"), required=False)
    version = forms.IntegerField(required=False)


class RuleForm(BaseForm):
    """A deadline rule as the rules page posts it; the service checks every value (unknown key, days out of
    range, a reminder list that is not numbers) and says what is wrong."""

    key = forms.CharField(required=False)
    province_code = forms.CharField(required=False)
    days = forms.CharField(required=False)
    reminder_days = forms.CharField(required=False)


class ImportForm(BaseForm):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"))
    create_partners = forms.BooleanField(label=_("Tạo đối tác mới khi chưa có trong danh bạ"), required=False)
    allow_duplicates = forms.BooleanField(
        label=_("Vẫn nhập các dòng có thể trùng thỏa thuận đã có"), required=False
    )
