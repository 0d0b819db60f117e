"""Create or update the application role and its grants (idempotent; ``migrate`` does it too).

For an existing database whose tables the application's role owns, see the README's
"Database roles" step (ownership moved to the owner role first)."""

from typing import Any

from django.core.management.base import BaseCommand

from pact.kernel import db_roles


class Command(BaseCommand):
    help = "Create or update the application database role and its grants, as the owner role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, **options: Any) -> None:
        role, password = db_roles.application_role()
        with db_roles.owner_connection(options["database"]) as owner:
            db_roles.grant_application_role(owner, role, password)
        self.stdout.write(f"application role {role!r}: grants up to date")
