from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.requests.models import Answer, ServiceRequest, max_length


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class RequestForm(BaseForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=max_length(ServiceRequest, "title"))
    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=())
    description = forms.CharField(
        label=_("Nội dung cần hỗ trợ và lý do"),
        widget=forms.Textarea,
        max_length=max_length(ServiceRequest, "description"),
        help_text=_("Cụ thể: cần gì, để làm gì, đã có gì."),
    )
    desired_result = forms.CharField(
        label=_("Kết quả mong muốn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=max_length(ServiceRequest, "desired_result"),
        required=False,
    )
    recipients = forms.MultipleChoiceField(
        label=_("Nơi nhận"),
        choices=(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Gõ tên cơ quan hoặc nước để tìm; chọn được nhiều nơi nhận."),
    )
    target_countries = forms.MultipleChoiceField(
        label=_("Quốc gia liên quan"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    market_dossiers = forms.TypedMultipleChoiceField(
        label=_("Hồ sơ mở cửa thị trường liên quan"),
        choices=(),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    priority = forms.ChoiceField(label=_("Mức độ"), choices=ServiceRequest.Priority.choices)
    wished_date = forms.DateField(label=_("Thời hạn mong muốn"), required=False, widget=DateInput())
    shared = forms.BooleanField(
        label=ServiceRequest._meta.get_field("shared").verbose_name,
        help_text=ServiceRequest._meta.get_field("shared").help_text,
        required=False,
    )
    attachments = MultipleFileField(label=_("Tệp đính kèm"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    from_ask = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**62)

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[str, str]],
        recipients: list[tuple[str, str]],
        countries: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]
        self.fields["recipients"].choices = recipients  # type: ignore[attr-defined]
        self.fields["target_countries"].choices = countries  # type: ignore[attr-defined]


class ActionForm(BaseForm):
    text = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=max_length(Answer, "text"),
    )
    recipient = forms.CharField(required=False, max_length=max_length(Organisation, "code"))
    rating = forms.TypedChoiceField(
        label=_("Đánh giá"),
        coerce=int,
        required=False,
        choices=[("", "—")] + [(i, f"{i}/5") for i in range(5, 0, -1)],
    )
    assignee = forms.CharField(
        label=_("Cán bộ xử lý"), required=False, max_length=max_length(User, "username")
    )
    to = forms.MultipleChoiceField(label=_("Chuyển đến"), required=False, choices=())
    merge_into = forms.CharField(
        label=_("Trùng với đặt hàng số"), required=False, max_length=max_length(ServiceRequest, "number")
    )
    partner_contacts = forms.CharField(
        label=_("Đối tác, đầu mối liên hệ tìm được"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=max_length(Answer, "partner_contacts"),
    )
    next_steps = forms.CharField(
        label=_("Đề xuất bước tiếp theo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=max_length(Answer, "next_steps"),
    )
    attachments = MultipleFileField(label=_("Tệp đính kèm"), required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, missions: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = missions or []  # type: ignore[attr-defined]


class CategoryForm(forms.Form):
    """One row of the categories page as posted: the numbers stay text so that the service says what is wrong
    with a missing or odd one (1 to 120 working days), as it did when the view read `request.POST`."""

    code = forms.CharField(required=False, strip=False)
    ack_days = forms.CharField(required=False, strip=False)
    answer_days = forms.CharField(required=False, strip=False)
    rating_days = forms.CharField(required=False, strip=False)
    is_active = forms.CharField(required=False, strip=False)
