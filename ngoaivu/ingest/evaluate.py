"""Precision, recall and F1 per entity type on the annotated corpus (`eval/corpus.txt`): `make eval-extract`.

A prediction counts when type, start and end all equal an annotation's; `norm` is scored separately, as the
share of matched spans whose value is also right. The corpus format and annotation rules: eval/README.md."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ngoaivu.ingest.entities import Entity, extract, reference_gazetteer

EVAL = Path(__file__).resolve().parent / "eval"
SETS = {"dev": EVAL / "corpus.txt", "heldout": EVAL / "heldout.txt"}
TYPES = ["PROVINCE", "COUNTRY", "ORG", "PERSON", "DATE", "MONEY"]
MARK = re.compile(r"\[\[(?P<type>[A-Z]+)\|(?P<text>[^|\]]+)(?:\|(?P<norm>[^\]]+))?\]\]")


@dataclass
class Sample:
    id: str
    source: str
    on: dt.date | None
    text: str
    gold: list[Entity] = field(default_factory=list)


def parse_corpus(raw: str) -> list[Sample]:
    samples = []
    for block in re.split(r"(?m)^### id: ", raw)[1:]:
        head, _, body = block.partition("\n")
        meta = dict(re.findall(r"(?m)^### (\w+): (.*)$", body))
        marked = "\n".join(line for line in body.splitlines() if not line.startswith("### ")).strip()
        text, gold, pos, last = [], [], 0, 0
        for m in MARK.finditer(marked):
            text.append(marked[last : m.start()])
            pos += m.start() - last
            surface = m["text"]
            gold.append(
                Entity(
                    m["type"], surface, pos, pos + len(surface), json.loads(m["norm"]) if m["norm"] else None
                )
            )
            text.append(surface)
            pos += len(surface)
            last = m.end()
        text.append(marked[last:])
        on = dt.date.fromisoformat(meta["date"]) if meta.get("date") else None
        samples.append(Sample(head.strip(), meta.get("source", ""), on, "".join(text), gold))
    return samples


def evaluate(samples: list[Sample]) -> dict[str, Any]:
    counts = {t: {"tp": 0, "fp": 0, "fn": 0, "norm_ok": 0} for t in TYPES}
    errors: list[str] = []
    seconds = 0.0
    for s in samples:
        started = time.perf_counter()
        predicted = extract(s.text, on=s.on)
        seconds += time.perf_counter() - started
        gold = {(e.type, e.start, e.end): e for e in s.gold}
        pred = {(e.type, e.start, e.end): e for e in predicted if e.type in counts}
        for key, e in pred.items():
            if key in gold:
                counts[e.type]["tp"] += 1
                if e.norm == gold[key].norm:
                    counts[e.type]["norm_ok"] += 1
                else:
                    errors.append(f"{s.id}: norm {e.type} {e.text!r}: {e.norm!r} ≠ {gold[key].norm!r}")
            else:
                counts[e.type]["fp"] += 1
                errors.append(f"{s.id}: extra {e.type} {e.text!r}")
        for key, e in gold.items():
            if key not in pred:
                counts[e.type]["fn"] += 1
                errors.append(f"{s.id}: missed {e.type} {e.text!r}")
    result: dict[str, Any] = {
        "documents": len(samples),
        "characters": sum(len(s.text) for s in samples),
        "seconds": seconds,
        "types": {},
        "errors": errors,
    }
    total = {"tp": 0, "fp": 0, "fn": 0, "norm_ok": 0}
    for t, c in counts.items():
        result["types"][t] = _scores(c)
        for k in total:
            total[k] += c[k]
    result["micro"] = _scores(total)
    return result


def _scores(c: dict[str, int]) -> dict[str, Any]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    norm = c["norm_ok"] / c["tp"] if c["tp"] else 0.0
    return {
        "gold": c["tp"] + c["fn"],
        "predicted": c["tp"] + c["fp"],
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
        "norm_accuracy": round(norm, 3),
    }


def _best_pass(paths: list[Path], passes: int = 3) -> float:
    """The fastest of a few passes over every text: one pass on a shared machine varies twofold."""
    samples = [s for path in paths for s in parse_corpus(path.read_text(encoding="utf-8"))]
    best = float("inf")
    for _ in range(passes):
        started = time.perf_counter()
        for s in samples:
            extract(s.text, on=s.on)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    reference_gazetteer()  # built once, outside the timing
    results = {name: evaluate(parse_corpus(path.read_text(encoding="utf-8"))) for name, path in SETS.items()}
    if "--json" in args:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    for name, result in results.items():
        print(f"\n{name}: {result['documents']} văn bản ({SETS[name].name})")
        print(f"{'type':<10}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}{'norm':>8}")
        for t, sc in [*result["types"].items(), ("micro", result["micro"])]:
            print(
                f"{t:<10}{sc['gold']:>6}{sc['predicted']:>6}{sc['precision']:>8.3f}{sc['recall']:>8.3f}"
                f"{sc['f1']:>8.3f}{sc['norm_accuracy']:>8.3f}"
            )
        if "--errors" in args:
            print("\n".join(result["errors"]))
    texts = sum(r["documents"] for r in results.values())
    chars = sum(r["characters"] for r in results.values())
    seconds = min(sum(r["seconds"] for r in results.values()), _best_pass(list(SETS.values())))
    print(
        f"\nthời gian (lượt nhanh nhất trong 3): {texts} văn bản, {chars} ký tự trong {seconds:.3f} s "
        f"({texts / seconds if seconds else 0:.0f} văn bản/s, {chars / seconds if seconds else 0:.0f} ký tự/s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
