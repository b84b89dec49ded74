"""The 503 page while the database is unreachable (issue 8, PostgreSQL restarted under load)."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

import engage.urls

pytestmark = pytest.mark.django_db


def database_gone(request: HttpRequest) -> HttpResponse:
    try:
        raise ConnectionRefusedError("connection refused")
    except ConnectionRefusedError as error:
        raise OperationalError("server closed the connection unexpectedly") from error


def connection_closed(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


def bug(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("a bug, not the database")


urlpatterns = [
    path("gone/", database_gone),
    path("closed/", connection_closed),
    path("bug/", bug),
    *engage.urls.urlpatterns,
]
handler500 = engage.urls.handler500


@pytest.fixture
def web(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("url", ["/gone/", "/closed/"])
def test_a_lost_database_gives_the_unavailable_page_with_retry_after_and_no_traceback(web, url):
    response = web.post(url, {"answer": "More patrols"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert "may not have been saved" in page
    assert "govuk-frontend.min.css" in page
    for leak in ("Traceback", "OperationalError", "InterfaceError", "server closed"):
        assert leak not in page


def test_the_database_failing_in_a_middleware_gives_the_same_page(web, officer, monkeypatch):
    # The office middleware reads the signed-in person's membership before any view runs.
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr("engage.accounts.queries.current_membership", refuse)
    web.force_login(officer)
    response = web.get("/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_any_other_error_is_still_the_500_page(web):
    response = web.get("/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "ZeroDivisionError" not in response.content.decode()
