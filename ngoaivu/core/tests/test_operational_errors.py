"""Issue 16 §5: only a database outage answers 503 "temporarily unavailable"; any other OperationalError (an
800-term OR that SQLite refuses, a statement timeout) is a bug, answered 500 and logged with its traceback.

The errors are real ones, raised by the drivers: a query the database refuses, a locked SQLite file, a port
nobody listens on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from ngoaivu.core.middleware import DatabaseUnavailableMiddleware
from ngoaivu.core.outages import is_outage

pytestmark = pytest.mark.django_db


def _refused_query() -> None:
    """A query the database refuses because of what it is, not because the server is away."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 WHERE " + " OR ".join(f"{i} = {i + 1}" for i in range(1200)))
        else:
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(0.2)")


def _wrapped(driver_error: BaseException) -> OperationalError:
    """What Django raises for a driver's OperationalError (`DatabaseErrorWrapper`: `raise … from …`)."""
    try:
        raise OperationalError(*driver_error.args) from driver_error
    except OperationalError as exc:
        return exc


def _sqlite_locked(tmp_path: Path) -> BaseException:
    name = str(tmp_path / "locked.sqlite3")
    holder = sqlite3.connect(name, timeout=0)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(name, timeout=0)
    try:
        other.execute("SELECT * FROM t")
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        other.close()
        holder.close()
    raise AssertionError("the file was not locked")


def _sqlite_missing(tmp_path: Path) -> BaseException:
    try:
        sqlite3.connect(f"file:{tmp_path}/no/such/dir/x.sqlite3?mode=rw", uri=True)
    except sqlite3.OperationalError as exc:
        return exc
    raise AssertionError("opened a missing file")


def _postgres_refused() -> BaseException:
    import psycopg

    try:
        psycopg.connect("host=127.0.0.1 port=1 dbname=x user=x connect_timeout=2")
    except psycopg.OperationalError as exc:
        return exc
    raise AssertionError("something listens on port 1")


def boom(request: HttpRequest) -> HttpResponse:
    _refused_query()
    return HttpResponse("not reached")


def away(request: HttpRequest) -> HttpResponse:
    raise _wrapped(_postgres_refused())


urlpatterns = [path("boom/", boom), path("away/", away)]


def test_a_refused_query_is_a_bug_not_an_outage():
    with pytest.raises(OperationalError) as caught:
        _refused_query()
    assert not is_outage(caught.value)


@pytest.mark.urls(__name__)
def test_a_refused_query_answers_500_not_503():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.urls(__name__)
def test_a_database_nobody_answers_is_503_with_retry_after():
    response = Client(raise_request_exception=False).get("/away/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_what_is_an_outage(tmp_path):
    assert is_outage(_wrapped(_sqlite_locked(tmp_path)))  # busy past the timeout: try again
    assert is_outage(_wrapped(_sqlite_missing(tmp_path)))
    assert is_outage(_wrapped(_postgres_refused()))
    assert is_outage(InterfaceError("connection already closed"))
    assert is_outage(OperationalError("server closed the connection unexpectedly"))
    assert not is_outage(_wrapped(sqlite3.OperationalError("too many SQL variables")))
    assert not is_outage(
        _wrapped(sqlite3.OperationalError("Expression tree is too large (maximum depth 1000)"))
    )
    assert not is_outage(OperationalError("no such column: foo"))
    assert not is_outage(ValueError("x"))


def test_postgres_sqlstates():
    from psycopg import errors

    assert is_outage(_wrapped(errors.AdminShutdown("terminating connection due to administrator command")))
    assert is_outage(_wrapped(errors.DeadlockDetected("deadlock detected")))
    assert is_outage(_wrapped(errors.SerializationFailure("could not serialize access")))
    assert not is_outage(_wrapped(errors.QueryCanceled("canceling statement due to statement timeout")))
    assert not is_outage(_wrapped(errors.ProgramLimitExceeded("stack depth limit exceeded")))


def test_the_middleware_passes_bugs_on():
    request = HttpRequest()
    request.method, request.path = "GET", "/requests/"
    middleware = DatabaseUnavailableMiddleware(lambda r: HttpResponse())
    bug = _wrapped(sqlite3.OperationalError("too many SQL variables"))
    assert middleware.process_exception(request, bug) is None
    outage = middleware.process_exception(request, _wrapped(sqlite3.OperationalError("database is locked")))
    assert outage is not None
    assert outage.status_code == 503
