from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.information.models import Brief

MAX_ID = 2**62


def _multi(label: Any, size: int = 6) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=(), required=False, widget=forms.SelectMultiple(attrs={"size": size})
    )


class BriefForm(BaseForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại bản tin"), choices=())
    summary = forms.CharField(label=_("Tóm tắt"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label=_("Nội dung"), max_length=50000, required=False, widget=forms.Textarea)
    countries = _multi(_("Quốc gia"))
    sectors = _multi(_("Lĩnh vực"))
    products = _multi(_("Sản phẩm (chương HS)"))
    fta = forms.ChoiceField(label=_("Hiệp định thương mại tự do"), choices=(), required=False)
    audience = forms.ChoiceField(label=_("Gửi tới"), choices=Brief.Audience.choices)
    region = forms.ChoiceField(label=_("Vùng (khi gửi tới một vùng)"), choices=(), required=False)
    provinces = _multi(_("Tỉnh, thành phố (khi gửi tới các tỉnh được chọn)"), 8)
    valid_until = forms.DateField(label=_("Có giá trị đến"), widget=DateInput(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        choices: dict[str, list[tuple[Any, str]]],
    ) -> None:
        super().__init__(data, initial=initial)
        for name, options in choices.items():
            field = self.fields[name]
            blank = [] if isinstance(field, forms.MultipleChoiceField) else [("", "—")]
            field.choices = blank + list(options)  # type: ignore[attr-defined]


class VersionForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RatingForm(BaseForm):
    useful = forms.TypedChoiceField(
        label=_("Bản tin này có hữu ích không?"),
        choices=[("1", _("Hữu ích")), ("0", _("Chưa hữu ích"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Nhận xét"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(BaseForm):
    file = forms.FileField(label=_("Tệp"))


class EntitiesForm(BaseForm):
    confirm = forms.TypedMultipleChoiceField(choices=(), coerce=int, required=False)
    reject = forms.TypedMultipleChoiceField(choices=(), coerce=int, required=False)

    def __init__(self, data: Mapping[str, Any] | None = None, *, ids: list[int]) -> None:
        super().__init__(data)
        for name in ("confirm", "reject"):
            self.fields[name].choices = [(i, str(i)) for i in ids]  # type: ignore[attr-defined]


class SubscriptionForm(BaseForm):
    name = forms.CharField(label=_("Tên đăng ký"), max_length=200, required=False)
    countries = _multi(_("Quốc gia"))
    sectors = _multi(_("Lĩnh vực"))
    products = _multi(_("Sản phẩm (chương HS)"))

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, choices: dict[str, list[tuple[Any, str]]]
    ) -> None:
        super().__init__(data)
        for name, options in choices.items():
            self.fields[name].choices = list(options)  # type: ignore[attr-defined]
