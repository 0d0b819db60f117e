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
"""

# ruff: noqa: S608 - SQL names come from model metadata; values are always parameters.
from __future__ import annotations

import hashlib
import math
import random
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

SLUG_PREFIX = "scale-"
EMAIL_DOMAIN = "scale.example"

DEFAULTS = {
    "organisations": 100_000,
    "partnerships": 10_000,
    "memberships": 200_000,
    "commitments": 50_000,
    "reports": 1_000_000,
}
CYCLES = 5

# ISO codes with a weight (rough number of Pact members per country) and candidate countries.
COUNTRY_WEIGHTS: dict[str, int] = {
    "DE": 12, "FR": 11, "IT": 11, "ES": 10, "BE": 8, "NL": 6, "PL": 5, "PT": 5, "AT": 4,
    "SE": 3, "FI": 3, "DK": 3, "IE": 3, "CZ": 3, "GR": 3, "RO": 3, "HU": 2, "BG": 2, "SK": 2,
    "SI": 2, "HR": 2, "LT": 1, "LV": 1, "EE": 1, "LU": 1, "CY": 1, "MT": 1, "NO": 1, "IS": 1,
    "AL": 1, "BA": 1, "ME": 1, "MK": 1, "RS": 1, "XK": 1, "UA": 1, "MD": 1, "TR": 1,
}  # fmt: skip

ORG_TYPES: list[tuple[str, int, list[str]]] = [
    ("sme", 30, ["Solutions", "Consulting", "Technologies", "Engineering", "Services", "Studio"]),
    ("large_company", 8, ["Group", "Industries", "Holding", "Manufacturing", "Systems"]),
    ("education_provider", 22, ["Vocational College", "University of Applied Sciences",
                                "Training Centre", "Adult Learning Institute", "Academy"]),
    ("business_association", 7, ["Chamber of Commerce", "Business Association", "Federation"]),
    ("social_partner", 4, ["Trade Union", "Employers' Organisation", "Workers' Council"]),
    ("public_authority", 8, ["Regional Authority", "Municipality", "Ministry Office", "Agency"]),
    ("employment_service", 3, ["Public Employment Service", "Job Centre"]),
    ("cluster", 6, ["Cluster", "Innovation Network", "Competence Hub"]),
    ("ngo", 6, ["Foundation", "Association", "Civil Society Network"]),
    ("research", 4, ["Research Institute", "Technology Centre", "Laboratory"]),
    ("other", 2, ["Initiative", "Platform"]),
]  # fmt: skip

SECTOR_WORDS = [
    "Digital", "Green", "Skills", "Tourism", "Construction", "Health", "Textile", "Mobility",
    "Energy", "Agri-food", "Creative", "Aerospace", "Retail", "Maritime", "Automotive",
    "Microelectronics", "Hydrogen", "Circular", "Social", "Logistics",
]  # fmt: skip

SURNAMES = [
    "Novak", "Rossi", "Müller", "Dubois", "García", "Jansen", "Kowalski", "Silva", "Nielsen",
    "Papadopoulos", "Horvat", "Popescu", "Virtanen", "Andersson", "Murphy", "Kovács", "Petrov",
    "Schmidt", "Bernard", "Ferrari", "López", "de Vries", "Wagner", "Costa", "Berg", "Meyer",
]  # fmt: skip

FIRST_NAMES = [
    "Anna", "Luca", "Marta", "Jan", "Sofia", "Pierre", "Eva", "Nikos", "Ines", "Tomas", "Lena",
    "Mateo", "Ewa", "Jonas", "Clara", "Ivan", "Maria", "Paul", "Elena", "Karl", "Ana", "Mikko",
]  # fmt: skip

CHALLENGES = [
    "Shortage of qualified workers in {eco} across {place}.",
    "Fast digital and green transition of {eco} companies that need new profiles.",
    "Low participation of adults in training in {place}, especially in small firms.",
    "Ageing workforce and difficulty attracting young people to {eco}.",
]
OBJECTIVES = [
    "Upskill and reskill workers of {eco} in {place} by 2030.",
    "Build shared curricula and recognised micro-credentials for {eco}.",
    "Anticipate skills needs with yearly analyses and share them with training providers.",
    "Bring companies, training providers and public authorities of {place} together.",
]
COMMITMENT_TITLES = [
    "Upskilling programme for {eco} workers",
    "Skills needs analysis for {place}",
    "Micro-credentials for {eco} professionals",
    "Train-the-trainer network in {place}",
    "Mobility scheme for VET learners in {eco}",
    "Awareness campaign on {eco} careers",
    "Joint funding applications for {eco} training",
    "Digital skills bootcamps in {place}",
]


class Timer:
    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.started = time.monotonic()
        self.last = self.started

    def step(self, label: str) -> None:
        now = time.monotonic()
        self.out(f"  {label:<46} {now - self.last:6.1f}s")
        self.last = now

    @property
    def total(self) -> float:
        return time.monotonic() - self.started


class Copier:
    """COPY rows into a model's table; columns the generator does not give get the model default."""

    def __init__(self, model: type[models.Model], given: Sequence[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in given if name not in fields]
        if unknown:
            raise CommandError(f"{self.table} has no column(s) {unknown}")
        self.given = list(given)
        self.extra: list[tuple[str | None, Any, bool]] = []  # column, value or factory, per row?
        now = timezone.now()
        for name, field in fields.items():
            if name in given:
                continue
            if field.primary_key:
                raise CommandError(f"{self.table}: the primary key must be given")
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.extra.append((field.column, now, False))
            elif field.has_default() and callable(field.default):
                if field.default is timezone.now:
                    self.extra.append((field.column, now, False))
                else:
                    self.extra.append((field.column, field.default, True))
            else:
                value = field.get_db_prep_save(field.get_default(), connection)
                self.extra.append((field.column, value, False))
        self.columns = [fields[name].column for name in self.given] + [c for c, _, _ in self.extra]

    def copy(self, cursor: Any, rows: Iterable[Sequence[Any]]) -> int:
        constant = tuple(v for _, v, per_row in self.extra if not per_row)
        factories = [v for _, v, per_row in self.extra if per_row]
        # Keep the column order: given, then the extras in declaration order.
        order = [per_row for _, _, per_row in self.extra]
        cols = ", ".join(f'"{c}"' for c in self.columns)
        count = 0
        with cursor.copy(f'COPY "{self.table}" ({cols}) FROM STDIN') as copy:
            if not factories:
                for row in rows:
                    copy.write_row((*row, *constant))
                    count += 1
            else:
                for row in rows:
                    values: list[Any] = []
                    it_const = iter(constant)
                    it_fact = iter(factories)
                    for per_row in order:
                        values.append(next(it_fact)() if per_row else next(it_const))
                    copy.write_row((*row, *values))
                    count += 1
        return count


def reserve_ids(cursor: Any, table: str, n: int) -> int:
    """Reserve ``n`` consecutive primary keys of ``table`` and return the first."""
    cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
    highest = cursor.fetchone()[0]
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
    last_value, is_called = cursor.fetchone()
    start = max(highest, last_value if is_called else last_value - 1) + 1
    if n:
        cursor.execute("SELECT setval(%s, %s, true)", [sequence, start + n - 1])
    return start


def chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def spread(total: int, buckets: int, rng: random.Random, *, low: int, sigma: float) -> list[int]:
    """Split ``total`` into ``buckets`` skewed (log-normal) integers, each at least ``low``."""
    if buckets == 0:
        return []
    if total < low * buckets:
        low = total // buckets
    weights = [rng.lognormvariate(0, sigma) for _ in range(buckets)]
    room = total - low * buckets
    scale = room / sum(weights)
    sizes = [low + int(w * scale) for w in weights]
    missing = total - sum(sizes)
    order = sorted(range(buckets), key=lambda i: -weights[i])
    for i in range(missing):
        sizes[order[i % buckets]] += 1
    return sizes


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
        if options["vacuum"]:
            vacuum(full=False)
            timer.step("VACUUM ANALYZE")
        else:
            analyze()
            timer.step("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data ready in {timer.total:.1f}s: "
                + ", ".join(f"{k} {v:,}" for k, v in generator.counts.items())
            )
        )


