"""Checks for uploaded files, shared by every app: size, type by content, safe names, clean images.

Types are decided from the bytes, never from the browser's name or content type. Images are decoded
with Pillow and re-encoded, so what is stored is a plain raster image without metadata or scripts.
SVG is refused outright: it is a document that can carry scripts and links, not a picture.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Raster formats accepted as images (Pillow format names).
IMAGE_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})
# Largest image, in pixels, that is decoded at all (a guard against decompression bombs).
MAX_IMAGE_PIXELS = 40_000_000
LOGO_MAX_SIDE = 800

# Magic numbers of the document types evidence may use: (prefix, MIME type, extension).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
    (b"PK\x03\x04", "application/zip", "zip"),
)


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: its bytes, sniffed MIME type and a safe file name."""

    content: bytes
    content_type: str
    name: str

    def as_content_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.name)


def check_size(upload: UploadedFile, max_bytes: int) -> None:
    """Refuse empty files and files larger than ``max_bytes``."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )


def read_limited(upload: UploadedFile, max_bytes: int) -> bytes:
    """Read the whole upload, refusing it if it turns out longer than announced."""
    check_size(upload, max_bytes)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is too large. The limit is %(limit)s.")
            % {"limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    return data


def looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head


def sniff_type(data: bytes) -> str | None:
    """The MIME type the bytes really are (for the types the portal accepts), or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for prefix, mime, _ext in _SIGNATURES:
        if data.startswith(prefix):
            return mime
    return None


def safe_filename(name: str, extension: str | None = None, max_length: int = 80) -> str:
    """A file name safe to store and to show: ASCII letters, digits, dots, dashes; no paths."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_.").lower() or "file"
    ext = (extension or re.sub(r"[^A-Za-z0-9]", "", ext)).lower()[:8]
    stem = stem[: max_length - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def clean_image(
    upload: UploadedFile, *, max_bytes: int, max_side: int | None = None
) -> CheckedFile:
    """Check an uploaded picture by its content and re-encode it as PNG.

    Accepts PNG, JPEG, GIF and WebP up to ``max_bytes``; refuses SVG and anything Pillow cannot
    decode. The result is a fresh PNG (first frame, metadata dropped), scaled down to ``max_side``.
    """
    from PIL import Image, UnidentifiedImageError

    data = read_limited(upload, max_bytes)
    if looks_like_svg(data):
        raise ValidationError(
            _("SVG images are not accepted. Please upload a PNG, JPEG, GIF or WebP image."),
            code="svg",
        )
    not_an_image = ValidationError(
        _("This file is not an image we can read. Please upload a PNG, JPEG, GIF or WebP image."),
        code="not_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise not_an_image
                width, height = probe.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("The image is too large (%(width)s × %(height)s pixels).")
                        % {"width": width, "height": height},
                        code="too_many_pixels",
                    )
                probe.verify()
            # verify() leaves the image unusable: open it again to decode the pixels.
            with Image.open(io.BytesIO(data)) as image:
                image.seek(0)
                image.load()
                converted = image.convert("RGBA" if _has_alpha(image) else "RGB")
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        raise not_an_image from None
    if max_side:
        converted.thumbnail((max_side, max_side))
    out = io.BytesIO()
    converted.save(out, format="PNG", optimize=True)
    return CheckedFile(
        content=out.getvalue(),
        content_type="image/png",
        name=safe_filename(upload.name or "image", "png"),
    )


def _has_alpha(image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def clean_logo(upload: UploadedFile) -> CheckedFile:
    """An organisation's logo: an image of at most ``settings.LOGO_MAX_BYTES``, stored as PNG."""
    return clean_image(upload, max_bytes=settings.LOGO_MAX_BYTES, max_side=LOGO_MAX_SIDE)


def clean_document(
    upload: UploadedFile,
    *,
    max_bytes: int | None = None,
    allowed: frozenset[str] = frozenset({"application/pdf", "image/png", "image/jpeg"}),
) -> CheckedFile:
    """A document such as evidence for a report: its type sniffed from the bytes and allowed.

    Images among the allowed types are re-encoded (as PNG) like logos, so they carry no metadata.
    """
    limit = max_bytes or settings.EVIDENCE_MAX_BYTES
    data = read_limited(upload, limit)
    if looks_like_svg(data):
        raise ValidationError(_("SVG files are not accepted."), code="svg")
    mime = sniff_type(data)
    if mime is None or mime not in allowed:
        raise ValidationError(
            _("This type of file is not accepted. Accepted: %(types)s.")
            % {"types": ", ".join(sorted(_EXTENSIONS.get(t, t) for t in allowed))},
            code="bad_type",
        )
    if mime.startswith("image/"):
        upload.seek(0)
        return clean_image(upload, max_bytes=limit)
    extension = _EXTENSIONS.get(mime, "bin")
    return CheckedFile(
        content=data, content_type=mime, name=safe_filename(upload.name or "file", extension)
    )


_EXTENSIONS = {mime: ext for _prefix, mime, ext in _SIGNATURES} | {"image/webp": "webp"}
