"""Uploaded files, served only to those allowed to see the object they belong to.

Every ``FileField`` of every model is served by ``serve`` at ``MEDIA_URL`` (so ``field.url`` just
works). The file's owner object is found by the stored name, and ``FILE_RULES`` decides through
``pact.access`` who may read it. A model with a file field but no rule serves nothing: a test
(``tests/security/test_files.py``) fails when a new file field appears without a rule here.
Files are sent as attachments with ``nosniff`` and a sandboxing CSP, except raster logos, which
pages show inline.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from functools import cache

from django.apps import apps
from django.db import models
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from pact import access
from partnerships.models import DeclarationStatus

INLINE_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif"}


def _declaration_pdf(user, pdf) -> bool:
    version = pdf.version
    partnership = version.partnership
    published = version.status in (DeclarationStatus.APPROVED, DeclarationStatus.SUPERSEDED)
    if not pdf.draft and published and partnership.is_public:
        return True
    return access.can(user, access.Perm.PS_VIEW, partnership)


def _organisation_logo(user, organisation) -> bool:
    return organisation.is_active or access.can(user, access.Perm.ORG_VIEW, organisation)


def _library_file(user, resource) -> bool:
    return resource.is_published or (
        user.is_authenticated and access.can_publish(user, resource.partnership)
    )


# "app_label.ModelName" -> (may this user read the file?, may it be shown inline?)
FILE_RULES: dict[str, tuple[Callable[..., bool], bool]] = {
    "partnerships.DeclarationPdf": (_declaration_pdf, False),
    "members.Organisation": (_organisation_logo, True),
    "support.Resource": (_library_file, False),
}


@cache
def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every (model, file field) pair in the project, including ImageFields."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and not field.many_to_many:
                found.append((model, field))
    return found


def _owner(path: str) -> tuple[models.Model, str] | None:
    for model, field in file_fields():
        upload_to = field.upload_to
        if (
            isinstance(upload_to, str)
            and upload_to
            and not path.startswith(upload_to.split("%")[0])
        ):
            continue
        instance = model._default_manager.filter(**{field.name: path}).first()
        if instance is not None:
            return instance, field.name
    return None


@require_safe
def serve(request: HttpRequest, path: str):
    """Send an uploaded file to someone allowed to see its owner object; 404 to everybody else."""
    if not path or ".." in path.split("/") or path.startswith("/"):
        raise Http404
    found = _owner(path)
    if found is None:
        raise Http404
    instance, field_name = found
    rule = FILE_RULES.get(instance._meta.label)
    if rule is None or not rule[0](request.user, instance):
        raise Http404
    file = getattr(instance, field_name)
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    inline = rule[1] and content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=file.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=300"
    return response
