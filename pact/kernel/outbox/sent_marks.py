"""Each mail the backend took, noted at once in the Redis that never evicts, until PostgreSQL
marks it sent with its group (``delivery.deliver_batch``). A claim of rows that a dead worker
left (``claims.claim``) reads these notes first: a noted mail is marked sent, not sent again.
"""

from __future__ import annotations

import logging

import redis

from pact.kernel import counters

log = logging.getLogger(__name__)

# Far longer than a claim lives (``claims.CLAIM_TIMEOUT``): a note outlives any claim it answers.
KEEP_SECONDS = 24 * 3600


def _key(pk: int) -> str:
    return counters.key(f"outbox-sent:{pk}")


def note(pk: int) -> bool:
    """Note that mail ``pk`` went out; False when Redis cannot be reached."""
    try:
        counters.client().set(_key(pk), 1, ex=KEEP_SECONDS)
    except redis.RedisError as error:
        log.warning("sent marks unavailable, marking each mail in the database: %s", error)
        return False
    return True


def noted(pks: list[int]) -> set[int]:
    """Which of ``pks`` were noted as sent. Raises ``redis.RedisError`` when Redis is away (a
    claim must then not take those rows: it cannot tell which went out)."""
    if not pks:
        return set()
    values = counters.client().mget([_key(pk) for pk in pks])
    return {pk for pk, value in zip(pks, values, strict=True) if value is not None}
