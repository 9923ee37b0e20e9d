"""A cut connection met while a response schema reads the record (pydantic wraps it, keeping only the text) is
an outage (503, try again), not a 500; any other error inside a schema stays a 500."""

import pytest
from django.db import OperationalError
from pydantic import BaseModel, ConfigDict, ValidationError

from ngoaivu.core.outages import is_outage


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    history: list[str]


def _validation_error(exc: Exception) -> ValidationError:
    class Record:
        @property
        def history(self) -> list[str]:
            raise exc

    with pytest.raises(ValidationError) as info:
        Out.model_validate(Record())
    return info.value


@pytest.mark.parametrize(
    "message",
    [
        "terminating connection due to administrator command",
        "consuming input failed: server closed the connection unexpectedly",
        "database is locked",
    ],
)
def test_a_connection_gone_inside_a_schema_is_an_outage(message):
    assert is_outage(_validation_error(OperationalError(message)))


@pytest.mark.parametrize(
    "exc",
    [
        OperationalError("Expression tree is too large (maximum depth 1000)"),
        OperationalError("canceling statement due to statement timeout"),
        RuntimeError("server closed the connection unexpectedly"),
        KeyError("history"),
    ],
)
def test_any_other_error_inside_a_schema_stays_a_bug(exc):
    assert not is_outage(_validation_error(exc))
