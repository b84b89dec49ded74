from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from engage.core.demo import demo_code


class Command(BaseCommand):
    help = "Print the demo accounts' two-factor code for now (the demo office only)."

    def handle(self, *args: Any, **options: Any) -> None:
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{demo_code()}  (good for {left} more seconds)")
