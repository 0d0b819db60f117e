"""Writes for funding calls: publishing and editing them (support services), and partnerships'
bookmarks of them. Every change is audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from pact.support.common import (
    CALL_VECTOR,
    SupportError,
    _check_dates,
    _unique_slug,
    concurrent_edit_error,
)
from pact.support.models import (
    CallBookmark,
    FundingCall,
)
from pact.support.translations import check_original_language
from partnerships.models import Partnership

CALL_FIELDS = (
    "title",
    "programme",
    "institution",
    "ecosystem",
    "status",
    "opens_on",
    "deadline",
    "funding",
    "summary",
    "eligibility",
    "language",
    "link",
    "members_only",
)


def _require_support(actor) -> None:
    if not access.can(actor, Perm.STAFF_SUPPORT):
        raise SupportError(_("Only support services publish funding calls."))


@transaction.atomic
def create_call(*, actor, data: dict) -> FundingCall:
    _require_support(actor)
    _check_dates(data.get("opens_on"), data.get("deadline"))
    fields = {key: data[key] for key in CALL_FIELDS if key in data}
    call = FundingCall.objects.create(
        slug=_unique_slug(FundingCall, data["title"]), created_by=actor, **fields
    )
    FundingCall.objects.filter(pk=call.pk).update(search_vector=CALL_VECTOR)
    log_action(
        "pact.funding_call.published",
        call,
        actor,
        {"title": call.title, "members_only": call.members_only, "status": call.status},
    )
    return call


@transaction.atomic
def update_call(call: FundingCall, *, actor, data: dict, lock_version: int) -> FundingCall:
    _require_support(actor)
    _check_dates(data.get("opens_on"), data.get("deadline"))
    check_original_language(call, data.get("language") or "")
    fields = {key: data[key] for key in CALL_FIELDS if key in data}
    previous = FundingCall.objects.filter(pk=call.pk).values_list("status", flat=True)[0]
    changed = FundingCall.objects.filter(pk=call.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise concurrent_edit_error(_("funding call"))
    FundingCall.objects.filter(pk=call.pk).update(search_vector=CALL_VECTOR)
    call.refresh_from_db()
    log_action(
        "pact.funding_call.updated",
        call,
        actor,
        {"fields": sorted(fields), "from": previous, "to": call.status},
    )
    return call


@transaction.atomic
def bookmark_call(
    call: FundingCall, partnership: Partnership, *, actor, note: str = ""
) -> CallBookmark:
    """The coordinator marks a call the partnership is preparing; its members see it."""
    if not access.can(actor, Perm.PS_COORDINATE, partnership):
        raise SupportError(
            _("Only the partnership's coordinator keeps its list of calls."), field="partnership"
        )
    try:
        with transaction.atomic():
            bookmark = CallBookmark.objects.create(
                partnership=partnership, call=call, note=note.strip(), created_by=actor
            )
    except IntegrityError:
        raise SupportError(
            _("%(partnership)s already follows this call.") % {"partnership": partnership},
            field="partnership",
        ) from None
    log_action(
        "pact.funding_call.bookmarked",
        partnership,
        actor,
        {"call": call.slug, "note": bookmark.note},
    )
    return bookmark


@transaction.atomic
def remove_bookmark(bookmark: CallBookmark, *, actor) -> None:
    if not access.can(actor, Perm.PS_COORDINATE, bookmark.partnership):
        raise SupportError(_("Only the partnership's coordinator keeps its list of calls."))
    log_action(
        "pact.funding_call.bookmark_removed",
        bookmark.partnership,
        actor,
        {"call": bookmark.call.slug},
    )
    bookmark.delete()
