"""Fetch a private object or answer 404: an outsider cannot tell it from a missing one."""

from __future__ import annotations

from django.http import Http404

from members.models import Organisation
from pact.access.roles import require
from partnerships.models import Partnership


def get_organisation_or_404(user, perm: str, **lookup) -> Organisation:
    try:
        organisation = Organisation.objects.get(**lookup)
    except Organisation.DoesNotExist:
        raise Http404 from None
    require(user, perm, organisation)
    return organisation


def get_partnership_or_404(user, perm: str, **lookup) -> Partnership:
    try:
        partnership = Partnership.objects.select_related("coordinator", "parent").get(**lookup)
    except Partnership.DoesNotExist:
        raise Http404 from None
    require(user, perm, partnership)
    return partnership
