"""Translations of a published declaration: separate unsigned documents with their own PDF; the
signed original, its hash and its PDF untouched; pages per language with hreflang alternates."""

import pytest
from django.urls import reverse

from pact import access
from pact.models import AuditEntry
from partnerships.declarations import pdf as pdf_module
from partnerships.declarations import publication, review, translations
from partnerships.declarations.common import DeclarationError, EditConflict
from partnerships.models import DeclarationPdf, DeclarationTranslation

from .conftest import write_draft

pytestmark = pytest.mark.django_db

GERMAN = {
    "challenges": "Qualifikationslücken in der **Kreativ**wirtschaft.",
    "objectives": "- Menschen ausbilden\n- Einen Knoten aufbauen",
    "ambition": "Eine Region, in der die Kreativwirtschaft gedeiht.",
}


@pytest.fixture
def approved(world, media_root):
    version = write_draft(world)
    review.submit(version, lock_version=version.lock_version, actor=world.coordinator)
    version = publication.approve(version, actor=world.reviewer)
    world.partnership.refresh_from_db()
    return version


def _translate(world, version, language="de", texts=GERMAN, **kwargs):
    return translations.save_translation(
        version, language=language, texts=texts, actor=world.coordinator, **kwargs
    )


def test_a_translation_is_a_separate_document_and_the_original_stays_as_signed(world, approved):
    original_hash = approved.content_hash
    original_pdf = DeclarationPdf.objects.get(version=approved, translation=None)
    german = _translate(world, approved)
    approved.refresh_from_db()
    assert approved.content_hash == original_hash
    assert approved.language == "en" and approved.challenges.startswith("Skills gaps")
    assert german.content_hash != original_hash
    assert german.content_hash == translations.translation_hash(approved, "de", GERMAN)
    # Its own PDF row, keyed by its own hash; the original's row is the same as before.
    pdfs = DeclarationPdf.objects.filter(version=approved).order_by("pk")
    assert [p.translation_id for p in pdfs] == [None, german.pk]
    assert pdfs[0].pk == original_pdf.pk and pdfs[0].content_hash == original_hash
    entry = AuditEntry.objects.get(kind="pact.declaration.translation_saved")
    assert entry.data["original_content_hash"] == original_hash


def test_each_language_has_its_own_pdf_marked_as_a_translation(world, approved):
    german = _translate(world, approved)
    html = pdf_module.version_html(approved, translation=german)
    assert '<html lang="de">' in html
    assert "Qualifikationslücken" in html and "Skills gaps" not in html
    assert "Übersetzung" in html  # the labels are German, and it says it is not signed
    assert approved.content_hash in html and german.content_hash in html
    assert 'lang="en"' in html  # commitments stay in the signed original's language
    pdf = DeclarationPdf.objects.get(translation=german)
    assert pdf_module.render_and_store(pdf.pk) is True
    pdf.refresh_from_db()
    assert pdf.status == "ready" and pdf.file.name.endswith(f"{german.content_hash}.pdf")


def test_an_unknown_language_or_the_originals_or_a_second_one_is_refused_with_the_reason(
    world, approved
):
    with pytest.raises(DeclarationError, match="“zz” is not one of the languages"):
        _translate(world, approved, language="zz")
    with pytest.raises(DeclarationError, match="The original is already in English"):
        _translate(world, approved, language="en")
    _translate(world, approved)
    with pytest.raises(DeclarationError, match="already a translation into German"):
        _translate(world, approved)
    with pytest.raises(DeclarationError, match="missing: ambition"):
        _translate(world, approved, language="it", texts={**GERMAN, "ambition": ""})
    assert DeclarationTranslation.objects.count() == 1


def test_an_edit_names_the_version_it_read_and_only_the_coordinator_or_staff_write(world, approved):
    german = _translate(world, approved)
    changed = {**GERMAN, "ambition": "Eine blühende Region."}
    edited = _translate(world, approved, texts=changed, lock_version=german.lock_version)
    assert edited.ambition == "Eine blühende Region." and edited.content_hash != german.content_hash
    with pytest.raises(EditConflict):
        _translate(world, approved, texts=GERMAN, lock_version=german.lock_version)
    for person in (world.member, world.outsider):
        with pytest.raises(access.Refused):
            translations.save_translation(approved, language="fr", texts=GERMAN, actor=person)
    translations.save_translation(approved, language="fr", texts=GERMAN, actor=world.reviewer)


