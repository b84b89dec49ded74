"""`manage.py analyse_consultation ID --json FILE`: the whole analysis, written as JSON.

Runs synchronously (no worker needed), printing its progress to stderr. The JSON is the analysis
result with, in addition, "participants": each response's weight, opinion group in every
statement-voting question (keyed by the participant id of the source data, or the response id)
and themes. A closed consultation is not moved to analysed: that is the tasks' job.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from engage.consultations.analysis import analyse
from engage.consultations.models import Consultation
from engage.consultations.weighting import DEFAULT_TRIM, WeightingError


class Command(BaseCommand):
    help = "Analyse a consultation and write the result (with each participant's weight and groups) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("consultation", type=int, help="The consultation's id.")
        parser.add_argument("--json", required=True, help="The file to write ('-' for stdout).")
        parser.add_argument(
            "--trim",
            nargs=2,
            type=float,
            metavar=("LOW", "HIGH"),
            default=list(DEFAULT_TRIM),
            help="Bounds of the weights as multiples of the mean (default 0.2 5).",
        )
        parser.add_argument("--no-trim", action="store_true", help="Do not trim the weights.")

    def handle(self, *args: Any, **options: Any) -> None:
        consultation = (
            Consultation.objects.select_related("office").filter(pk=options["consultation"]).first()
        )
        if consultation is None:
            raise CommandError(f"No consultation {options['consultation']}.")

        def progress(percent: int, stage: str) -> None:
            self.stderr.write(f"{percent:3d}% {stage}")

        trim = None if options["no_trim"] else tuple(options["trim"])
        try:
            result = analyse(consultation, progress=progress, participants=True, trim=trim)
        except WeightingError as error:
            raise CommandError(error.message) from error
        text = json.dumps(result, ensure_ascii=False, indent=1)
        if options["json"] == "-":
            self.stdout.write(text)
            return
        Path(options["json"]).write_text(text, encoding="utf-8")
        self.stderr.write(
            f"100% Written {options['json']}: {result['base']['responses']} responses, "
            f"{len(result['questions'])} questions."
        )
