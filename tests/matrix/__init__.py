"""The permission matrix, gathered from one module per part of Engage.

Each module in this package defines:
- `MATRIX`: {permission: set of roles allowed} (the documented matrix, typed out);
- `URLS`: {url name: (permission or "owner-only", sample key or None, "get" or "post")};
- `PUBLIC`: url names open to anyone (optional);
- `samples(office, officer, cast)`: {sample key: url kwargs}, building the records the URLs need.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

MATRIX: dict[str, set[str]] = {}
URLS: dict[str, tuple[str, str | None, str]] = {}
PUBLIC: set[str] = set()
SAMPLE_BUILDERS: list[Callable[..., dict[str, Any]]] = []

for _info in pkgutil.iter_modules(__path__):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    MATRIX.update(_module.MATRIX)
    URLS.update(_module.URLS)
    PUBLIC.update(getattr(_module, "PUBLIC", set()))
    SAMPLE_BUILDERS.append(_module.samples)
