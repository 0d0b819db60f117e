from django.conf import settings
from django.db import models, transaction

from tests.sso.idp import BASIC


class Profile(models.Model):
    """What the provider says about a person beyond Django's user: whether it verified their
    address, their second-factor code, and how they signed in last (the ``acr`` of the next
    ID token)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    email_verified = models.BooleanField(default=True)
    second_factor_code = models.CharField(max_length=12, default="246810")
    last_acr = models.CharField(max_length=100, default=BASIC)


class Fault(models.Model):
    """One wrong thing to do in the next ID token (taken once)."""

    kind = models.CharField(max_length=40)

    @classmethod
    def take(cls) -> str:
        with transaction.atomic():
            fault = cls.objects.select_for_update().order_by("pk").first()
            if fault is None:
                return ""
            fault.delete()
            return fault.kind