def synthetic_exists() -> bool:
    from members.models import Organisation
    from partnerships.models import Partnership

    return (
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists()
        or Partnership.objects.filter(slug__startswith=SLUG_PREFIX).exists()
    )


def reset(slug_prefix: str = SLUG_PREFIX, *, people: bool = False) -> dict[str, int]:
    """Delete the synthetic rows and everything that hangs off them, set-based, children first.

    ``slug_prefix`` narrows the organisations and partnerships (the benchmark's own fixtures use
    ``scale-bench-``); the synthetic people stay (and are reused) unless ``people`` is true.

    The cascade follows the models' ``on_delete`` rules (so rows of apps added later go too) but
    runs as one DELETE or UPDATE per table instead of Django's row-by-row collector.
    """
    from commitments.models import ProgressReport
    from members.models import Organisation
    from pact.models import User
    from partnerships.models import Partnership

    counts: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE scale_orgs ON COMMIT DROP AS "
            "SELECT id FROM members_organisation WHERE slug LIKE %s",
            [slug_prefix + "%"],
        )
        cursor.execute(
            "CREATE TEMP TABLE scale_ps ON COMMIT DROP AS "
            "SELECT id FROM partnerships_partnership WHERE slug LIKE %s",
            [slug_prefix + "%"],
        )
        # People with an audit trail stay (the log is append-only); the others go.
        cursor.execute(
            "CREATE TEMP TABLE scale_users ON COMMIT DROP AS "
            "SELECT id FROM pact_user WHERE email LIKE %s AND email LIKE %s "
            "AND NOT EXISTS (SELECT 1 FROM pact_auditentry a WHERE a.actor_id = pact_user.id) "
            "AND %s",
            [SLUG_PREFIX + "%", "%@" + EMAIL_DOMAIN, people],
        )
        for table in ("scale_orgs", "scale_ps", "scale_users"):
            cursor.execute(f"ANALYZE {table}")
        # Reports protect their targets and organisations: they go first.
        counts["reports"] = cascade_delete(
            cursor,
            ProgressReport,
            """
            SELECT r.id FROM commitments_progressreport r
              JOIN commitments_target t ON t.id = r.target_id
              JOIN commitments_commitment c ON c.id = t.commitment_id
             WHERE r.organisation_id IN (SELECT id FROM scale_orgs)
                OR c.partnership_id IN (SELECT id FROM scale_ps)
                OR c.organisation_id IN (SELECT id FROM scale_orgs)
            """,
        )
        # Local partnerships point at their parent with PROTECT.
        cursor.execute(
            "UPDATE partnerships_partnership SET parent_id = NULL "
            "WHERE parent_id IN (SELECT id FROM scale_ps)"
        )
        counts["partnerships"] = cascade_delete(cursor, Partnership, "SELECT id FROM scale_ps")
        counts["organisations"] = cascade_delete(cursor, Organisation, "SELECT id FROM scale_orgs")
        counts["users"] = cascade_delete(cursor, User, "SELECT id FROM scale_users")
    return counts


