"""Generate a large synthetic data set for benchmarks, quickly, with PostgreSQL COPY.

    python manage.py seed_scale                 # 100,000 organisations ... 1,000,000 reports
    python manage.py seed_scale --scale 0.01    # a hundredth of every size, for a quick run
    python manage.py seed_scale --reset         # drop the previous synthetic rows first

Every synthetic organisation and partnership has a slug starting with ``scale-`` and every
synthetic person an address ``scale-...@scale.example``; ``--reset`` deletes exactly those rows and
what hangs off them. Rows respect the models' constraints (one coordinator per partnership, unique
names per country, one report per target, organisation and cycle); search vectors and the
directory's denormalised coordinator and member count are filled with one UPDATE per table, and
the tables are vacuumed and analysed at the end.

The command reads its options and runs the steps; the generator lives in
``pact.management.scale``.
"""

from __future__ import annotations

import random
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from pact.kernel import db_roles
from pact.management.scale.bulk import Timer
from pact.management.scale.generator import Generator
from pact.management.scale.maintenance import analyze, reset, synthetic_exists, vacuum
from pact.management.scale.words import CYCLES, DEFAULTS


def _maintainer() -> AbstractContextManager:
    """VACUUM and ANALYZE are the tables' owner's to run (pact.kernel.db_roles): a non-owner's
    are skipped with a warning, and the benchmark would read stale plans. Inside a transaction
    (a test) the owner's second connection would wait for it: there the current one does."""
    return nullcontext() if connection.in_atomic_block else db_roles.as_owner()


class Command(BaseCommand):
    help = "Generate a large synthetic data set (slugs 'scale-...') for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Factor applied to every default size."
        )
        for name, default in DEFAULTS.items():
            parser.add_argument(
                f"--{name}", type=int, default=None, help=f"How many (default {default:,})."
            )
        parser.add_argument(
            "--users",
            type=int,
            default=None,
            help="People, attached to organisations as admin/contributor (default: one per organisation).",
        )
        parser.add_argument("--cycles", type=int, default=CYCLES, help="Reporting cycles (years).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the previous synthetic organisations, partnerships and all that hangs "
            "off them first (synthetic people are kept and reused).",
        )
        parser.add_argument(
            "--reset-people",
            action="store_true",
            help="With --reset, delete the synthetic people too (slow at full size: every table "
            "that refers to a person checks each deleted row).",
        )
        parser.add_argument(
            "--vacuum",
            action="store_true",
            help="VACUUM FULL after --reset and VACUUM ANALYZE at the end (benchmarks then do not "
            "read through dead rows or pay for hint bits), instead of ANALYZE only.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale <= 0:
            raise CommandError("--scale must be positive")
        sizes = {
            name: options[name] if options[name] is not None else max(1, round(default * scale))
            for name, default in DEFAULTS.items()
        }
        sizes["users"] = (
            options["users"] if options["users"] is not None else sizes["organisations"]
        )
        sizes["cycles"] = max(1, options["cycles"])
        if sizes["memberships"] < sizes["partnerships"]:
            raise CommandError(
                "--memberships must be at least --partnerships (one coordinator each)"
            )
        if sizes["partnerships"] > sizes["organisations"]:
            raise CommandError("--partnerships cannot exceed --organisations")
        timer = Timer(self.stdout.write)
        if options["reset"]:
            counts = reset(people=options["reset_people"])
            if options["vacuum"]:
                with _maintainer():
                    vacuum(full=True)
            timer.step(
                f"reset{' and VACUUM FULL' if options['vacuum'] else ''}: "
                + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v)
            )
        elif synthetic_exists():
            raise CommandError(
                "Synthetic rows (slug 'scale-...') exist already; run with --reset to replace them."
            )
        self.stdout.write(
            "Generating: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()) + f" (scale {scale})"
        )
        generator = Generator(sizes, random.Random(options["seed"]), timer)
        with transaction.atomic():
            generator.run()
        with _maintainer():
            if options["vacuum"]:
                vacuum(full=False)
            else:
                analyze()
        timer.step("VACUUM ANALYZE" if options["vacuum"] else "ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data ready in {timer.total:.1f}s: "
                + ", ".join(f"{k} {v:,}" for k, v in generator.counts.items())
            )
        )
