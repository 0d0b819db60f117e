"""Two lists of languages (DESIGN §9): the interface's (``LANGUAGES``) and content's
(``CONTENT_LANGUAGES``). Every field holding the language of a text uses the content list, read
when asked, never frozen into a migration: changing a list changes no migration."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from members.models import Organisation
from pact.communications.models import (
    NewsItem,
    Newsletter,
    NewsletterSubscription,
    NewsletterTranslation,
    NewsTranslation,
)
from pact.models import User
from pact.support.models import Resource
from partnerships.models import DeclarationTranslation, DeclarationVersion

CONTENT_FIELDS = [
    (DeclarationVersion, "language"),
    (DeclarationTranslation, "language"),
    (NewsItem, "language"),
    (NewsTranslation, "language"),
    (Newsletter, "language"),
    (NewsletterTranslation, "language"),
    (NewsletterSubscription, "language"),
    (Resource, "language"),
    (Organisation, "preferred_language"),
]


@pytest.mark.parametrize(("model", "name"), CONTENT_FIELDS)
def test_every_content_language_field_offers_the_content_list_as_it_is_now(model, name, settings):
    field = model._meta.get_field(name)
    codes = {code for code, _label in field.choices}
    assert {"it", "sq", "mk", "sr", "bs", "cnr", "tr", "uk", "ka", "ga", "mt"} <= codes
    settings.CONTENT_LANGUAGES = [*settings.CONTENT_LANGUAGES, ("lb", "Luxembourgish")]
    assert "lb" in {code for code, _label in field.choices}
    assert any(v.__name__ == "validate_content_language" for v in field.validators)


def test_the_person_s_language_is_an_interface_language(settings):
    field = User._meta.get_field("language")
    assert {code for code, _label in field.choices} == {"en", "fr", "de"}
    settings.LANGUAGES = [*settings.LANGUAGES, ("it", "italiano")]
    assert "it" in {code for code, _label in field.choices}


@pytest.mark.django_db
def test_changing_either_list_needs_no_migration(settings):
    with override_settings(
        CONTENT_LANGUAGES=[("en", "English"), ("lb", "Luxembourgish")],
        LANGUAGES=[("en", "English"), ("it", "italiano")],
    ):
        out = StringIO()
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()
