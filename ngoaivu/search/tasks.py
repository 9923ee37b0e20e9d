from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.search import services


@task()
def reindex(kind: str, pk: int) -> None:
    services.index_object(kind, pk)


@task()
def reindex_many(kind: str, ids: list[int]) -> None:
    services.index_many(kind, ids)
