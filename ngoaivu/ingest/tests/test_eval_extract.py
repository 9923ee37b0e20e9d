"""`make eval-extract`: the evaluation set's size and split, and what the command prints (per-type figures for
the development and the held-out part, and the time the extraction took)."""

from __future__ import annotations

import re

from ngoaivu.ingest import evaluate


def _sets():
    return {
        name: evaluate.parse_corpus(path.read_text(encoding="utf-8")) for name, path in evaluate.SETS.items()
    }


def test_the_set_is_large_enough_and_a_third_of_it_is_held_out():
    sets = _sets()
    texts = {name: len(samples) for name, samples in sets.items()}
    entities = {name: sum(len(s.gold) for s in samples) for name, samples in sets.items()}
    assert sum(texts.values()) >= 60
    assert sum(entities.values()) >= 1000
    assert texts["heldout"] * 3 >= sum(texts.values())
    assert entities["heldout"] * 3 >= sum(entities.values())


def test_every_text_is_dated_says_where_it_comes_from_and_its_marks_are_its_text():
    for samples in _sets().values():
        ids = [s.id for s in samples]
        assert len(ids) == len(set(ids))
        for s in samples:
            assert s.on is not None, s.id
            assert re.search(r"viết (lại|mới)", s.source), s.id
            for e in s.gold:
                assert s.text[e.start : e.end] == e.text, (s.id, e)
                assert e.type in evaluate.TYPES, (s.id, e)


def test_a_date_span_leaves_out_ngay_as_the_rules_say():
    for samples in _sets().values():
        for s in samples:
            for e in s.gold:
                if e.type == "DATE":
                    assert not e.text.lower().startswith(("ngày", "ngay", "sáng", "chiều")), (s.id, e.text)


def test_the_command_prints_every_type_for_both_parts_and_the_speed(capsys):
    assert evaluate.main([]) == 0
    out = capsys.readouterr().out
    for part in ("dev:", "heldout:"):
        section = out.split(part, 1)[1]
        for kind in [*evaluate.TYPES, "micro"]:
            assert re.search(rf"(?m)^{kind}\s+\d+\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+$", section), (
                part,
                kind,
            )
    assert re.search(
        r"thời gian \(lượt nhanh nhất trong 3\): \d+ văn bản, \d+ ký tự trong [\d.]+ s \(\d+ văn bản/s", out
    )
