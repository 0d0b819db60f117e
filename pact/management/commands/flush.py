"""``flush`` as the owner role (pact.kernel.db_roles): emptying tables is not the application's
to do (its role has no TRUNCATE). The audit log's trigger still refuses, as it should."""

from typing import Any

from django.core.management.commands import flush

from pact.kernel import db_roles


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with db_roles.as_owner(options["database"]):
            super().handle(**options)
