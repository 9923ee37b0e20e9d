"""What the audit log names a rating by (the screens walk found "71:25:True" on the home page)."""

from django.utils import translation

from ngoaivu.information.models import Brief, BriefRating


def test_a_rating_is_named_by_its_brief_and_its_verdict_in_words():
    brief = Brief(title="Thị trường thủy sản Nhật Bản")
    with translation.override("vi"):
        assert str(BriefRating(brief=brief, useful=True)) == "Thị trường thủy sản Nhật Bản — Hữu ích"
        assert str(BriefRating(brief=brief, useful=False)) == "Thị trường thủy sản Nhật Bản — Chưa hữu ích"
