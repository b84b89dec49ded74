"""A fake GOV.UK Notify: a real HTTP server on 127.0.0.1 that speaks enough of Notify's API to be
the network edge in tests (no mock of our code or of the Notify client).

It answers
- POST /v2/notifications/email and /v2/notifications/sms: checks the JWT in the Authorization
  header with the API key's secret (403 otherwise), refuses a malformed address or one listed in
  `refuse` with Notify's 400, and records every notification it accepts (201);
- GET /v2/notifications?reference=…: the accepted notifications with that reference.
`fail_next(status, times)` makes the next sends answer 429 or 500 (Notify's error bodies).

Also `FakeClock`, the time the delivery loop sees: its `sleep` moves time on instead of waiting,
so rate limits and backoff are tested without wall-clock assertions.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone
from notifications_python_client.authentication import decode_jwt_token, get_token_issuer

from engage.messaging.delivery import Clock

SERVICE_ID = "a1b2c3d4-0000-4000-8000-000000000001"
SECRET = "5ec2e7a1-0000-4000-8000-000000000002"
API_KEY = f"engage_test-{SERVICE_ID}-{SECRET}"
EMAIL_TEMPLATE = "e0000000-0000-4000-8000-0000000000e1"
SMS_TEMPLATE = "50000000-0000-4000-8000-000000000051"

ERRORS = {
    400: ("BadRequestError", "Not a valid email address or phone number"),
    403: ("AuthError", "Invalid token: signature, api token not found"),
    429: (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    ),
    500: ("Exception", "Internal server error"),
    503: ("Exception", "Service unavailable"),
}


@dataclass
class Accepted:
    id: str
    type: str  # "email" or "sms"
    to: str
    reference: str
    template_id: str
    personalisation: dict[str, Any]
    one_click_unsubscribe_url: str | None
    at: dt.datetime | None = None


@dataclass
class NotifyFake:
    clock: Callable[[], dt.datetime] | None = None
    accepted: list[Accepted] = field(default_factory=list)
    # Every request: (method, path, status answered).
    requests: list[tuple[str, str, int]] = field(default_factory=list)
    # Addresses answered with a 400, as Notify does for an address it will not send to.
    refuse: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._failures: deque[int] = deque()
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body in one write, sent at once: no 40 ms wait for a delayed ACK.
            wbufsize = 64 * 1024
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def do_GET(self) -> None:
                fake._handle(self, "GET")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> NotifyFake:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, status: int, times: int = 1) -> None:
        """Answer the next `times` sends with `status` (429, 500…), as Notify does when busy."""
        with self._lock:
            self._failures.extend([status] * times)

    def sent_to(self, address: str) -> list[Accepted]:
        with self._lock:
            return [n for n in self.accepted if n.to == address]

    def references(self) -> list[str]:
        with self._lock:
            return [n.reference for n in self.accepted]

    # The server side.

    def _reply(self, handler: BaseHTTPRequestHandler, method: str, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        with self._lock:
            self.requests.append((method, urlsplit(handler.path).path, status))
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _error(self, handler: BaseHTTPRequestHandler, method: str, status: int) -> None:
        error, message = ERRORS.get(status, ("Exception", "Error"))
        body = {"errors": [{"error": error, "message": message}], "status_code": status}
        self._reply(handler, method, status, body)

    def _authorised(self, handler: BaseHTTPRequestHandler) -> bool:
        scheme, _space, token = handler.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return False
        try:
            return get_token_issuer(token) == SERVICE_ID and decode_jwt_token(token, SECRET)
        except Exception:
            return False

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        if not self._authorised(handler):
            return self._error(handler, method, 403)
        path = urlsplit(handler.path)
        if method == "GET" and path.path == "/v2/notifications":
            reference = parse_qs(path.query).get("reference", [""])[0]
            with self._lock:
                found = [n for n in self.accepted if n.reference == reference]
            return self._reply(
                handler,
                method,
                200,
                {
                    "notifications": [self._as_notify(n) for n in found],
                    "links": {"current": f"{self.url}/v2/notifications?reference={reference}"},
                },
            )
        if method == "POST" and path.path in ("/v2/notifications/email", "/v2/notifications/sms"):
            with self._lock:
                failure = self._failures.popleft() if self._failures else None
            if failure:
                return self._error(handler, method, failure)
            return self._accept(handler, path.path.rsplit("/", 1)[1], json.loads(raw or b"{}"))
        return self._error(handler, method, 404)

    def _accept(self, handler: BaseHTTPRequestHandler, kind: str, data: dict[str, Any]) -> None:
        to = data.get("email_address" if kind == "email" else "phone_number") or ""
        valid = ("@" in to) if kind == "email" else to.lstrip("+").isdigit()
        personalisation = data.get("personalisation") or {}
        needed = ("subject", "body") if kind == "email" else ("body",)
        if not valid or to in self.refuse or any(k not in personalisation for k in needed):
            return self._error(handler, "POST", 400)
        notification = Accepted(
            id=str(uuid.uuid4()),
            type=kind,
            to=to,
            reference=data.get("reference") or "",
            template_id=data.get("template_id") or "",
            personalisation=personalisation,
            one_click_unsubscribe_url=data.get("one_click_unsubscribe_url"),
            at=self.clock() if self.clock else None,
        )
        with self._lock:
            self.accepted.append(notification)
        content: dict[str, Any] = {"body": personalisation.get("body", "")}
        if kind == "email":
            content.update(subject=personalisation["subject"], from_email="engage@notify.test")
        else:
            content.update(from_number="ENGAGE")
        self._reply(
            handler,
            "POST",
            201,
            {
                "id": notification.id,
                "reference": notification.reference,
                "content": content,
                "uri": f"{self.url}/v2/notifications/{notification.id}",
                "template": {"id": notification.template_id, "version": 1, "uri": ""},
            },
        )

    def _as_notify(self, n: Accepted) -> dict[str, Any]:
        return {
            "id": n.id,
            "reference": n.reference,
            "type": n.type,
            "email_address": n.to if n.type == "email" else None,
            "phone_number": n.to if n.type == "sms" else None,
            "status": "sending",
            "body": n.personalisation.get("body", ""),
            "subject": n.personalisation.get("subject"),
        }


class FakeClock(Clock):
    """Time that moves only when told to, or when the code under test sleeps. It starts a minute
    ahead of the real clock, so what a test creates "now" is already due."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.at = start or timezone.now() + dt.timedelta(minutes=1)
        self.slept = 0.0

    def now(self) -> dt.datetime:
        return self.at

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.at += dt.timedelta(seconds=seconds)

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


def use_notify(settings: Any, fake: NotifyFake, *, email: bool = True, sms: bool = True) -> None:
    """Point Engage's settings at the fake (pytest-django's `settings` fixture)."""
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = fake.url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE
    if email:
        settings.MESSAGING_EMAIL_BACKEND = "notify"
    if sms:
        settings.MESSAGING_SMS_BACKEND = "notify"
