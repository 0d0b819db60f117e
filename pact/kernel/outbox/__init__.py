"""The outbox: every mail is recorded in PostgreSQL in the transaction that causes it, enqueued on
commit, claimed by compare-and-set and sent once; a sweeper re-enqueues what is still pending.

- ``queue``: recording mails (one, many, or many chosen in SQL) and enqueuing them;
- ``delivery``: sending claimed mails over one connection, marking them sent or failed;
- ``claims``: the claim (``FOR UPDATE SKIP LOCKED``), its renewal and release;
- ``notices``: what the outbox tells whoever keeps a person's notifications (a setting names it);
- ``tasks``: the Celery tasks (names kept from before the move: ``pact.tasks.*``).

Kernel: imports no app, not access, not the site.
"""
