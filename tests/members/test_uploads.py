"""The shared upload checks: type by content, size limit, SVG refused, PNG re-encoding, safe names."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from pact.kernel import uploads
from tests.members.conftest import SVG, image_bytes, upload


def test_it_reencodes_a_jpeg_logo_as_png():
    checked = uploads.clean_logo(upload("Logo Ünïcode.JPG", image_bytes("JPEG"), "image/jpeg"))
    assert checked.content_type == "image/png"
    assert checked.name == "logo-unicode.png"
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.format == "PNG"
        assert image.size == (40, 30)


def test_it_scales_a_large_logo_down():
    checked = uploads.clean_logo(upload("big.png", image_bytes("PNG", (2000, 1000))))
    with Image.open(io.BytesIO(checked.content)) as image:
        assert max(image.size) == uploads.LOGO_MAX_SIDE


def test_it_refuses_svg_even_named_png():
    with pytest.raises(ValidationError) as exc:
        uploads.clean_logo(upload("logo.png", SVG))
    assert exc.value.code == "svg"


def test_it_refuses_a_text_file_named_png():
    with pytest.raises(ValidationError) as exc:
        uploads.clean_logo(upload("logo.png", b"hello, this is not an image at all"))
    assert exc.value.code == "not_image"


def test_it_refuses_a_truncated_image():
    with pytest.raises(ValidationError) as exc:
        uploads.clean_logo(upload("logo.png", image_bytes("PNG", (300, 300))[:60]))
    assert exc.value.code == "not_image"


def test_it_refuses_an_oversized_file(settings):
    settings.LOGO_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        uploads.clean_logo(upload("logo.png", image_bytes("PNG", (200, 200))))
    assert exc.value.code == "too_large"


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError) as exc:
        uploads.clean_logo(upload("logo.png", b""))
    assert exc.value.code == "empty"


def test_it_sniffs_documents_by_content():
    pdf = uploads.clean_document(
        upload("../../etc/Report 2024.pdf", b"%PDF-1.7\n...", "text/plain")
    )
    assert pdf.content_type == "application/pdf"
    assert pdf.name == "report-2024.pdf"
    with pytest.raises(ValidationError) as exc:
        uploads.clean_document(upload("evil.pdf", b"MZ\x90\x00 an executable", "application/pdf"))
    assert exc.value.code == "bad_type"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("C:\\Users\\me\\Mon logo.png", "mon-logo.png"),
        ("../../passwd", "passwd"),
        ("...", "file"),
        ("report.tar.gz", "report-tar.gz"),
    ],
)
def test_it_makes_safe_file_names(name, expected):
    assert uploads.safe_filename(name) == expected
