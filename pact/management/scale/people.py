"""The synthetic people (``scale-<k>@scale.example``), created once and reused by later runs."""

from __future__ import annotations

import random
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress

from pact.management.scale.bulk import Copier, reserve_ids
from pact.management.scale.words import EMAIL_DOMAIN, FIRST_NAMES, SLUG_PREFIX, SURNAMES
from pact.models import User

PERSON_EMAIL = re.compile(rf"^{SLUG_PREFIX}(\d+)@{re.escape(EMAIL_DOMAIN)}$")


def person_email(k: int) -> str:
    return f"{SLUG_PREFIX}{k}@{EMAIL_DOMAIN}"


def ensure_people(cursor: Any, n: int, rng: random.Random | None = None) -> tuple[list[int], int]:
    """The synthetic people number 0 to n-1 (``scale-<k>@scale.example``), created if missing.

    Returns their primary keys in that order and how many were created. People survive
    ``--reset`` so a second run (and the benchmark's reminder recipients) reuse them.
    """
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
