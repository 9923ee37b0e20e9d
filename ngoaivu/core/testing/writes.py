"""An API write to an existing record, for the If-Match suite (`config/tests/test_if_match.py`). Apps declare
theirs in `<app>/tests/writes.py` (`WRITES`, and optionally `CREATES_A_CHILD` / `UNVERSIONED` with reasons)."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ngoaivu.core.testing.endpoints import APPS_WITH_ENDPOINTS


@dataclass(frozen=True)
class Write:
    operation_id: str
    who: str
    method: str
    url: Callable[[Any], str]
    body: dict[str, Any]
    make: Callable[[Any], Any]  # fn(world) -> the record, owned by province A
    model: type[Any]

    def __str__(self) -> str:
        return self.operation_id


def app_writes() -> tuple[list[Write], dict[str, str], dict[str, str]]:
    writes: list[Write] = []
    children: dict[str, str] = {}
    unversioned: dict[str, str] = {}
    for app in APPS_WITH_ENDPOINTS:
        if (
            importlib.util.find_spec(f"{app}.tests") is None
            or importlib.util.find_spec(f"{app}.tests.writes") is None
        ):
            continue
        module = importlib.import_module(f"{app}.tests.writes")
        writes += module.WRITES
        children |= getattr(module, "CREATES_A_CHILD", {})
        unversioned |= getattr(module, "UNVERSIONED", {})
    return writes, children, unversioned
