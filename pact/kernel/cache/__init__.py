"""What keeps public pages and sums fast without ever serving them stale.

- ``data_version``: numbers PostgreSQL triggers change whenever data a visitor could see changes;
- ``scopes``: versions per part of the portal (a partnership, the directory, the figures);
- ``page_cache``: whole anonymous pages in Redis, keyed by those versions;
- ``breaker``: Redis reads and writes that give up quietly (and for a while) when Redis is down.

Kernel: imports no app, not access, not the site. It knows nothing of what "public" means for a
model; the trigger conditions are checked against the models by the tests.
"""
