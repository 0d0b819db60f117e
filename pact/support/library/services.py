"""Writes for the resource library: publishing and editing resources with their files. Audited."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pact.kernel.audit import log_action
from pact.kernel.uploads import CheckedFile
from pact.support.common import (
    RESOURCE_VECTOR,
    SupportError,
    _require_publisher,
    _unique_slug,
    concurrent_edit_error,
)
from pact.support.models import (
    Resource,
)
from pact.support.translations import check_original_language
from partnerships.models import Partnership

RESOURCE_FIELDS = (
    "kind",
    "title",
    "summary",
    "body",
    "indicator",
    "link",
    "ecosystem",
    "language",
    "is_published",
    "published_on",
)


def _check_resource(data: dict, file: CheckedFile | None, has_file: bool = False) -> None:
    from pact.support.models import ResourceKind

    if data.get("kind") == ResourceKind.KPI_EXAMPLE and not data.get("indicator"):
        raise SupportError(
            _("A KPI example shows an indicator of the catalogue: choose it."), field="indicator"
        )
    if data.get("kind") == ResourceKind.TEMPLATE and not (file or has_file or data.get("link")):
        raise SupportError(_("A template needs a file or a link."), field="file")


@transaction.atomic
def create_resource(
    *, actor, partnership: Partnership | None, data: dict, file: CheckedFile | None = None
) -> Resource:
    _require_publisher(actor, partnership)
    _check_resource(data, file)
    fields = {key: data[key] for key in RESOURCE_FIELDS if key in data}
    if not fields.get("published_on"):
        fields["published_on"] = timezone.localdate()
    resource = Resource(
        slug=_unique_slug(Resource, data["title"]),
        partnership=partnership,
        created_by=actor,
        **fields,
    )
    if file is not None:
        resource.file.save(file.name, file.as_content_file(), save=False)
    resource.save()
    Resource.objects.filter(pk=resource.pk).update(search_vector=RESOURCE_VECTOR)
    log_action(
        "pact.library.resource_published"
        if resource.is_published
        else "pact.library.resource_drafted",
        resource,
        actor,
        {"kind": resource.kind, "title": resource.title, "file": bool(file)},
        partnership_id=partnership.pk if partnership else None,
    )
    return resource


@transaction.atomic
def update_resource(
    resource: Resource,
    *,
    actor,
    data: dict,
    lock_version: int,
    file: CheckedFile | None = None,
    remove_file: bool = False,
) -> Resource:
    _require_publisher(actor, resource.partnership)
    keeps_file = bool(resource.file) and not remove_file
    _check_resource(data, file, has_file=keeps_file)
    check_original_language(resource, data.get("language") or "")
    fields = {key: data[key] for key in RESOURCE_FIELDS if key in data}
    if not fields.get("published_on"):
        fields.pop("published_on", None)  # left empty: the date stays as it was
    # Read from the database: a bound form has already changed the instance in memory.
    was_published = Resource.objects.filter(pk=resource.pk).values_list("is_published", flat=True)[
        0
    ]
    changed = Resource.objects.filter(pk=resource.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise concurrent_edit_error(_("resource"))
    resource.refresh_from_db()
    if file is not None or remove_file:
        old = resource.file.name if resource.file else ""
        if file is not None:
            resource.file.save(file.name, file.as_content_file(), save=False)
        else:
            resource.file = ""  # type: ignore[assignment]
        resource.save(update_fields=["file"])
        if old:
            transaction.on_commit(lambda: resource.file.storage.delete(old))
    Resource.objects.filter(pk=resource.pk).update(search_vector=RESOURCE_VECTOR)
    kind = "pact.library.resource_updated"
    if was_published != resource.is_published:
        kind = (
            "pact.library.resource_published"
            if resource.is_published
            else "pact.library.resource_unpublished"
        )
    log_action(
        kind,
        resource,
        actor,
        {"fields": sorted(fields), "file": file is not None, "file_removed": remove_file},
        partnership_id=resource.partnership_id,
    )
    return resource
