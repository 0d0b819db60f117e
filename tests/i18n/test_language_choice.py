"""People choose English, French or German; pages, dates, numbers and mails follow the choice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from pact.kernel.outbox.queue import queue_email
from tests.factories import make_user

COOKIE = settings.LANGUAGE_COOKIE_NAME


def test_it_remembers_a_visitors_choice_in_a_cookie_and_returns_to_the_page(client, db):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/partnerships/"})
    assert response.status_code == 302
    assert response["Location"] == "/partnerships/"
    assert response.cookies[COOKIE].value == "fr"

    page = client.get("/")
    assert '<html lang="fr">' in page.content.decode()
    assert "Partenariats" in page.content.decode()


def test_switching_from_a_page_asked_in_a_language_returns_to_it_in_the_chosen_one(client, db):
    """``?lang=`` beats the cookie, so the way back asks for the chosen language."""
    response = client.post(
        reverse("set_language"), {"language": "de", "next": "/partnerships/?q=digital&lang=fr"}
    )
    assert response["Location"] == "/partnerships/?q=digital&lang=de"
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="de">' in page
    # A page without the parameter is left as it was: the cookie decides there.
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/partnerships/"})
    assert response["Location"] == "/partnerships/"


def test_it_saves_a_signed_in_persons_language_for_their_mails(client, db):
    person = make_user("lang@example.org", language="en")
    client.force_login(person)
    response = client.post(reverse("set_language"), {"language": "de", "next": "/dashboard/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "de"


def test_it_ignores_a_language_the_portal_does_not_offer(client, db):
    person = make_user("lang2@example.org", language="fr")
    client.force_login(person)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    person.refresh_from_db()
    assert person.language == "fr"


def test_it_refuses_to_change_the_language_with_a_get(client, db):
    response = client.get(reverse("set_language"), {"language": "fr"})
    assert response.status_code == 405


def test_it_does_not_redirect_to_another_site(client, db):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_it_greets_a_signed_in_person_in_their_saved_language(client, db):
    client.force_login(make_user("de@example.org", language="de"))
    page = client.get("/").content.decode()
    assert '<html lang="de">' in page
    assert "Partnerschaften" in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "2,000,000 · 1,234.5 · 17 September 2024 · September 2024"),
        ("fr", "2\xa0000\xa0000 · 1\xa0234,5 · 17 septembre 2024 · septembre 2024"),
        ("de", "2.000.000 · 1.234,5 · 17. September 2024 · September 2024"),
    ],
)
def test_it_formats_numbers_and_dates_for_the_language(language, expected):
    template = Template(
        "{% load humanize %}{{ n|intcomma }} · {{ x|floatformat:'g' }} · "
        "{{ d|date:'DATE_FORMAT' }} · {{ d|date:'F Y' }}"
    )
    context = Context({"n": 2000000, "x": Decimal("1234.5"), "d": dt.date(2024, 9, 17)})
    with translation.override(language):
        rendered = template.render(context)
    assert rendered == expected


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [
        ("fr", "Un message du portail du Pacte", "Bonjour Anne,"),
        ("de", "Eine Nachricht vom Pakt-Portal", "Hallo Anne,"),
    ],
)
def test_it_writes_mails_in_the_recipients_language(db, language, subject, greeting):
    person = make_user(f"{language}-mail@example.org", language=language)
    email = queue_email(to=person, template="test_message", context={"name": "Anne"}, kind="test")
    assert email is not None
    assert email.language == language
    assert email.subject.endswith(subject)
    assert email.body_text.startswith(greeting)
