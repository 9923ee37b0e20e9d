"""`provisional` on API outputs that carry a due date (DOMAIN.md §5): true when one of the schema's due dates
falls in a year whose holidays are not in the working-day calendar, so it was counted on weekdays only and the
pages show it "tạm tính"."""

from __future__ import annotations

from typing import Any, ClassVar

from ninja import Schema
from pydantic import Field, model_validator

from ngoaivu.core.selectors import due_is_provisional


class ProvisionalDue(Schema):
    """Base of an output schema with due dates: a subclass names them in `due_fields`."""

    due_fields: ClassVar[tuple[str, ...]] = ()
    provisional: bool = Field(
        False,
        description="a due date falls in a year without holidays in the working-day calendar: it was counted "
        "on weekdays only (tạm tính)",
    )

    @model_validator(mode="after")
    def _mark_provisional(self) -> Any:
        self.provisional = due_is_provisional(*(getattr(self, name) for name in self.due_fields))
        return self
