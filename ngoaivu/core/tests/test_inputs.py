from dataclasses import dataclass

import pytest

from ngoaivu.core.inputs import input_from


@dataclass(frozen=True)
class Sample:
    title: str
    ids: tuple[int, ...] = ()
    note: str = ""


def test_takes_named_keys_and_overrides():
    got = input_from(Sample, {"title": "Đoàn", "version": 3, "ids": [1, 2]}, ids=(1, 2))
    assert got == Sample(title="Đoàn", ids=(1, 2))


def test_unknown_override_fails():
    with pytest.raises(TypeError, match="no field"):
        input_from(Sample, {"title": "x"}, titel="y")


def test_missing_required_field_fails():
    with pytest.raises(TypeError):
        input_from(Sample, {"note": "x"})


def test_not_a_dataclass_fails():
    with pytest.raises(TypeError, match="not a dataclass"):
        input_from(dict, {})


def test_split_items_by_line_or_semicolon_without_empties():
    from ngoaivu.core.text import split_items

    assert split_items("Bộ Tư pháp; Bộ Công Thương\n\nVăn phòng Chính phủ;;") == (
        "Bộ Tư pháp",
        " Bộ Công Thương",
        "Văn phòng Chính phủ",
    )
    assert split_items(None) == ()
