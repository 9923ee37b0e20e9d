"""Demo documents: a few of the news texts of the evaluation set (written for this project from public reports,
sources kept), added through the service so they have versions, entities and proposed links. Idempotent: a
document already there is a duplicate and skipped."""

from __future__ import annotations

from typing import Any

from ngoaivu.accounts.models import User
from ngoaivu.ingest import evaluate, services

DEMO = {
    "danang": ["danang-quangnam-2026", "hue-chungcheongnam-2025"],
    "phutho": ["merger-report-2025", "vinhphuc-tochigi-2019"],
    "mofa": ["exports-2024", "hanoi-gyeonggi"],
}


def load_demo_documents() -> dict[str, int]:
    samples = {s.id: s for s in evaluate.parse_corpus(evaluate.SETS["dev"].read_text(encoding="utf-8"))}
    made = 0
    for username, ids in DEMO.items():
        user: Any = User.objects.filter(username=username).first()
        if user is None:
            continue
        for sample_id in ids:
            sample = samples[sample_id]
            data = services.DocumentInput(
                text=sample.text,
                kind="report" if "report" in sample_id else "news",
                source=sample.source.split(" (")[0],
                published_on=sample.on,
            )
            try:
                services.document_create(actor=user, data=data)
                made += 1
            except services.DuplicateDocument:
                continue
    return {"documents": made}
