"""Errors shared by services, views and the API."""

from __future__ import annotations


def one_line(message: str, problems: list[str]) -> str:
    """A refusal and its field problems on one line: "Chưa lưu được. Ngày ký: Sai ngày. Quốc gia: Chọn một." —
    each piece follows the previous one after its own full stop, or after a semicolon when it has none."""
    line = ""
    for piece in (message, *problems):
        piece = piece.strip()
        if not piece:
            continue
        line = piece if not line else f"{line} {piece}" if line[-1] in ".:!?" else f"{line}; {piece}"
    return line


class ServiceError(Exception):
    """Input that breaks a rule; carries per-field messages for the form or the API body."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}

    def as_text(self) -> str:
        """The message and every field's problems on one line, for a flash message."""
        return one_line(self.message, [f"{k}: {' '.join(v)}" for k, v in self.errors.items()])


class NotFound(Exception):
    """Missing or outside the user's view scope: the same answer for both (404)."""


class Forbidden(Exception):
    """Visible to the user, but the action is not allowed (403)."""


class StaleObject(Exception):
    """Someone else saved the record since it was read (409 in HTML, 412 in the API)."""

    def __init__(self, model_label: str, pk: object, current_version: int | None = None) -> None:
        super().__init__(f"{model_label} {pk} changed")
        self.current_version = current_version


class StateConflict(Exception):
    """The action is not allowed in the record's current state (409)."""


class PreconditionRequired(Exception):
    """An API update sent without `If-Match` (428): the API never overwrites a record the client has not read."""
