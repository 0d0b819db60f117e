"""A partnership's short description in its original language with translations, edited beside
it on the profile form and shown in the reader's language (or ``?lang=``) with its ``lang``."""

from __future__ import annotations

import pytest

from pact.kernel.texts import LocalisedText

pytestmark = pytest.mark.django_db

ENGLISH = "Upskilling welders and electricians for the energy transition."


def _form(partnership, **extra):
    return {
        "lock_version": partnership.lock_version,
        "shape": "single_region",
        "countries": ["BE"],
        "region_codes": "",
        "summary": ENGLISH,
        "summary_language": "en",
        "summary_rows": 2,
        **extra,
    }


def test_the_coordinator_adds_translations_and_readers_get_theirs(
    login, world, public_partnership, client
):
    url = f"/partnerships/{public_partnership.slug}/edit/"
    coordinator = login(world.coordinator)
    assert 'name="summary_1_language"' in coordinator.get(url).content.decode()
    response = coordinator.post(
        url,
        _form(
            public_partnership,
            summary_1_language="it",
            summary_1_text="Formazione di saldatori ed elettricisti per la transizione energetica.",
            summary_2_language="sq",
            summary_2_text="Trajnimi i saldatorëve dhe elektricistëve.",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    public_partnership.refresh_from_db()
    assert public_partnership.summary_text == LocalisedText.of(
        ENGLISH,
        "en",
        it="Formazione di saldatori ed elettricisti per la transizione energetica.",
        sq="Trajnimi i saldatorëve dhe elektricistëve.",
    )
    page_url = f"/partnerships/{public_partnership.slug}/"
    italian = client.get(page_url + "?lang=it").content.decode()
    assert '<html lang="en">' in italian  # the interface does not speak Italian
    assert 'lang="it"><p>Formazione di saldatori' in italian
    assert f'hreflang="sq" href="http://testserver{page_url}?lang=sq"' in italian
    english = client.get(page_url).content.decode()
    assert ENGLISH in english and "Formazione" not in english


def test_a_translation_in_the_original_s_or_an_unknown_language_is_refused_with_the_reason(
    login, world, public_partnership
):
    url = f"/partnerships/{public_partnership.slug}/edit/"
    client = login(world.coordinator)
    response = client.post(
        url, _form(public_partnership, summary_1_language="en", summary_1_text="Same")
    )
    assert response.status_code == 200
    assert "the original&#x27;s language" in response.content.decode()
    response = client.post(
        url, _form(public_partnership, summary_1_language="xx", summary_1_text="Huh")
    )
    assert "“xx” is not one of the languages" in response.content.decode()
    public_partnership.refresh_from_db()
    assert public_partnership.summary_translations == {}


def test_a_client_that_posts_no_languages_keeps_the_translations(login, world, public_partnership):
    public_partnership.summary_translations = {"fr": "Former des soudeurs."}
    public_partnership.save(update_fields=["summary_translations"])
    form = _form(public_partnership)
    for key in ("summary_language", "summary_rows"):
        del form[key]
    response = login(world.coordinator).post(
        f"/partnerships/{public_partnership.slug}/edit/", {**form, "summary": "New text."}
    )
    assert response.status_code == 302
    public_partnership.refresh_from_db()
    assert public_partnership.summary == "New text."
    assert public_partnership.summary_translations == {"fr": "Former des soudeurs."}
