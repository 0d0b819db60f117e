"""Load the demo data from the Pact's own documents. Safe to run again: it creates what is missing."""

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create demo people, organisations, partnerships, declarations and reports (idempotent)."

    def handle(self, *args, **options):
        from commitments import demo as commitments_demo
        from commitments.survey import demo as survey_demo
        from members import demo as members_demo
        from pact import demo as pact_demo
        from pact.communications import demo as communications_demo
        from pact.support import demo as support_demo
        from partnerships import demo as partnerships_demo
        from partnerships import demo_declarations

        with transaction.atomic():
            users = pact_demo.seed_users()
            organisations = members_demo.seed(users)
            partnerships = partnerships_demo.seed(users, organisations)
            demo_declarations.seed(users, organisations, partnerships)
            commitments_demo.seed(users, organisations, partnerships)
            survey_demo.seed(users, organisations)
            communications_demo.seed(users, organisations, partnerships)
            support_demo.seed(users, organisations, partnerships)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} people, {len(organisations)} organisations, "
                f"{len(partnerships)} partnerships."
            )
        )
