"""The report API's fields that answer "missing" and "not yours" alike.

An outsider naming a pending organisation's slug, or a target of another tenant's draft, gets the
same answer as for a slug or target that does not exist.
"""

from __future__ import annotations

from rest_framework import exceptions, serializers

from pact import access

NOT_REPORTED_ON = "This organisation does not report on this target."


class ReportingOrganisationField(serializers.SlugRelatedField):
    """An organisation the person reports for (its own right or its delegation: which targets is
    checked once the target is known). Any other slug, unknown or not theirs (a pending
    organisation's included), is the same 404: outsiders learn nothing before any other check."""

    def to_internal_value(self, data):
        try:
            organisation = super().to_internal_value(data)
        except serializers.ValidationError:
            raise exceptions.NotFound() from None
        if not access.may_report_for(self.context["request"].user, organisation):
            raise exceptions.NotFound()
        return organisation


class Unknown:
    """A target id that names no target: refused in ``validate`` exactly like a target the
    organisation does not report on (another tenant's draft must not be told from nothing)."""

    def __init__(self, pk) -> None:
        self.pk = pk


class ReportedTargetField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if exc.detail and getattr(exc.detail[0], "code", "") == "does_not_exist":
                return Unknown(data)
            raise
