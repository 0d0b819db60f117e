"""Load the demo data from the Pact's own documents. Safe to run again: it creates what is missing."""

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create demo people, organisations, partnerships, declarations and reports (idempotent)."

    def handle(self, *args, **options):
        from pact.management.demo import communications as communications_demo
        from pact.management.demo import declarations as demo_declarations
        from pact.management.demo import organisations as members_demo
        from pact.management.demo import partnerships as partnerships_demo
        from pact.management.demo import people as pact_demo
        from pact.management.demo import reporting as commitments_demo
        from pact.management.demo import support as support_demo

        with transaction.atomic():
            users = pact_demo.seed_users()
            organisations = members_demo.seed(users)
            partnerships = partnerships_demo.seed(users, organisations)
            demo_declarations.seed(users, organisations, partnerships)
            commitments_demo.seed(users, organisations, partnerships)
            communications_demo.seed(users, organisations, partnerships)
            support_demo.seed(users, organisations, partnerships)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} people, {len(organisations)} organisations, "
                f"{len(partnerships)} partnerships."
            )
        )
