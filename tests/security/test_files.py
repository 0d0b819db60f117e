"""Uploaded files: checked by content and size (SVG refused), and served only through the access
module, as attachments with nosniff; private files answer 404 to outsiders."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pact.kernel import uploads
from pact.site import files
from partnerships.models import DeclarationPdf, DeclarationVersion
from tests.factories import make_organisation, make_partnership

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SVG_BYTES = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


def _png(size=(4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 80, 200)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _pdf_for(partnership, *, status: str, draft: bool, number: int = 1) -> DeclarationPdf:
    version = DeclarationVersion.objects.create(
        partnership=partnership, number=number, status=status
    )
    pdf = DeclarationPdf(version=version, content_hash=f"hash-{number}-{draft}", draft=draft)
    pdf.status = DeclarationPdf.Status.READY
    pdf.file.save(
        f"declaration-{partnership.slug}-{number}.pdf", ContentFile(PDF_BYTES), save=False
    )
    pdf.save()
    return pdf


# --- serving -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_serves_a_draft_pdf_only_inside_the_workspace(world, media, client):
    pdf = _pdf_for(world.partnership, status="draft", draft=True)
    url = pdf.file.url
    assert url.startswith("/media/declarations/")
    assert client.get(url).status_code == 404
    for persona, expected in [
        ("outsider", 404),
        ("member", 200),
        ("coordinator", 200),
        ("contributor", 200),
        ("reviewer", 200),
        ("admin", 200),
    ]:
        client.force_login(getattr(world, persona))
        response = client.get(url)
        assert response.status_code == expected, persona
        if expected == 200:
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Type"] == "application/pdf"
            assert "sandbox" in response["Content-Security-Policy"]
            assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.django_db
def test_it_serves_a_published_pdf_to_everybody(world, media, client):
    public = make_partnership(world.coordinator_org, status="active", name="Published One")
    pdf = _pdf_for(public, status="approved", draft=False)
    response = client.get(pdf.file.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_it_keeps_a_draft_pdf_of_a_public_partnership_private(world, media, client):
    public = make_partnership(world.coordinator_org, status="active", name="Amending One")
    pdf = _pdf_for(public, status="draft", draft=True)
    assert client.get(pdf.file.url).status_code == 404
    client.force_login(world.outsider)
    assert client.get(pdf.file.url).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(pdf.file.url).status_code == 200


@pytest.mark.django_db
def test_it_shows_logos_inline_but_only_of_visible_organisations(world, media, client):
    active = make_organisation("Shown Logo Org")
    active.logo.save("logo.png", ContentFile(_png()), save=True)
    applied = make_organisation("Hidden Logo Org", status="applied", admin=world.outsider)
    applied.logo.save("logo.png", ContentFile(_png()), save=True)
    response = client.get(active.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(applied.logo.url).status_code == 404
    client.force_login(world.outsider)
    assert client.get(applied.logo.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/media/",
        "/media/../pact/settings.py",
        "/media/declarations/../../pact/settings.py",
        "/media/declarations/not-there.pdf",
        "/media/logos/unknown.png",
        "/media/%2e%2e/pact/settings.py",
    ],
)
def test_it_answers_404_to_unknown_or_crafted_paths(client, media, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_it_refuses_to_serve_a_stored_file_that_no_object_owns(client, media):
    (media / "declarations").mkdir()
    (media / "declarations" / "orphan.pdf").write_bytes(PDF_BYTES)
    assert client.get("/media/declarations/orphan.pdf").status_code == 404


@pytest.mark.django_db
def test_it_refuses_writes_to_files(world, media, client):
    pdf = _pdf_for(world.partnership, status="draft", draft=True)
    client.force_login(world.coordinator)
    assert client.post(pdf.file.url).status_code == 405


def test_every_file_field_has_an_access_rule():
    """A new FileField without a rule in pact.site.files.FILE_RULES is never served: make it explicit."""
    labels = {model._meta.label for model, _field in files.file_fields()}
    assert labels, "no file fields found"
    missing = labels - set(files.FILE_RULES)
    assert not missing, f"add an access rule to pact.site.files.FILE_RULES for {sorted(missing)}"


# --- upload checks (pact.kernel.uploads) ----------------------------------------------------------------


def _upload(data: bytes, name: str, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("name", ["logo.svg", "logo.png", "logo"])
def test_it_refuses_svg_logos_whatever_they_are_called(settings, name):
    with pytest.raises(ValidationError) as error:
        uploads.clean_logo(_upload(SVG_BYTES, name, "image/png"))
    assert error.value.code == "svg"


def test_it_refuses_svg_evidence():
    with pytest.raises(ValidationError) as error:
        uploads.clean_document(_upload(SVG_BYTES, "evidence.pdf", "application/pdf"))
    assert error.value.code == "svg"


def test_it_refuses_an_oversized_logo(settings):
    settings.LOGO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        uploads.clean_logo(_upload(b"\x89PNG\r\n\x1a\n" + b"0" * 2000, "big.png", "image/png"))
    assert error.value.code == "too_large"


def test_it_refuses_oversized_evidence(settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        uploads.clean_document(_upload(PDF_BYTES * 10, "report.pdf", "application/pdf"))
    assert error.value.code == "too_large"


def test_it_refuses_a_file_whose_content_is_not_the_type_it_claims():
    html = b"<html><script>alert(1)</script></html>"
    with pytest.raises(ValidationError) as error:
        uploads.clean_document(_upload(html, "evidence.pdf", "application/pdf"))
    assert error.value.code == "bad_type"
    with pytest.raises(ValidationError) as error:
        uploads.clean_logo(_upload(PDF_BYTES, "logo.png", "image/png"))
    assert error.value.code == "not_image"


def test_it_accepts_real_content_and_gives_it_a_safe_name():
    checked = uploads.clean_document(_upload(PDF_BYTES, "../../Évidence 2025<script>.PDF"))
    assert checked.content_type == "application/pdf"
    assert "/" not in checked.name and "<" not in checked.name
    assert checked.name.endswith(".pdf")
    logo = uploads.clean_logo(_upload(_png((1600, 400)), "logo.jpg", "image/jpeg"))
    assert logo.content_type == "image/png"
    assert logo.content.startswith(b"\x89PNG")
    assert max(Image.open(io.BytesIO(logo.content)).size) <= uploads.LOGO_MAX_SIDE
