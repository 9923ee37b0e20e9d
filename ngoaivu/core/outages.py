"""Which database errors are outages (answer 503, "try again") and which are bugs (answer 500).

Django raises `OperationalError` for a dropped connection and for a query the database refuses to plan alike
(SQLite's "Expression tree is too large" for an 800-term OR, "too many SQL variables", PostgreSQL's statement
timeout). Only the first kind is the database being away: the transaction was rolled back, the same request
will work a few seconds later, and 503 with Retry-After tells the client so. Answering 503 for the second
kind hid real errors behind "temporarily unavailable", so a retry loop would run forever.

An outage is:
- an `InterfaceError` (the connection was already closed);
- on PostgreSQL, an error without SQLSTATE (psycopg's own: connection refused, "server closed the connection
  unexpectedly", "consuming input failed"), a connection that psycopg marks closed or broken, or an SQLSTATE
  of class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now), 53300 (too many
  connections), or of contention that a retry resolves: 40001 (serialization failure), 40P01 (deadlock),
  55P03 (lock not available);
- on SQLite, "database is locked" / "database table is locked" (the busy timeout ran out: the counterpart of
  55P03) and "unable to open database file" / "disk I/O error" (the file went away);
- an `OperationalError` raised without an underlying driver error whose message says the connection is
  gone (the wording of psycopg and libpq);
- the same, met by a response schema reading the record (pydantic's `get_attribute_error` keeps only its text).
Anything else, a statement timeout (57014) included, is a bug or a query to bound: a logged 500."""

from __future__ import annotations

from typing import Any

from django.db import InterfaceError, OperationalError

OUTAGE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300", "40001", "40P01", "55P03"})
SQLITE_OUTAGES = (
    "database is locked",
    "database table is locked",
    "unable to open database",
    "disk i/o error",
)
CONNECTION_WORDS = (
    "server closed the connection",
    "connection is closed",
    "connection already closed",
    "connection is lost",
    "connection refused",
    "could not connect",
    "connection failed",
    "connection timed out",
    "terminating connection",
    "consuming input failed",
    "ssl connection has been closed",
    "the database system is shutting down",
    "the database system is starting up",
)


def _driver_error(exc: BaseException) -> BaseException | None:
    """The database driver's exception that Django wrapped (`raise … from`), if any."""
    cause = exc.__cause__
    return (
        cause
        if cause is not None and type(cause).__module__.split(".")[0] in {"psycopg", "sqlite3"}
        else None
    )


def _psycopg_connection_gone(driver: Any) -> bool:
    conn = getattr(driver, "pgconn", None)
    return bool(conn is not None and getattr(conn, "status", 0) != 0)  # 0 is CONNECTION_OK


def _schema_read_cut_off(exc: BaseException) -> bool:
    """A response schema that reads the ORM (`resolve_*`, attributes of the record) meets the outage inside
    pydantic, which keeps only the text: a `get_attribute_error` "Error extracting attribute: OperationalError:
    server closed the connection unexpectedly". An outage when that text is one of a connection gone or a
    busy SQLite file — the same words as above; any other error inside a schema stays a 500."""
    from pydantic_core import ValidationError

    if not isinstance(exc, ValidationError):
        return False
    for error in exc.errors(include_url=False):
        message = str(error.get("msg", "")).lower()
        if error.get("type") != "get_attribute_error" or not (
            "operationalerror" in message or "interfaceerror" in message
        ):
            continue
        if "interfaceerror" in message or any(w in message for w in (*CONNECTION_WORDS, *SQLITE_OUTAGES)):
            return True
    return False


def is_outage(exc: BaseException) -> bool:
    """True when `exc` means the database is (for a moment) unreachable or busy, not that the query is wrong."""
    if isinstance(exc, InterfaceError) or _schema_read_cut_off(exc):
        return True
    if not isinstance(exc, OperationalError):
        return False
    driver = _driver_error(exc)
    message = str(driver if driver is not None else exc).lower()
    if driver is None:
        return any(words in message for words in (*CONNECTION_WORDS, *SQLITE_OUTAGES))
    if type(driver).__module__.startswith("sqlite3"):
        return any(words in message for words in SQLITE_OUTAGES)
    sqlstate = getattr(driver, "sqlstate", None)
    if sqlstate is None or _psycopg_connection_gone(driver):
        return True
    return str(sqlstate).startswith("08") or sqlstate in OUTAGE_SQLSTATES
