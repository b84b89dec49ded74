"""An uploaded file kept between an import's preview and its confirmation.

Every import in Engage shows what it will do before anything is saved. The file waits in the
session (it is small: imports refuse files over a few MB), tied to the office it was uploaded for,
with a digest so that a confirmation from an old preview tab cannot import a different file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class StashedFile:
    data: bytes
    filename: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _office_pk(request: HttpRequest) -> int | None:
    office = getattr(request, "office", None)
    return office.pk if office is not None else None


def stash_upload(request: HttpRequest, key: str, data: bytes, filename: str) -> StashedFile:
    """Keep `data` in the session under `key` until the import is confirmed or abandoned."""
    request.session[key] = {
        "office": _office_pk(request),
        "filename": filename,
        "data": base64.b64encode(data).decode("ascii"),
    }
    return StashedFile(data, filename)


def stashed_upload(request: HttpRequest, key: str) -> StashedFile | None:
    """The file kept under `key` for this office, or None if there is none (or it is damaged)."""
    stored = request.session.get(key)
    if not isinstance(stored, dict) or stored.get("office") != _office_pk(request):
        return None
    try:
        data = base64.b64decode(stored["data"], validate=True)
    except (KeyError, TypeError, binascii.Error):
        return None
    return StashedFile(data, str(stored.get("filename", "")))


def clear_upload(request: HttpRequest, key: str) -> None:
    request.session.pop(key, None)
