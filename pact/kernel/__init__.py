"""The kernel: what every part of the portal may use, and which itself imports no app, not
``pact.access`` and not ``pact.site`` (the import contracts in ``pyproject.toml`` keep it so).

- ``audit``: the append-only audit log and its one writer, ``log_action``;
- ``outbox``: mail recorded in PostgreSQL first, rendered in the recipient's language, sent once;
- ``cache``: the public data version, whole public pages in Redis, the Redis breaker;
- ``api``: REST plumbing every app's API uses (tokens, pagination, errors, ETags, idempotency,
  the OpenAPI schema);
- ``middleware``, ``health``, ``uploads`` (file checks), ``markup`` (safe Markdown), ``charts``,
  ``map``, ``regions`` (NUTS), ``vocabulary`` (enums several apps' models share), ``language``
  (the language switcher), ``assurance`` (what the current sign-in is worth: one factor or two)
  and the account ``signals`` (to the audit log).

It may import Django, third-party libraries and ``pact.models`` (the portal's own tables: people,
the audit log, the outbox, API tokens). What needs an app is told to it: the outbox learns who
keeps notifications from ``settings.OUTBOX_NOTIFIER``, the audit log asks its target for its scope.
"""
