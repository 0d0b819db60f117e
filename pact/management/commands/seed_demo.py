"""Load the demo data from the Pact's own documents. Safe to run again: it creates what is missing."""

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create demo people, organisations, partnerships, declarations and reports (idempotent)."

    def handle(self, *args, **options):
        from pact.management.demo import (
            communications,
            declarations,
            organisations,
            partnerships,
            people,
            reporting,
            support,
            survey,
        )

        with transaction.atomic():
            users = people.seed_users()
            organisations_by_slug = organisations.seed(users)
            partnerships_by_slug = partnerships.seed(users, organisations_by_slug)
            declarations.seed(users, organisations_by_slug, partnerships_by_slug)
            reporting.seed(users, organisations_by_slug, partnerships_by_slug)
            survey.seed(users, organisations_by_slug)
            communications.seed(users, organisations_by_slug, partnerships_by_slug)
            support.seed(users, organisations_by_slug, partnerships_by_slug)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} people, {len(organisations_by_slug)} "
                f"organisations, {len(partnerships_by_slug)} partnerships."
            )
        )
