from __future__ import annotations

from ngoaivu.core.tasks import task
from ngoaivu.search import services


@task()
def reindex(kind: str, pk: int) -> None:
    services.index_object(kind, pk)