def cascade_delete(cursor: Any, model: type[models.Model], ids_sql: str) -> int:
    """DELETE the rows of ``model`` whose key ``ids_sql`` selects, applying ``on_delete`` first.

    CASCADE children are deleted the same way, SET_NULL references cleared; PROTECT and RESTRICT
    references are left to the database, which refuses the delete if any remain.
    """
    table = model._meta.db_table
    pk = model._meta.pk.column  # type: ignore[union-attr]
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        field = rel.field  # type: ignore[union-attr]
        child = field.model
        if child._meta.proxy or not child._meta.managed:
            continue
        on_delete = field.remote_field.on_delete
        column = field.column
        keys = ids_sql
        if field.target_field.column != pk:
            keys = (
                f'SELECT "{field.target_field.column}" FROM "{table}" WHERE "{pk}" IN ({ids_sql})'
            )
        if on_delete is models.CASCADE:
            if child is model:
                raise CommandError(f"{table}: self-referencing CASCADE is not supported")
            child_pk = child._meta.pk.column
            cascade_delete(
                cursor,
                child,
                f'SELECT "{child_pk}" FROM "{child._meta.db_table}" WHERE "{column}" IN ({keys})',
            )
        elif on_delete is models.SET_NULL:
            cursor.execute(
                f'UPDATE "{child._meta.db_table}" SET "{column}" = NULL '
                f'WHERE "{column}" IN ({keys})'
            )
    cursor.execute(f'DELETE FROM "{table}" WHERE "{pk}" IN ({ids_sql})')
    return cursor.rowcount


TABLES = [
    "pact_user",
    "account_emailaddress",
    "members_organisation",
    "members_organisationmembership",
    "partnerships_partnership",
    "partnerships_partnershipmembership",
    "partnerships_partnership_regions",
    "partnerships_declarationversion",
    "partnerships_signature",
    "commitments_commitment",
    "commitments_commitment_responsible_organisations",
    "commitments_target",
    "commitments_reportingcycle",
    "commitments_progressreport",
]


def analyze() -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f'ANALYZE "{table}"')


def vacuum(*, full: bool) -> None:
    """After a reset, ``VACUUM FULL`` compacts the tables the deletes left mostly empty (so the
    new data is not measured through dead rows); after generating, ``VACUUM ANALYZE`` sets the
    visibility map and the planner statistics. Outside any transaction, as VACUUM requires."""
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.in_atomic_block:  # inside a caller's transaction: statistics only
                if not full:
                    cursor.execute(f'ANALYZE "{table}"')
            else:
                cursor.execute(f'VACUUM {"FULL" if full else "(ANALYZE)"} "{table}"')


PERSON_EMAIL = re.compile(rf"^{SLUG_PREFIX}(\d+)@{re.escape(EMAIL_DOMAIN)}$")


def person_email(k: int) -> str:
    return f"{SLUG_PREFIX}{k}@{EMAIL_DOMAIN}"


def ensure_people(cursor: Any, n: int, rng: random.Random | None = None) -> tuple[list[int], int]:
    """The synthetic people number 0 to n-1 (``scale-<k>@scale.example``), created if missing.

    Returns their primary keys in that order and how many were created. People survive
    ``--reset`` so a second run (and the benchmark's reminder recipients) reuse them.
    """
    from allauth.account.models import EmailAddress

    from pact.models import User

    rng = rng or random.Random(n)
    cursor.execute(
        "SELECT id, email FROM pact_user WHERE email LIKE %s AND email LIKE %s",
        [SLUG_PREFIX + "%", "%@" + EMAIL_DOMAIN],
    )
    known: dict[int, int] = {}
    for pk, email in cursor.fetchall():
        match = PERSON_EMAIL.match(email)
        if match and int(match.group(1)) < n:
            known[int(match.group(1))] = pk
    missing = [k for k in range(n) if k not in known]
    if missing:
        start = reserve_ids(cursor, User._meta.db_table, len(missing))
        languages = ["en"] * 6 + ["fr"] * 2 + ["de"] * 2
        joined = datetime(2021, 1, 1, 9, tzinfo=UTC)
        Copier(
            User, ["id", "password", "email", "full_name", "language", "is_active", "date_joined"]
        ).copy(
            cursor,
            (
                (
                    start + i,
                    "!" + uuid.UUID(int=rng.getrandbits(128)).hex,  # unusable password
                    person_email(k),
                    f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                    rng.choice(languages),
                    True,
                    joined + timedelta(days=k % 1500),
                )
                for i, k in enumerate(missing)
            ),
        )
        email_start = reserve_ids(cursor, EmailAddress._meta.db_table, len(missing))
        Copier(EmailAddress, ["id", "user_id", "email", "verified", "primary"]).copy(
            cursor,
            (
                (email_start + i, start + i, person_email(k), True, True)
                for i, k in enumerate(missing)
            ),
        )
        known.update({k: start + i for i, k in enumerate(missing)})
    return [known[k] for k in range(n)], len(missing)


