"""Texts per language (pact.kernel.texts): an original and its translations, shown with their language."""

from __future__ import annotations

import pickle

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from commitments.models import Indicator
from pact.kernel.texts import (
    LocalisedText,
    LocalisedTextFormField,
    TextError,
    content_language_choices,
    content_languages,
    validate_content_language,
)


def test_it_falls_back_to_the_original_with_its_language():
    text = LocalisedText.of("Menschen weitergebildet", "de", en="People upskilled")
    assert text.get("en") == ("People upskilled", "en")
    assert text.get("it") == ("Menschen weitergebildet", "de")
    assert text.get("it", "en") == ("People upskilled", "en")
    assert text.get("EN-gb").language == "en"
    with translation.override("fr"):
        assert str(text) == "Menschen weitergebildet"
        assert text.get().differs
    with translation.override("de"):
        assert not text.get().differs


@translation.override("en")
def test_it_refuses_an_unknown_language_a_translation_in_the_originals_language_and_an_empty_original():
    with pytest.raises(TextError) as refused:
        LocalisedText.build("en", "", [("xx", "Bonjour"), ("en", "Hello again"), ("fr", "Un")])
    messages = refused.value.messages
    assert "Write the text in its original language." in messages
    assert any("“xx” is not one of the languages" in m for m in messages)
    assert any("Translation 2 is in English, the original's language" in m for m in messages)
    with pytest.raises(TextError) as twice:
        LocalisedText.build("en", "Hello", [("fr", "Bonjour"), ("fr", "Salut")])
    assert twice.value.messages == ["There are two translations into French: keep one."]
    with pytest.raises(TextError):
        LocalisedText("klingon", {"klingon": "nuqneH"})


def test_it_takes_any_content_language_and_keeps_them_apart_from_the_interface_languages():
    languages = content_languages()
    assert len(languages) == 32
    for code in ("ga", "mt", "sq", "bs", "ka", "mk", "cnr", "sr", "tr", "uk", "it"):
        assert code in languages
    assert [code for code, _name in settings.LANGUAGES] == ["en", "fr", "de"]
    with translation.override("fr"):
        names = [name for _code, name in content_language_choices()]
    assert names == sorted(names, key=str.casefold)
    validate_content_language("cnr")
    with pytest.raises(forms.ValidationError):
        validate_content_language("xx")


def test_it_survives_storage_and_pickling():
    text = LocalisedText.of("Hello", "en", fr="Bonjour", uk="Привіт")
    assert LocalisedText.from_json(text.to_json()) == text
    assert pickle.loads(pickle.dumps(text)) == text
    with pytest.raises(AttributeError):
        text.language = "fr"  # type: ignore[misc]


@pytest.mark.django_db
def test_the_kpi_catalogue_keeps_its_names_in_every_language_on_pages_and_in_the_api(client):
    indicator = Indicator.objects.get(code="people-upskilled")
    assert isinstance(indicator.names, LocalisedText)
    assert indicator.names.language == "en"
    assert indicator.name == "People up- or reskilled"
    with translation.override("de"):
        assert indicator.name == "Weitergebildete oder umgeschulte Personen"
    answer = client.get("/api/v1/indicators/people-upskilled/", HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.json()["name"].startswith("Personnes ayant bénéficié")
    page = Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=de"}).get("/kpis/")
    assert "Weitergebildete oder umgeschulte Personen" in page.content.decode()


class TitleForm(forms.Form):
    title = LocalisedTextFormField(label="Title", max_length=20)


def _post(**rows) -> dict:
    data = {"title_language": "en", "title_original": "Hello", "title_rows": "3"}
    data.update(rows)
    return data


@translation.override("en")
def test_its_form_edits_the_original_and_translations_side_by_side_and_keeps_what_was_typed():
    form = TitleForm(
        _post(
            title_1_language="fr", title_1_text="Bonjour", title_2_language="en", title_2_text="Hi"
        )
    )
    assert not form.is_valid()
    assert "Translation 2 is in English, the original's language" in form.errors["title"][0]
    html = str(form["title"])
    assert 'value="Bonjour"' in html and 'value="Hi"' in html  # kept
    assert 'for="id_title_original"' in html and 'for="id_title_1_language"' in html
    assert 'lang="fr"' in html

    form = TitleForm(_post(title_1_language="fr", title_1_text="Bonjour"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == LocalisedText.of("Hello", "en", fr="Bonjour")

    form = TitleForm(
        {
            "title_language": "en",
            "title_original": "",
            "title_rows": "1",
            "title_1_language": "fr",
            "title_1_text": "Bonjour",
        }
    )
    assert not form.is_valid()
    assert form.errors["title"] == ["Write the text in its original language."]

    form = TitleForm(_post(title_1_language="xx", title_1_text="Bonjour"))
    assert not form.is_valid()
    assert "“xx” is not one of the languages" in form.errors["title"][0]

    form = TitleForm(_post(title_1_language="fr", title_1_text="Bonjour tout le monde entier"))
    assert not form.is_valid()
    assert "Keep each text under 20 characters (too long: French)" in form.errors["title"][0]


@translation.override("en")
def test_its_form_shows_a_saved_text_with_room_for_more_translations():
    form = TitleForm(initial={"title": LocalisedText.of("Hello", "en", fr="Bonjour")})
    html = str(form["title"])
    assert 'name="title_rows" value="3"' in html  # one translation and two empty rows
    assert '<option value="en" selected>' in html


def test_pages_mark_a_text_in_another_language_with_lang():
    template = Template(
        "{% load texts %}{{ text|localised }}|{% localised text 'de' as t %}<p{{ t|lang_attr }}>{{ t.text }}</p>"
    )
    text = LocalisedText.of("Ciao <b>", "it", en="Hello <b>")
    with translation.override("en"):
        assert (
            template.render(Context({"text": text}))
            == 'Hello &lt;b&gt;|<p lang="it">Ciao &lt;b&gt;</p>'
        )
    with translation.override("fr"):
        rendered = template.render(Context({"text": text}))
    assert rendered.startswith('<span lang="it">Ciao &lt;b&gt;</span>|')
