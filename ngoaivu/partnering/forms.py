from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.forms import BaseForm, DateInput
from ngoaivu.directory.models import Partner
from ngoaivu.partnering.models import PartnerSearch, Proposal

MAX_ID = 2**62


class SearchForm(BaseForm):
    direction = forms.ChoiceField(label=_("Chiều tìm kiếm"), choices=PartnerSearch.Direction.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    seeker = forms.TypedChoiceField(
        label=_("Đối tác nước ngoài tìm đối tác Việt Nam"),
        choices=(),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Chỉ khi đối tác nước ngoài tìm đối tác Việt Nam (cơ quan đại diện, Bộ nhập)."),
    )
    partner_kind = forms.ChoiceField(
        label=_("Loại đối tác cần tìm"), choices=PartnerSearch.PartnerKind.choices
    )
    countries = forms.MultipleChoiceField(
        label=_("Quốc gia"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Bắt buộc khi tỉnh tìm đối tác nước ngoài."),
    )
    fields = forms.MultipleChoiceField(  # type: ignore[assignment]  # the form field named like the model's
        label=_("Lĩnh vực"), choices=(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    offers = forms.CharField(
        label=_("Điều có thể đóng góp"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants = forms.CharField(
        label=_("Điều mong muốn"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    open_until = forms.DateField(label=_("Tìm đến ngày"), widget=DateInput(), required=False)
    visibility = forms.ChoiceField(label=_("Phạm vi chia sẻ"), choices=PartnerSearch.Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any] | None = None,
        choices: dict[str, list[tuple[Any, str]]],
        directions: list[tuple[str, Any]],
    ) -> None:
        super().__init__(data, initial=initial)
        bound: dict[str, Any] = self.fields  # type: ignore[assignment]
        bound["direction"].choices = directions
        for name, options in choices.items():
            blank = [("", "—")] if name == "seeker" else []
            bound[name].choices = blank + list(options)

    def clean(self) -> dict[str, Any]:
        """The countries an outbound search needs are asked in the same round as the other required fields
        (WALK 23: the error used to come only after a second submit). The service checks again."""
        data: dict[str, Any] = super().clean() or {}
        outbound = data.get("direction") == PartnerSearch.Direction.OUTBOUND
        if outbound and not data.get("countries") and "countries" not in self.errors:
            self.add_error("countries", _("Chọn ít nhất một quốc gia cần tìm đối tác."))
        return data


class VersionForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(BaseForm):
    agreement = forms.IntegerField(
        label=_("Thỏa thuận đạt được"), required=False, min_value=1, max_value=MAX_ID
    )
    reason = forms.CharField(label=_("Lý do đóng"), max_length=2000, required=False, widget=forms.Textarea)
    closed_on = forms.DateField(label=_("Ngày đóng"), widget=DateInput(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProposalForm(BaseForm):
    partner = forms.IntegerField(
        label=_("Đối tác trong danh bạ"), required=False, min_value=1, max_value=MAX_ID
    )
    province = forms.CharField(label=_("Tỉnh, thành phố"), max_length=2, required=False)
    new_name = forms.CharField(label=_("Hoặc: tên đối tác mới"), max_length=300, required=False)
    new_kind = forms.ChoiceField(
        label=_("Loại đối tác mới"), choices=[("", "—"), *Partner.Kind.choices], required=False
    )
    new_country = forms.CharField(label=_("Quốc gia của đối tác mới (mã ISO)"), max_length=2, required=False)
    note = forms.CharField(label=_("Lý do đề xuất"), max_length=3000, required=False, widget=forms.Textarea)
    from_suggestion = forms.BooleanField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


MOVES = [(s, label) for s, label in Proposal.State.choices if s != Proposal.State.PROPOSED]


class MoveForm(BaseForm):
    to = forms.ChoiceField(label=_("Chuyển sang"), choices=MOVES)
    on = forms.DateField(label=_("Ngày"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("Lý do không tiếp tục"), max_length=2000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WeightForm(BaseForm):
    key = forms.CharField(label=_("Mã"), max_length=40)
    weight = forms.IntegerField(label=_("Trọng số"), min_value=0, max_value=100)