def test_a_draft_cannot_be_translated(world):
    draft = write_draft(world)
    with pytest.raises(DeclarationError, match="Only an approved declaration"):
        _translate(world, draft)


def test_the_page_shows_the_asked_language_with_links_to_the_others(world, approved, client):
    _translate(world, approved)
    slug = world.partnership.slug
    url = reverse("partnerships:declaration_version", args=[slug, approved.number])
    original = client.get(url).content.decode()
    assert "Skills gaps" in original and "Qualifikationslücken" not in original
    assert f'<link rel="alternate" hreflang="de" href="http://testserver{url}?lang=de">' in original
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{url}?lang=en">' in original
    german = client.get(url + "?lang=de").content.decode()
    assert '<html lang="de">' in german  # the interface follows ?lang= too
    assert 'lang="de">' in german and "Qualifikationslücken" in german
    assert "nicht unterzeichnet" in german  # marked as a translation, not signed
    status_url = reverse("partnerships:declaration_pdf_status", args=[slug, approved.number])
    assert f'hx-get="{status_url}?lang=de"' in german  # the German PDF, being prepared
    # A language the interface does not speak: Italian asked, no Italian text, the original shown.
    italian = client.get(url + "?lang=it").content.decode()
    assert "Skills gaps" in italian and '<html lang="en">' in italian
    # The reader's own language picks the translation when no ?lang= is given.
    client.cookies["django_language"] = "de"
    assert "Qualifikationslücken" in client.get(url).content.decode()


def test_both_pdfs_download_each_under_its_own_name(world, approved, client):
    german = _translate(world, approved)
    for pdf in DeclarationPdf.objects.filter(version=approved):
        pdf_module.render_and_store(pdf.pk)
    slug = world.partnership.slug
    url = reverse("partnerships:declaration_pdf", args=[slug, approved.number])
    original = client.get(url)
    translated = client.get(url + "?lang=de")
    assert original.status_code == translated.status_code == 200
    assert "declaration-v1.pdf" in original["Content-Disposition"]
    assert "declaration-v1-de.pdf" in translated["Content-Disposition"]
    assert b"".join(original.streaming_content) != b"".join(translated.streaming_content)
    assert client.get(url + "?lang=fr").status_code == 404  # no French translation
    assert client.get(url + "?lang=zz").status_code == 400
    assert german.pk


def test_the_form_shows_the_original_beside_and_says_what_is_wrong(world, approved, login):
    client = login(world.coordinator)
    slug = world.partnership.slug
    new_url = reverse("partnerships:declaration_translation_new", args=[slug, approved.number])
    page = client.get(new_url).content.decode()
    assert "Skills gaps" in page and 'name="challenges"' in page
    response = client.post(new_url, {"language": "en", **GERMAN})
    assert response.status_code == 400
    assert "The original is already in English" in response.content.decode()
    response = client.post(new_url, {"language": "xx", **GERMAN})
    assert response.status_code == 400 and "“xx” is not one of" in response.content.decode()
    response = client.post(new_url, {"language": "de", **GERMAN})
    assert response.status_code == 302 and response["Location"].endswith("?lang=de")
    edit_url = reverse("partnerships:declaration_translation", args=[slug, approved.number, "de"])
    assert client.get(edit_url).status_code == 200
    assert login(world.member).get(new_url).status_code == 404


def test_the_api_adds_a_translation_and_says_why_a_language_is_refused(world, approved):
    from tests.declarations.test_api_actions import client_of

    client = client_of(world.coordinator)
    slug = world.partnership.slug
    address = f"/api/v1/partnerships/{slug}/declarations/{approved.number}/translations/"
    response = client.post(address, {"language": "de", **GERMAN}, format="json")
    assert response.status_code == 201, response.json()
    [german] = response.json()["translations"]
    assert german["language"] == "de" and german["sections"]["ambition"] == GERMAN["ambition"]
    assert response.json()["content_hash"] == approved.content_hash  # the original unchanged
    for language, reason in (
        ("de", "already a translation into German"),
        ("en", "The original is already in English"),
        ("zz", "“zz” is not one of the languages"),
    ):
        refused = client.post(address, {"language": language, **GERMAN}, format="json")
        assert refused.status_code == 400
        assert reason in refused.json()["errors"]["language"][0]
    missing = client.post(address, {"language": "it"}, format="json")
    assert missing.status_code == 400 and "missing" in str(missing.json())
    assert client_of(world.member).post(address, {"language": "it"}).status_code == 404
