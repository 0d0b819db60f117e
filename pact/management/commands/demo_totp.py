"""Print the current one-time code of the demo staff accounts (development only)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the current TOTP code for the demo staff accounts."

    def handle(self, *args, **options):
        from allauth.mfa.totp.internal.auth import (
            format_hotp_value,
            hotp_value,
            yield_hotp_counters_from_time,
        )

        from pact.management.demo.people import DEMO_TOTP_SECRET

        counter = next(iter(yield_hotp_counters_from_time()))
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
