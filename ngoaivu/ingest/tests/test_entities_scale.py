"""Entity extraction grows with the text, not with its square: the work is counted (Python calls, generator
steps included, as cProfile counts them), never timed, so the test says the same on a busy machine."""

from __future__ import annotations

import cProfile
import pstats

from hypothesis import given
from hypothesis import strategies as st

from ngoaivu.ingest import entities
from ngoaivu.ingest.entities import Entity, extract, reference_gazetteer, resolve_overlaps

# Dense with every kind of entity: people after a title and a position, places, countries needing context,
# money, dates, organisations after a head word and acronyms.
DENSE = (
    "Ông Nguyễn Văn An gặp Chủ tịch UBND tỉnh Vĩnh Phúc Trần Hữu Bình tại Nhật Bản ngày 10/8/2022, "
    "bàn khoản 5 triệu USD với Tập đoàn Samsung và JICA. Phía Lào, nước Pháp cùng dự.\n"
)


def _text(n: int) -> str:
    return (DENSE * (n // len(DENSE) + 1))[:n]


def _calls(text: str) -> int:
    profiler = cProfile.Profile()
    profiler.runcall(extract, text)
    return sum(row[1] for row in pstats.Stats(profiler).stats.values())  # type: ignore[attr-defined]


def test_ten_times_the_text_is_about_ten_times_the_work():
    reference_gazetteer()
    small, large = _calls(_text(15_000)), _calls(_text(150_000))
    assert large < 20 * small, (small, large)  # linear is ~10×; the overlap check made it ~100×


def test_the_entities_of_a_long_text_are_those_of_its_parts():
    """The same sentence a thousand times gives the same entities a thousand times, at the same offsets."""
    one = extract(DENSE)
    many = extract(DENSE * 1000)
    assert len(many) == 1000 * len(one)
    step = len(DENSE)
    assert [(e.type, e.text, e.start + 999 * step) for e in one] == [
        (e.type, e.text, e.start) for e in many[-len(one) :]
    ]


def _slow_resolve(candidates: list[Entity]) -> list[Entity]:
    """The rule as first written (pairwise), kept as the reference."""
    ordered = sorted(candidates, key=lambda e: (-(e.end - e.start), entities.PRIORITY[e.type], e.start))
    taken: list[Entity] = []
    for e in ordered:
        if e.end <= e.start or any(e.start < t.end and t.start < e.end for t in taken):
            continue
        taken.append(e)
    return sorted(taken, key=lambda e: (e.start, e.end))


spans = st.lists(
    st.tuples(st.sampled_from(sorted(entities.PRIORITY)), st.integers(0, 60), st.integers(0, 12)).map(
        lambda t: Entity(t[0], "x", t[1], t[1] + t[2])
    ),
    max_size=40,
)


@given(spans)
def test_overlaps_are_resolved_as_the_pairwise_rule_did(candidates):
    assert resolve_overlaps(candidates, 80) == _slow_resolve(candidates)


@given(st.text(alphabet=" \t\nab,.(-Ê", max_size=300), st.integers(0, 300))
def test_the_previous_word_is_that_of_a_split(text, start):
    start = min(start, len(text))
    assert entities._previous_word(text, start) == text[:start].split()[-1:]