class Generator:
    def __init__(self, sizes: dict[str, int], rng: random.Random, timer: Timer) -> None:
        self.sizes = sizes
        self.rng = rng
        self.timer = timer
        self.counts: dict[str, int] = {}
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()

    # --- helpers ---------------------------------------------------------------------------------

    def when(self, start: date, end: date) -> datetime:
        span = max(1, (end - start).days)
        day = start + timedelta(days=self.rng.randrange(span))
        return datetime(
            day.year,
            day.month,
            day.day,
            self.rng.randrange(8, 19),
            self.rng.randrange(60),
            tzinfo=UTC,
        )

    def pick_weighted(self, population: Sequence[Any], weights: Sequence[float], k: int) -> list:
        return self.rng.choices(population, weights=weights, k=k)

    def run(self) -> None:
        from django.db import connection as conn

        conn.ensure_connection()
        raw = conn.connection
        assert raw is not None
        with raw.cursor() as cursor:
            self.cursor = cursor
            self.load_reference()
            self.make_users()
            self.make_organisations()
            self.make_partnerships()
            self.make_memberships()
            self.make_declarations()
            self.make_commitments()
            self.make_cycles()
            self.make_reports()
            self.finalise_declarations()
            self.fill_denormalised()

    def load_reference(self) -> None:
        from commitments.models import Indicator
        from pact.models import Region

        self.regions: dict[str, list[tuple[str, str, int]]] = {}
        for code, name, level, country in Region.objects.values_list(
            "code", "name", "level", "country"
        ):
            self.regions.setdefault(country, []).append((code, name, level))
        self.regions_by_level: dict[tuple[str, int | None], list[tuple[str, str, int]]] = {}
        for country, rows in self.regions.items():
            for row in rows:
                self.regions_by_level.setdefault((country, row[2]), []).append(row)
        self.indicators = list(Indicator.objects.values_list("id", "unit", "code"))
        if not self.indicators:
            raise CommandError("The KPI catalogue is empty; run migrate first.")
        self.countries = list(COUNTRY_WEIGHTS)
        self.country_weights = [COUNTRY_WEIGHTS[c] for c in self.countries]

    def place_name(self, country: str, level: int | None = None) -> tuple[str | None, str]:
        """A NUTS region of the country (code, name), or the country's name when it has none."""
        regions = self.regions_by_level.get((country, level)) or self.regions.get(country) or []
        if not regions:
            from django_countries import countries

            return None, str(countries.name(country)) or country
        code, name, _ = self.rng.choice(regions)
        return code, name

    # --- people ----------------------------------------------------------------------------------

    def make_users(self) -> None:
        n = self.sizes["users"]
        self.user_ids, created = ensure_people(self.cursor, n, self.rng)
        self.counts["users"] = n
        self.timer.step(f"people {n:,} ({created:,} new, with verified addresses)")

    # --- organisations ---------------------------------------------------------------------------

    def make_organisations(self) -> None:
        from members.models import Organisation, OrganisationMembership

        n = self.sizes["organisations"]
        rng = self.rng
        self.cursor.execute("SELECT lower(name), country FROM members_organisation")
        taken = {(name, country) for name, country in self.cursor.fetchall()}
        start = reserve_ids(self.cursor, Organisation._meta.db_table, n)
        type_names = [t for t, _, _ in ORG_TYPES]
        type_weights = [w for _, w, _ in ORG_TYPES]
        nouns = {t: words for t, _, words in ORG_TYPES}
        statuses = ["active"] * 90 + ["applied"] * 5 + ["suspended"] * 2 + ["withdrawn"] * 2
        statuses += ["rejected"]
        countries = self.pick_weighted(self.countries, self.country_weights, n)
        self.org_country: list[str] = countries
        self.org_status: list[str] = []
        self.org_name: list[str] = []
        rows = []
        for i in range(n):
            country = countries[i]
            kind = rng.choices(type_names, weights=type_weights)[0]
            region_code, place = self.place_name(country, level=rng.choice((2, 3)))
            noun = rng.choice(nouns[kind])
            if kind in ("sme", "large_company"):
                base = f"{rng.choice(SURNAMES)} {rng.choice(SECTOR_WORDS)} {noun}"
            elif kind in ("public_authority", "employment_service"):
                base = f"{noun} {place}"
            else:
                base = f"{place} {rng.choice(SECTOR_WORDS)} {noun}"
            name = base[:240]
            suffix = 2
            while (name.lower(), country) in taken:
                name = f"{base[:230]} {suffix}"
                suffix += 1
            taken.add((name.lower(), country))
            status = rng.choice(statuses)
            applied = self.when(date(2020, 11, 10), self.today - timedelta(days=3))
            decided = (
                applied + timedelta(days=rng.randrange(1, 40)) if status != "applied" else None
            )
            slug = f"{SLUG_PREFIX}{start + i}-{slugify(name)[:90]}"
            acronym = "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()[:8]
            self.org_status.append(status)
            self.org_name.append(name)
            rows.append(
                (
                    start + i,
                    name,
                    slug,
                    acronym,
                    kind,
                    country,
                    region_code if rng.random() < 0.7 else None,
                    f"https://{slug[len(SLUG_PREFIX) :][:50]}.example",
                    f"{name} works on {rng.choice(SECTOR_WORDS).lower()} skills in {place}.",
                    f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                    f"contact@{slug[len(SLUG_PREFIX) :][:50]}.example",
                    status,
                    decided,
                    applied,
                    settings.CHARTER_VERSION,
                    applied,
                )
            )
        copier = Copier(
            Organisation,
            [
                "id",
                "name",
                "slug",
                "acronym",
                "type",
                "country",
                "nuts_region_id",
                "website",
                "description",
                "contact_name",
                "contact_email",
                "status",
                "decided_at",
                "applied_at",
                "charter_version",
                "charter_accepted_at",
            ],
        )
        self.counts["organisations"] = copier.copy(self.cursor, rows)
        self.org_ids = list(range(start, start + n))
        self.active_orgs = [start + i for i in range(n) if self.org_status[i] == "active"]
        self.org_start = start
        # People: each organisation gets one admin first, then contributors round-robin.
        self.org_people: dict[int, list[int]] = {}
        people = []
        for j, user_id in enumerate(self.user_ids):
            org = self.org_ids[j % n]
            role = "admin" if j < n else "contributor"
            self.org_people.setdefault(org, []).append(user_id)
            people.append((org, user_id, role))
        mstart = reserve_ids(self.cursor, OrganisationMembership._meta.db_table, len(people))
        Copier(OrganisationMembership, ["id", "organisation_id", "user_id", "role"]).copy(
            self.cursor, ((mstart + k, *row) for k, row in enumerate(people))
        )
        self.timer.step(f"organisations {n:,} (+ {len(people):,} people links)")

    # --- partnerships ----------------------------------------------------------------------------

    def make_partnerships(self) -> None:
        from partnerships.models import Ecosystem, Partnership

        n = self.sizes["partnerships"]
        rng = self.rng
        self.cursor.execute("SELECT lower(name) FROM partnerships_partnership")
        taken = {row[0] for row in self.cursor.fetchall()}
        start = reserve_ids(self.cursor, Partnership._meta.db_table, n)
        ecosystems = [(e.value, str(e.label)) for e in Ecosystem]
        n_lsp = max(1, n // 50)
        n_lep = (n - n_lsp) * 28 // 98
        kinds = ["lsp"] * n_lsp + ["lep"] * n_lep + ["rsp"] * (n - n_lsp - n_lep)
        statuses = ["active"] * 85 + ["closed"] * 5 + ["under_review"] * 4 + ["draft"] * 6
        shapes = ["single_region"] * 5 + ["macro_region"] * 2 + ["network"] * 1 + ["local_area"] * 2
        self.ps_kind = kinds
        self.ps_status: list[str] = []
        self.ps_eco: list[str] = []
        self.ps_place: list[str] = []
        region_rows = []
        rows = []
        for i, kind in enumerate(kinds):
            eco, eco_label = (
                ecosystems[i % len(ecosystems)] if kind == "lsp" else rng.choice(ecosystems)
            )
            status = "active" if kind == "lsp" else rng.choice(statuses)
            country = self.pick_weighted(self.countries, self.country_weights, 1)[0]
            parent = None
            shape = ""
            if kind == "lsp":
                countries = sorted(
                    set(self.pick_weighted(self.countries, self.country_weights, 12))
                )
                place = "Europe"
                base = f"Large-Scale Skills Partnership for {eco_label}"
            elif kind == "lep":
                countries = [country]
                code, place = self.place_name(country, level=3)
                parent = start + rng.randrange(n_lsp)
                base = f"{place} {eco_label} Local Ecosystem Partnership"
                if code:
                    region_rows.append((start + i, code))
            else:
                shape = rng.choice(shapes)
                if shape in ("macro_region", "network"):
                    countries = sorted(
                        set(
                            self.pick_weighted(
                                self.countries, self.country_weights, rng.randrange(2, 6)
                            )
                        )
                    )
                    codes = [self.place_name(c, level=2) for c in countries]
                    place = " – ".join(name for _, name in codes[:2])
                    region_rows.extend((start + i, code) for code, _ in codes if code)
                    base = (
                        f"{place} {eco_label} Skills Network"
                        if shape == "network"
                        else (f"{place} Cross-border {eco_label} Skills Partnership")
                    )
                else:
                    countries = [country]
                    code, place = self.place_name(
                        country, level=2 if shape == "single_region" else 3
                    )
                    if code:
                        region_rows.append((start + i, code))
                    base = f"{place} Regional Skills Partnership for {eco_label}"
            name = base[:240]
            suffix = 2
            while name.lower() in taken:
                name = f"{base[:230]} {suffix}"
                suffix += 1
            taken.add(name.lower())
            self.ps_status.append(status)
            self.ps_eco.append(eco_label)
            self.ps_place.append(place)
            created = self.when(date(2021, 1, 1), self.today - timedelta(days=30))
            launched = (created + timedelta(days=rng.randrange(30, 200))).date()
            public = status in ("active", "closed")
            stage = (
                rng.choice(["delivery"] * 6 + ["set_up"] * 3 + ["design"]) if public else "design"
            )
            acronym = "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()[:10]
            slug = f"{SLUG_PREFIX}{start + i}-{slugify(name)[:90]}"
            rows.append(
                (
                    start + i,
                    name,
                    slug,
                    acronym,
                    kind,
                    eco,
                    shape,
                    countries,
                    f"{name} brings together companies, training providers and public authorities "
                    f"to close the skills gaps of {eco_label} in {place}.",
                    f"https://{slug[len(SLUG_PREFIX) :][:50]}.example",
                    status,
                    stage,
                    created,
                    launched if public and launched <= self.today else None,
                    public and rng.random() < 0.3,
                    "Training providers and companies of the ecosystem." if public else "",
                    created,
                    parent,
                )
            )
        copier = Copier(
            Partnership,
            [
                "id",
                "name",
                "slug",
                "acronym",
                "kind",
                "ecosystem",
                "shape",
                "countries",
                "summary",
                "website",
                "status",
                "stage",
                "stage_since",
                "launched_on",
                "looking_for_members",
                "looking_for",
                "created_at",
                "parent_id",
            ],
        )
        self.counts["partnerships"] = copier.copy(self.cursor, rows)
        self.ps_ids = list(range(start, start + n))
        through = Partnership.regions.through
        region_rows = list(dict.fromkeys(region_rows))
        rstart = reserve_ids(self.cursor, through._meta.db_table, len(region_rows))
        Copier(through, ["id", "partnership_id", "region_id"]).copy(
            self.cursor, ((rstart + k, p, r) for k, (p, r) in enumerate(region_rows))
        )
        self.timer.step(f"partnerships {n:,} (+ {len(region_rows):,} region links)")

    def make_memberships(self) -> None:
        from partnerships.models import PartnershipMembership

        total = self.sizes["memberships"]
        rng = self.rng
        n = len(self.ps_ids)
        pool = self.active_orgs or self.org_ids
        # Larger partnerships for LSPs: weight their share up.
        sizes = spread(total, n, rng, low=1, sigma=0.8)
        sizes = [min(s, len(pool)) for s in sizes]
        self.ps_members: list[list[int]] = []
        self.ps_coordinator: list[int] = []
        rows = []
        for i in range(n):
            orgs = rng.sample(pool, sizes[i])
            self.ps_coordinator.append(orgs[0])
            self.ps_members.append(orgs)
            joined = self.when(date(2021, 1, 1), self.today)
            rows.append((self.ps_ids[i], orgs[0], "coordinator", joined))
            rows.extend((self.ps_ids[i], org, "member", joined) for org in orgs[1:])
        start = reserve_ids(self.cursor, PartnershipMembership._meta.db_table, len(rows))
        self.counts["memberships"] = Copier(
            PartnershipMembership, ["id", "partnership_id", "organisation_id", "role", "joined_at"]
        ).copy(self.cursor, ((start + k, *row) for k, row in enumerate(rows)))
        self.timer.step(f"partnership memberships {len(rows):,}")

    def make_declarations(self) -> None:
        from partnerships.models import DeclarationVersion, Signature

        rng = self.rng
        n = len(self.ps_ids)
        start = reserve_ids(self.cursor, DeclarationVersion._meta.db_table, n)
        status_for = {
            "active": "approved",
            "closed": "approved",
            "under_review": "in_review",
            "draft": "draft",
        }
        self.decl_ids = list(range(start, start + n))
        self.decl_status = [status_for[s] for s in self.ps_status]
        rows = []
        hashes = []
        for i in range(n):
            eco, place = self.ps_eco[i].lower(), self.ps_place[i]
            challenges = " ".join(t.format(eco=eco, place=place) for t in rng.sample(CHALLENGES, 2))
            objectives = " ".join(t.format(eco=eco, place=place) for t in rng.sample(OBJECTIVES, 3))
            ambition = f"By 2030, make {place} a reference for {eco} skills in Europe."
            governance = (
                "A steering group of the members meets twice a year; the coordinator runs the "
                "secretariat.",
                "Decisions by consensus of the steering group; otherwise by simple majority.",
                "Members report yearly on their targets; the coordinator compiles the results.",
            )
            digest = hashlib.sha256(
                "\n".join([challenges, objectives, ambition, *governance]).encode()
            ).hexdigest()
            hashes.append(digest)
            status = self.decl_status[i]
            submitted = self.now - timedelta(days=rng.randrange(40, 1500))
            rows.append(
                (
                    start + i,
                    self.ps_ids[i],
                    1,
                    "draft",  # moved along the workflow once its commitments exist
                    "en",
                    challenges,
                    objectives,
                    ambition,
                    *governance,
                    digest if status != "draft" else "",
                    submitted if status != "draft" else None,
                    submitted + timedelta(days=rng.randrange(5, 40))
                    if status == "approved"
                    else None,
                    submitted - timedelta(days=10),
                    submitted,
                )
            )
        self.counts["declarations"] = Copier(
            DeclarationVersion,
            [
                "id",
                "partnership_id",
                "number",
                "status",
                "language",
                "challenges",
                "objectives",
                "ambition",
                "governance_coordination",
                "governance_decision_making",
                "governance_monitoring",
                "content_hash",
                "submitted_at",
                "decided_at",
                "created_at",
                "updated_at",
            ],
        ).copy(self.cursor, rows)
        signatures = [
            (self.decl_ids[i], org, hashes[i])
            for i in range(n)
            if self.decl_status[i] in ("approved", "in_review")
            for org in self.ps_members[i]
        ]
        sstart = reserve_ids(self.cursor, Signature._meta.db_table, len(signatures))
        answered = self.now - timedelta(days=60)
        Copier(
            Signature,
            [
                "id",
                "version_id",
                "organisation_id",
                "status",
                "signed_content_hash",
                "answered_at",
            ],
        ).copy(
            self.cursor,
            (
                (sstart + k, version, org, "signed", digest, answered)
                for k, (version, org, digest) in enumerate(signatures)
            ),
        )
        self.timer.step(f"declarations {n:,} (+ {len(signatures):,} signatures)")

    # --- commitments and targets -------------------------------------------------------------------

    def make_commitments(self) -> None:
        """Commitments with one to three targets each.

        Partnership commitments name their responsible organisations (the coordinator and some
        members): those are the ones that owe a report on each target, as the reporting duties
        say. Enough of them are named for ``reports / cycles`` (target, organisation) pairs.
        """
        from commitments.models import Commitment, Target

        total = self.sizes["commitments"]
        rng = self.rng
        n_ps = len(self.ps_ids)
        n_pledges = min(total // 5, len(self.active_orgs))
        per_ps = spread(total - n_pledges, n_ps, rng, low=1, sigma=0.5)
        start = reserve_ids(self.cursor, Commitment._meta.db_table, total)
        # (partnership index or None, owner organisation for pledges, number of targets)
        plan: list[tuple[int | None, int | None, int]] = []
        for i in range(n_ps):
            plan.extend((i, None, rng.choice((1, 1, 2, 2, 2, 3))) for _ in range(per_ps[i]))
        pledgers = rng.sample(self.active_orgs, n_pledges) if n_pledges else []
        plan.extend((None, org, rng.choice((1, 1, 2, 2, 2, 3))) for org in pledgers)
        # How many responsible organisations each partnership commitment names.
        needed = math.ceil(self.sizes["reports"] / self.sizes["cycles"])
        dutiful = [
            k
            for k, (i, _, _) in enumerate(plan)
            if i is not None and self.decl_status[i] == "approved" and self.ps_status[i] == "active"
        ]
        responsible_count = [1] * len(plan)
        pairs = sum(n for i, _, n in plan if i is None)
        pairs += sum(plan[k][2] for k in dutiful)
        grew = True
        while pairs < needed and grew:
            grew = False
            for k in rng.sample(dutiful, len(dutiful)):
                ps_index = plan[k][0]
                assert ps_index is not None
                if responsible_count[k] < len(self.ps_members[ps_index]):
                    responsible_count[k] += 1
                    pairs += plan[k][2]
                    grew = True
                    if pairs >= needed:
                        break
        rows: list[tuple] = []
        responsible: list[tuple[int, int]] = []
        # (commitment id, number of targets, responsible organisations, reported on)
        commitment_plan: list[tuple[int, int, list[int], bool]] = []
        position_in_ps: dict[int, int] = {}
        for k, (index, owner, n_targets) in enumerate(plan):
            cid = start + k
            uid = uuid.UUID(int=rng.getrandbits(128), version=4)
            if index is not None:
                i = index
                current = self.decl_status[i] == "approved"
                eco, place = self.ps_eco[i].lower(), self.ps_place[i]
                title = rng.choice(COMMITMENT_TITLES).format(eco=eco, place=place)[:300]
                position = position_in_ps.get(i, 0)
                position_in_ps[i] = position + 1
                members = self.ps_members[i]
                orgs = [members[0], *rng.sample(members[1:], responsible_count[k] - 1)]
                rows.append(
                    (
                        cid,
                        uid,
                        self.ps_ids[i],
                        self.decl_ids[i],
                        None,
                        title,
                        f"{title}: actions run by the members of the partnership, with yearly "
                        f"milestones.",
                        position,
                        current,
                    )
                )
                responsible.extend((cid, org) for org in orgs)
                reports = current and self.ps_status[i] in ("active", "closed")
                commitment_plan.append((cid, n_targets, orgs, reports))
            else:
                assert owner is not None
                title = "Pledge: " + rng.choice(COMMITMENT_TITLES).format(
                    eco="our sector", place="our region"
                )
                rows.append(
                    (
                        cid,
                        uid,
                        None,
                        None,
                        owner,
                        title[:300],
                        "An individual pledge of the organisation under the Pact for Skills.",
                        0,
                        True,
                    )
                )
                commitment_plan.append((cid, n_targets, [owner], True))
        n_commitments = Copier(
            Commitment,
            [
                "id",
                "uid",
                "partnership_id",
                "declaration_version_id",
                "organisation_id",
                "title",
                "description",
                "position",
                "is_current",
            ],
        ).copy(self.cursor, rows)
        self.counts["commitments"] = n_commitments
        through = Commitment.responsible_organisations.through
        rstart = reserve_ids(self.cursor, through._meta.db_table, len(responsible))
        Copier(through, ["id", "commitment_id", "organisation_id"]).copy(
            self.cursor, ((rstart + k, c, o) for k, (c, o) in enumerate(responsible))
        )
        n_targets = sum(n for _, n, _, _ in commitment_plan)
        tstart = reserve_ids(self.cursor, Target._meta.db_table, n_targets)
        # (target id, unit, target value, reporting organisations, reported on)
        self.targets: list[tuple[int, str, Decimal, list[int], bool]] = []
        target_rows = []
        tid = tstart
        for commitment_id, k, orgs, reported in commitment_plan:
            for position in range(k):
                indicator, unit, code = rng.choice(self.indicators)
                value = self.target_value(unit)
                target_rows.append(
                    (
                        tid,
                        uuid.UUID(int=rng.getrandbits(128), version=4),
                        commitment_id,
                        indicator,
                        unit,
                        Decimal(0),
                        value,
                        date(rng.choice((2026, 2027, 2030)), 12, 31),
                        code.replace("-", " ")[:300],
                        position,
                    )
                )
                self.targets.append((tid, unit, value, orgs, reported))
                tid += 1
        self.counts["targets"] = Copier(
            Target,
            [
                "id",
                "uid",
                "commitment_id",
                "indicator_id",
                "unit",
                "baseline",
                "target_value",
                "target_date",
                "description",
                "position",
            ],
        ).copy(self.cursor, target_rows)
        self.timer.step(
            f"commitments {n_commitments:,} (+ {n_targets:,} targets, "
            f"{len(responsible):,} responsible organisations)"
        )

    def target_value(self, unit: str) -> Decimal:
        rng = self.rng
        if unit == "percent":
            return Decimal(rng.randrange(5, 60))
        if unit == "eur":
            return Decimal(rng.randrange(10, 2000) * 1000)
        if unit == "persons":
            return Decimal(rng.randrange(50, 5000))
        return Decimal(rng.randrange(5, 200))

    # --- cycles and reports -----------------------------------------------------------------------

    def make_cycles(self) -> None:
        from commitments.models import ReportingCycle

        last_year = self.today.year - 1
        years = list(range(last_year - self.sizes["cycles"] + 1, last_year + 1))
        existing = {c.year: c for c in ReportingCycle.objects.filter(year__in=years)}
        any_open = ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN).exists()
        self.cycles: list[tuple[int, int, bool]] = []  # id, year, open
        for year in years:
            cycle = existing.get(year)
            if cycle is None:
                is_open = year == last_year and not any_open
                cycle = ReportingCycle.objects.create(
                    year=year,
                    opens_on=self.today - timedelta(days=30) if is_open else date(year + 1, 2, 1),
                    closes_on=self.today + timedelta(days=21) if is_open else date(year + 1, 3, 31),
                    reminder_days=[14, 7, 1],
                    status=ReportingCycle.Status.OPEN if is_open else ReportingCycle.Status.CLOSED,
                    opened_at=self.now - timedelta(days=30)
                    if is_open
                    else datetime(year + 1, 2, 1, 9, tzinfo=UTC),
                    closed_at=None if is_open else datetime(year + 1, 4, 1, 9, tzinfo=UTC),
                )
            self.cycles.append((cycle.pk, year, cycle.status == ReportingCycle.Status.OPEN))
        self.timer.step(f"reporting cycles {years[0]}-{years[-1]}")

    def make_reports(self) -> None:
        from commitments.models import ProgressReport

        total = self.sizes["reports"]
        rng = self.rng
        cycles = self.cycles
        # Pairs (target, responsible organisation) report in every cycle: total / cycles pairs.
        needed = math.ceil(total / len(cycles))
        current = [t for t in self.targets if t[4]]
        if not current:
            self.counts["reports"] = 0
            return
        pairs = [(tid, unit, value, org) for tid, unit, value, orgs, _ in current for org in orgs][
            :needed
        ]
        first_user = {org: people[0] for org, people in self.org_people.items()}
        validator = None
        closed_mix = ["validated"] * 93 + ["submitted"] * 3 + ["returned"] * 2 + ["draft"] * 2
        open_mix = ["validated"] * 45 + ["submitted"] * 30 + ["draft"] * 20 + ["returned"] * 5
        count = min(total, len(pairs) * len(cycles))
        start = reserve_ids(self.cursor, ProgressReport._meta.db_table, count)

        def rows() -> Iterator[tuple]:
            k = 0
            for cycle_id, year, is_open in cycles:
                mix = open_mix if is_open else closed_mix
                base = datetime(year + 1, 2, 10, 10, tzinfo=UTC)
                for tid, unit, target, org in pairs:
                    if k >= count:
                        return
                    status = rng.choice(mix)
                    if unit == "percent":
                        value = Decimal(rng.randrange(1, 100))
                    else:
                        value = (target * Decimal(rng.randrange(5, 40)) / 100).quantize(
                            Decimal("1")
                        )
                    when = base + timedelta(hours=rng.randrange(0, 1200))
                    person = first_user.get(org)
                    sent = status != "draft"
                    yield (
                        start + k,
                        tid,
                        org,
                        cycle_id,
                        value,
                        "Activities delivered as planned; figures from our training records.",
                        status,
                        (not is_open) and rng.random() < 0.03,
                        "Please add the evidence link." if status == "returned" else "",
                        when,
                        when,
                        person,
                        when if sent else None,
                        person if sent else None,
                        when + timedelta(days=20) if status == "validated" else None,
                        validator,
                    )
                    k += 1

        self.counts["reports"] = Copier(
            ProgressReport,
            [
                "id",
                "target_id",
                "organisation_id",
                "cycle_id",
                "value",
                "narrative",
                "status",
                "is_late",
                "return_reason",
                "created_at",
                "updated_at",
                "updated_by_id",
                "submitted_at",
                "submitted_by_id",
                "validated_at",
                "validated_by_id",
            ],
        ).copy(self.cursor, rows())
        self.timer.step(f"progress reports {self.counts['reports']:,}")

    def finalise_declarations(self) -> None:
        """Walk the declarations along the review workflow the database triggers allow."""
        ids = {
            status: [self.decl_ids[i] for i, s in enumerate(self.decl_status) if s == status]
            for status in ("approved", "in_review")
        }
        later = ids["approved"] + ids["in_review"]
        steps = [("submitted", later), ("in_review", later), ("approved", ids["approved"])]
        for status, pks in steps:
            if pks:
                self.cursor.execute(
                    "UPDATE partnerships_declarationversion SET status = %s WHERE id = ANY(%s)",
                    [status, pks],
                )
        self.timer.step("declarations submitted, reviewed, approved")

    # --- derived columns -------------------------------------------------------------------------

    def fill_denormalised(self) -> None:
        """Coordinator and member count, then the search vectors, each in one UPDATE per table.

        The search vectors come from the apps' own functions (the same SQL their services run when
        one row changes), given every synthetic row at once.
        """
        from members.common import refresh_search_vectors
        from partnerships.common import refresh_search_vector

        self.cursor.execute(
            """
            UPDATE partnerships_partnership p
               SET coordinator_id = m.coordinator_id, member_count = m.n
              FROM (SELECT partnership_id,
                           MAX(organisation_id) FILTER (WHERE role = 'coordinator') AS coordinator_id,
                           COUNT(*) AS n
                      FROM partnerships_partnershipmembership GROUP BY partnership_id) m
             WHERE m.partnership_id = p.id AND p.id = ANY(%s)
            """,
            [self.ps_ids],
        )
        # Big one-statement UPDATEs with per-row subqueries: PostgreSQL's JIT compiler makes them
        # ten times slower (measured: 165 s instead of 13 s for 10,000 partnerships).
        self.cursor.execute("SET LOCAL jit = off")
        for ids in chunks(self.org_ids, 20_000):
            refresh_search_vectors(ids)
        for ids in chunks(self.ps_ids, 2_000):
            refresh_search_vector(ids)
        self.timer.step("coordinators, member counts, search vectors")
