"""``migrate`` as the owner role (pact.kernel.db_roles), then the application role's grants.

Django's command, run through a second connection as the owner: the application's role owns
nothing and could not create a table. The triggers installed after migrate (post_migrate) go
through the same connection. The grants that follow are idempotent.
"""

from typing import Any

from django.core.management.commands import migrate

from pact.kernel import db_roles


class Command(migrate.Command):
    help = migrate.Command.help + " Runs as the owner role, then grants the application role."

    def handle(self, *args: Any, **options: Any) -> None:
        with db_roles.as_owner(options["database"]) as owner:
            super().handle(*args, **options)
            if not (options["plan"] or options["check_unapplied"]):
                db_roles.grant_application_role(owner, *db_roles.application_role())
