"""What every part of the survey's services shares: its errors and the permission check."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from pact import access

log = logging.getLogger(__name__)


AUDIT = "pact.survey"
TEXT_MAX = 4000


class SurveyError(Exception):
    """A refused write, with a message (and messages by field) for the person who tried it."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotAccepting(SurveyError):
    """The survey does not take answers now (not open yet, or closed)."""


class EditConflict(SurveyError):
    pass


class NotEditable(SurveyError):
    pass


class AnswersRejected(SurveyError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(_("Please correct the answers marked below."), errors)


def _require(actor, perm: str, obj=None) -> None:
    if not access.can(actor, perm, obj):
        raise SurveyError(_("You may not do this."))
