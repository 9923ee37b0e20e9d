from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.ingest.models import Document


class DocumentForm(BaseForm):
    file = forms.FileField(
        label=_("Tệp (PDF, DOCX, XLSX, TXT, HTML)"),
        required=False,
        help_text=_("Hoặc dán nội dung vào ô bên dưới."),
    )
    text = forms.CharField(
        label=_("Nội dung (dán văn bản)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    title = forms.CharField(
        label=_("Tiêu đề"), max_length=500, required=False, help_text=_("Để trống: lấy dòng đầu của văn bản.")
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=Document.Kind.choices)
    source = forms.CharField(label=_("Nguồn (báo, cơ quan, địa chỉ web)"), max_length=500, required=False)
    published_on = forms.DateField(label=_("Ngày đăng / ngày văn bản"), required=False, widget=DateInput())
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=100, required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Trích yếu"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    visibility = forms.ChoiceField(label=_("Phạm vi"), choices=Document.Visibility.choices)
    provinces = forms.MultipleChoiceField(label=_("Tỉnh, thành phố"), required=False)
    countries = forms.MultipleChoiceField(label=_("Quốc gia"), required=False)
    partners = forms.TypedMultipleChoiceField(label=_("Đối tác"), required=False, coerce=int)
    agreements = forms.TypedMultipleChoiceField(label=_("Thỏa thuận"), required=False, coerce=int)
    requests = forms.TypedMultipleChoiceField(label=_("Đặt hàng"), required=False, coerce=int)
    delegations = forms.TypedMultipleChoiceField(label=_("Đoàn ra, đoàn vào"), required=False, coerce=int)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, choices: dict[str, list[tuple[Any, str]]], editing: bool = False, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        for name, values in choices.items():
            self.fields[name].choices = values  # type: ignore[attr-defined]
        if editing:
            del self.fields["file"]
            del self.fields["text"]


class VersionForm(BaseForm):
    file = forms.FileField(label=_("Tệp mới"), required=False)
    text = forms.CharField(
        label=_("Hoặc dán nội dung mới"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionForm(BaseForm):
    """A button without fields of its own (what it acts on is in the URL and the posted choices)."""


class IngestForm(BaseForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=Document.Kind.choices, initial=Document.Kind.NEWS)
    visibility = forms.ChoiceField(
        label=_("Phạm vi"), choices=Document.Visibility.choices, initial=Document.Visibility.SHARED
    )
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa lưu"), required=False)
