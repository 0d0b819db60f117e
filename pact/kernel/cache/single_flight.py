"""One computation per key when many requests miss it at once (single flight), the others getting
the previous copy while it runs (stale-while-revalidate) or waiting briefly for the new one.

After a public change every stored page and remembered figure is out of date at once; without
this, twenty visitors asking for the results page at that moment would each build it. Here the
first one takes a short Redis lock (``SET NX`` with ``SINGLE_FLIGHT_LOCK_SECONDS``) and computes;
the others are served the copy stored before the change if there is one (the ``previous`` key
names it), or poll for the new copy for at most ``SINGLE_FLIGHT_WAIT_SECONDS``, then compute
themselves (a lock holder that died, a page too slow: never an error for the visitor).

The lock is released once the value is stored; if its holder dies, it expires (a late release
may free a successor's lock early: one more computation, never a wrong answer). Redis down:
everyone computes, as without a cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings

from pact.kernel.cache.breaker import cache_add, cache_delete, cache_get, cache_set

HIT, MISS, COMPUTED, STALE, WAITED = "hit", "miss", "computed", "stale", "waited"
POLL_SECONDS = 0.05


def _pause() -> None:
    time.sleep(POLL_SECONDS)


def fetch(
    key: str,
    compute: Callable[[], Any],
    *,
    previous: str | None = None,
    stored_form: Callable[[Any], Any] = lambda value: value,
) -> tuple[Any, str]:
    """The value stored under ``key``, else computed once for everyone; returns it and how it was
    found (``HIT``; ``MISS``: computed here and stored; ``COMPUTED``: computed here, not stored;
    ``STALE``: the previous copy; ``WAITED``: stored meanwhile by the request that computed it).

    ``previous`` is a key under which the key of the latest stored copy is kept (written here
    with each store). ``stored_form`` turns a computed value into what is stored, or None when it
    may not be stored (a page that sets a cookie); a MISS returns the computed value, the other
    states the stored form.
    """
    found = cache_get(key)
    if found is not None:
        return found, HIT
    lock = f"lock:{key}"
    held = cache_add(lock, 1, settings.SINGLE_FLIGHT_LOCK_SECONDS)
    if held is False:  # another request computes it now
        if previous is not None:
            older_key = cache_get(previous)
            older = cache_get(older_key) if older_key and older_key != key else None
            if older is not None:
                return older, STALE
        deadline = time.monotonic() + settings.SINGLE_FLIGHT_WAIT_SECONDS
        while time.monotonic() < deadline:
            _pause()
            found = cache_get(key)
            if found is not None:
                return found, WAITED
            if cache_get(lock) is None:  # computed but not storable (an error page): compute
                break
    state = COMPUTED
    try:
        value = compute()
        stored = stored_form(value)
        if stored is not None and cache_set(key, stored):
            state = MISS
            if previous is not None:
                cache_set(previous, key)
    finally:
        if held:
            cache_delete(lock)
    return value, state
