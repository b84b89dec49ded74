"""The hostile-input corpus: what an attacker types into a public form or a link.

Each payload says how it goes on the wire (`wire`, already percent-encoded, so malformed UTF-8
such as a lone surrogate can be sent at all) and, when it holds HTML's special characters, the
text that must never come back unescaped (`raw`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

KINDS = ("xss", "sqli", "traversal", "oversized", "unicode")


@dataclass(frozen=True)
class Payload:
    kind: str
    label: str
    wire: str  # percent-encoded, as it appears in a query string or a form body
    raw: str | None = None  # never to appear as such in an HTML page
    repeat: int = 1  # how many times each field is sent

    def __str__(self) -> str:
        return f"{self.kind}:{self.label}"


def _text(kind: str, label: str, text: str, **kwargs) -> Payload:
    special = any(c in text for c in "<>\"'")
    return Payload(kind, label, quote(text, safe=""), raw=text if special else None, **kwargs)


def _wire(kind: str, label: str, wire: str) -> Payload:
    return Payload(kind, label, wire)


PAYLOADS: tuple[Payload, ...] = (
    # -- cross-site scripting and template injection --
    _text("xss", "script tag", "<script>alert(1)</script>"),
    _text("xss", "script tag, mixed case", "<ScRiPt src=//evil.example/x.js></sCrIpT>"),
    _text("xss", "img onerror", '<img src=x onerror="alert(1)">'),
    _text("xss", "attribute breakout", '" onmouseover="alert(1)" x="'),
    _text("xss", "single-quoted breakout", "' autofocus onfocus='alert(1)"),
    _text("xss", "javascript url", "javascript:alert(document.cookie)"),
    _text("xss", "javascript url in a link", '<a href="javascript:alert(1)">click</a>'),
    _text("xss", "svg onload", "<svg/onload=alert(1)>"),
    _text("xss", "closing textarea", "</textarea><script>alert(1)</script>"),
    _text("xss", "template expression", "{{7*7}}hostile {{ request.META }}"),
    _text("xss", "template tag", "{% debug %}{% load static %}"),
    # -- SQL injection --
    _text("sqli", "or 1=1", "' OR 1=1 --"),
    _text("sqli", "drop table", "1; DROP TABLE engagements_concern; --"),
    _text("sqli", "union select", "1 UNION SELECT email, password FROM accounts_user --"),
    _text("sqli", "numeric or", "1 OR 1=1"),
    # -- path traversal --
    _text("traversal", "dot dot slash", "../../../../etc/passwd"),
    _text("traversal", "backslashes", "..\\..\\..\\windows\\win.ini"),
    _wire("traversal", "percent-encoded dots", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
    _text("traversal", "double-encoded dots", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
    # -- oversized --
    Payload("oversized", "1 MB field", "A" * 1_000_000),
    Payload("oversized", "10,000 repeated parameters", "x", repeat=10_000),
    # -- malformed unicode --
    _wire("unicode", "lone surrogate", "abc%ED%A0%80def"),
    _wire("unicode", "NUL byte", "abc%00def"),
    _wire("unicode", "overlong slash", "%C0%AF%C0%AE%C0%AE%C0%AF"),
    _wire("unicode", "invalid bytes", "%FF%FE%FD"),
    _text("unicode", "RTL override", "invoice\u202egpj.exe"),
    _text("unicode", "zero-width characters", "a\u200bb\u200cc\u200dd\ufeffe"),
)

# What a page would show if something had been evaluated, or had gone wrong inside.
NEVER_IN_A_PAGE = (
    "49hostile",  # {{7*7}} evaluated
    "sys.modules",  # {% debug %} rendered
    "Traceback (most recent call last)",
    "Exception Value:",
    "root:x:0:0",  # /etc/passwd read
)
# A javascript: URL in a link, a form's action or a source.
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
