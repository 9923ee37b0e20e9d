from django import forms
from django.utils import translation


def test_whole_number_message_reads_in_vietnamese():
    class F(forms.Form):
        n = forms.IntegerField()

    with translation.override("vi"):
        f = F({"n": "1,5"})
        assert not f.is_valid()
        assert f.errors["n"] == ["Nhập một số nguyên."]
