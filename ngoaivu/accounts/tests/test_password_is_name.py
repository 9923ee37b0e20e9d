"""A password that is the person's own name, however written, is refused (found by the new-user walk: "Đặng Thị Thu Hà"
was accepted as Đặng Thị Thu Hà's password although the hint promised otherwise)."""

import pytest
from django.core.exceptions import ValidationError

from ngoaivu.accounts.models import User
from ngoaivu.accounts.validators import FullNameValidator


@pytest.mark.parametrize(
    "pw", ["Đặng Thị Thu Hà", "Dang Thi Thu Ha", "dangthithuha", "Thu Hà Đặng 1990", "xx-DANGTHITHUHA-2026"]
)
def test_refused(pw):
    with pytest.raises(ValidationError):
        FullNameValidator().validate(pw, User(full_name="Đặng Thị Thu Hà"))


@pytest.mark.parametrize("pw", ["mùa thu Hà Nội đẹp lắm", "correct horse battery", "Đặng ký hồ sơ"])
def test_allowed(pw):
    FullNameValidator().validate(pw, User(full_name="Đặng Thị Thu Hà"))
