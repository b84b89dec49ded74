"""The 503 page: what a person sees while the database is unreachable (a restart, a failover).

Django turns any exception a request raises, in a view or in a middleware, into a call to the
500 handler. `server_error` (engage/urls.py's handler500) answers a lost or refused database
connection (django.db.OperationalError or InterfaceError, anywhere in the exception's chain)
with templates/503.html and a Retry-After header instead; every other error gets the usual 500
page. Neither shows a traceback. The page is rendered without the request's context processors,
so it needs nothing from the database (no session, no user, no office).

After the database comes back, the next request reconnects: CONN_HEALTH_CHECKS (settings) checks
a persistent connection before reusing it, and a connection that failed is closed at the end of
its request.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

# Seconds a browser or client is asked to wait: a PostgreSQL restart takes a few seconds.
RETRY_AFTER = 30


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) is the database being unreachable."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """The 503 page, with Retry-After; never cached."""
    page = loader.get_template("503.html").render()
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: 503 when the database is unavailable, else Django's 500 page."""
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable(request)
    return defaults.server_error(request, template_name=template_name)
