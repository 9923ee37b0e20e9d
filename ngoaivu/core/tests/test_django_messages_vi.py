from django import forms
from django.utils import translation


def test_whole_number_message_reads_in_vietnamese():
    class F(forms.Form):
        n = forms.IntegerField()

    with translation.override("vi"):
        f = F({"n": "1,5"})
        assert not f.is_valid()
        assert f.errors["n"] == ["Nhập một số nguyên."]


def test_range_messages_read_as_plain_vietnamese():
    class F(forms.Form):
        n = forms.IntegerField(min_value=1, max_value=10)

    with translation.override("vi"):
        assert F({"n": "-5"}).errors["n"] == ["Giá trị phải từ 1 trở lên."]
        assert F({"n": "11"}).errors["n"] == ["Giá trị không được lớn hơn 10."]
