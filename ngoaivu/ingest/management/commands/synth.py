from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.module_loading import import_string

from ngoaivu.agreements.dev.synth import agreements_synthesized, synthesize_agreements
from ngoaivu.aid.dev.synth import aid_synthesized, synthesize_aid
from ngoaivu.border.dev.synth import border_synthesized, synthesize_border
from ngoaivu.consular.dev.synth import consular_synthesized, synthesize_consular
from ngoaivu.culture.dev.synth import culture_synthesized, synthesize_culture
from ngoaivu.delegations.dev.synth import delegations_synthesized, synthesize_delegations
from ngoaivu.events.dev.synth import events_synthesized, synthesize_events
from ngoaivu.indicators.dev.synth import indicators_synthesized, synthesize_indicators
from ngoaivu.ingest.dev.synth import documents_synthesized, synthesize_documents
from ngoaivu.market_access.dev.synth import market_access_synthesized, synthesize_market_access
from ngoaivu.overseas.dev.synth import overseas_synthesized, synthesize_overseas
from ngoaivu.press.dev.synth import press_synthesized, synthesize_press
from ngoaivu.requests.dev.synth import SCALES, Progress, already_synthesized, synthesize
from ngoaivu.training.dev.synth import synthesize_training, training_synthesized


class Command(BaseCommand):
    help = "Dữ liệu tổng hợp cho đo hiệu năng: ngoaivu synth --scale small|national|x10 --seed N"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force", action="store_true", help="add again even if this scale is already there"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale, force = options["scale"], options["force"]
        requests_done = already_synthesized(scale=scale) and not force
        agreements_done = agreements_synthesized(scale=scale) and not force
        delegations_done = delegations_synthesized(scale=scale) and not force
        documents_done = documents_synthesized(scale=scale) and not force
        # issue 20's apps: (already there?, make them) in order; each checks its own scale marker
        economic: list[tuple[Callable[..., bool], Callable[..., dict[str, int]]]] = [
            # aid first: the indicators then skip the province-years whose aid figures are computed from projects
            (aid_synthesized, synthesize_aid),
            (indicators_synthesized, synthesize_indicators),
            (market_access_synthesized, synthesize_market_access),
            (events_synthesized, synthesize_events),
            # issue 21's apps
            (culture_synthesized, synthesize_culture),
            (press_synthesized, synthesize_press),
            (overseas_synthesized, synthesize_overseas),
            (consular_synthesized, synthesize_consular),
            (training_synthesized, synthesize_training),
            (border_synthesized, synthesize_border),
            # issue 23's apps sit above ingest in the layers, so they are named in settings, not imported
            *((import_string(done), import_string(make)) for done, make in settings.NGOAIVU_SYNTH_STEPS),
        ]
        economic_todo = [make for done, make in economic if force or not done(scale=scale)]
        if requests_done and agreements_done and delegations_done and documents_done and not economic_todo:
            self.stdout.write("synth: already at this scale; nothing to do (--force to add again)")
            return
        started = time.monotonic()
        last = [0.0]

        def report(label: str, done: int, total: int) -> None:
            now = time.monotonic()
            if done == total or now - last[0] > 1:
                last[0] = now
                width = 30
                filled = int(width * done / max(total, 1))
                sys.stderr.write(
                    f"\r{label:<9} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{total:,}"
                )
                if done == total:
                    sys.stderr.write("\n")

        made: dict[str, int] = {}
        try:
            if not requests_done:
                made |= synthesize(scale=scale, seed=options["seed"], progress=Progress(report))
            if not agreements_done:
                made |= synthesize_agreements(scale=scale, seed=options["seed"], say=report)
            if not delegations_done:
                made |= synthesize_delegations(scale=scale, seed=options["seed"], say=report)
            if not documents_done:
                made |= synthesize_documents(scale=scale, seed=options["seed"], say=report)
            for make in economic_todo:
                made |= make(scale=scale, seed=options["seed"], say=report)
        except KeyError as exc:
            raise CommandError(f"reference data missing ({exc}); run `ngoaivu setup` first") from exc
        if connection.vendor == "postgresql":
            # planner statistics for the bulk-created tables: without them the first lists are planned as if empty
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"synth {options['scale']} seed={options['seed']}: {made} in {time.monotonic() - started:.1f}s"
        )
