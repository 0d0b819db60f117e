"""News and newsletters per language: originals and translations, pages per ?lang=, and one issue
sent to each subscriber in their own language."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pact.communications.models import NewsletterSubscription, NewsTranslation
from pact.communications.news import services, translations
from pact.communications.newsletter import sending
from pact.communications.newsletter.languages import Row
from pact.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world):
    made = services.create_news(
        actor=world.admin,
        partnership=None,
        title="Skills week opens",
        summary="The week of skills starts in Brussels.",
        body="All about it.",
        language="en",
    )
    return services.publish_news(made, actor=world.admin)


def _translate(world, item, language="it", title="Si apre la settimana delle competenze"):
    return translations.save_translation(
        item,
        actor=world.admin,
        language=language,
        title=title,
        summary="La settimana delle competenze inizia a Bruxelles.",
        body="Tutto su di essa.",
    )


def _subscriber(email, language):
    return NewsletterSubscription.objects.create(
        email=email, language=language, status="confirmed", confirmed_at=timezone.now()
    )


def test_a_news_item_can_be_written_in_any_content_language_even_without_an_interface(world, item):
    _translate(world, item)
    shown = translations.shown(item, "it")
    assert shown.title.startswith("Si apre") and shown.language == "it" and shown.is_translation
    fallback = translations.shown(item, "de")  # no German: the original, with its language
    assert fallback.title == "Skills week opens" and fallback.language == "en"


def test_a_translation_in_an_unknown_or_the_originals_or_a_taken_language_is_refused(world, item):
    with pytest.raises(services.NewsError, match="“xx” is not one of the languages"):
        _translate(world, item, language="xx")
    with pytest.raises(services.NewsError, match="The original is already in English"):
        _translate(world, item, language="en")
    _translate(world, item)
    with pytest.raises(services.NewsError, match="already a translation into Italian"):
        _translate(world, item)
    assert NewsTranslation.objects.count() == 1
    with pytest.raises(services.NewsError):
        translations.save_translation(
            item, actor=world.outsider, language="fr", title="T", summary="S", body="B"
        )


def test_each_language_of_an_item_has_its_own_page_and_cache_entry(world, item, client):
    _translate(world, item)
    url = reverse("communications:news_detail", args=[item.slug])
    english = client.get(url)
    assert "Skills week opens" in english.content.decode()
    italian = client.get(url + "?lang=it")
    page = italian.content.decode()
    assert 'lang="it"' in page and "Si apre la settimana" in page
    assert f'hreflang="en" href="http://testserver{url}?lang=en"' in page
    # The page cache keys each language apart: a second visit gets the stored Italian page.
    again = client.get(url + "?lang=it")
    assert again["X-Page-Cache"] == "hit" and "Si apre" in again.content.decode()
    assert "Si apre" not in client.get(url).content.decode()


def test_an_unknown_language_parameter_is_a_clear_400_on_pages_and_in_the_api(world, item, client):
    page = client.get(reverse("communications:news_list") + "?lang=xx")
    assert page.status_code == 400 and "Unknown language: &#x27;xx&#x27;" in page.content.decode()
    api = client.get("/api/v1/news/?lang=xx")
    assert api.status_code == 400
    assert api.json()["errors"] == {"lang": ["Unknown language: 'xx'."]}
    assert client.get("/api/v1/news/?lang=it").status_code == 200  # declared everywhere


def test_the_news_list_shows_each_item_in_the_asked_language(world, item, client):
    _translate(world, item)
    page = client.get(reverse("communications:news_list") + "?language=it").content.decode()
    assert "Si apre la settimana" in page  # filtered on Italian: translated items are found
    assert "Si apre" not in client.get(reverse("communications:news_list")).content.decode()


def test_an_issue_goes_out_in_two_languages_to_the_right_people(
    world, item, django_capture_on_commit_callbacks
):
    _translate(world, item)
    _subscriber("anna@example.it", "it")
    _subscriber("ben@example.org", "en")
    _subscriber("dora@example.de", "de")  # no German translation: the original
    issue = sending.create_newsletter(
        actor=world.admin,
        subject="Pact news, December",
        introduction="Hello everyone.",
        news_items=[item],
        language="en",
        translations=[Row("it", "Notizie del Patto, dicembre", "Ciao a tutti.")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_sending(issue, actor=world.admin)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"anna@example.it", "ben@example.org", "dora@example.de"}
    italian = sent["anna@example.it"]
    assert "Notizie del Patto, dicembre" in italian.subject
    assert "Ciao a tutti." in italian.body and "Si apre la settimana" in italian.body
    assert f"/news/{item.slug}/?lang=it" in italian.body
    for address in ("ben@example.org", "dora@example.de"):
        assert "Pact news, December" in sent[address].subject
        assert "Hello everyone." in sent[address].body and "Skills week opens" in sent[address].body
    # Labels: German for the German reader, English (the default) for the Italian one.
    assert "Weiterlesen" in sent["dora@example.de"].body
    assert "Weiterlesen" not in italian.body and "Read more" in italian.body
    assert OutboundEmail.objects.get(to_address="anna@example.it").language == "en"


def test_a_newsletter_translation_with_a_bad_language_is_refused_with_the_reason(world, item):
    with pytest.raises(sending.NewsletterError, match="“zz” is not one of the languages"):
        sending.create_newsletter(
            actor=world.admin,
            subject="Issue",
            introduction="",
            news_items=[item],
            translations=[Row("zz", "Subject", "")],
        )
    with pytest.raises(sending.NewsletterError, match="original's language"):
        sending.create_newsletter(
            actor=world.admin,
            subject="Issue",
            introduction="",
            news_items=[item],
            translations=[Row("en", "Subject", "")],
        )


def test_staff_write_translations_side_by_side_and_errors_are_a_400(world, item, login):
    client = login(world.admin)
    url = reverse("communications:news_translation_new", args=[item.slug])
    page = client.get(url).content.decode()
    assert "Skills week opens" in page and 'name="title"' in page
    data = {"title": "T", "summary": "S", "body": "B"}
    response = client.post(url, {"language": "en", **data})
    assert response.status_code == 400
    assert "The original is already in English" in response.content.decode()
    response = client.post(url, {"language": "sq", **data})
    assert response.status_code == 302 and response["Location"].endswith("?lang=sq")
    edit = reverse("communications:news_translation", args=[item.slug, "sq"])
    response = client.post(edit, {**data, "title": "Titulli", "lock_version": 1})
    assert response.status_code == 302
    assert NewsTranslation.objects.get(language="sq").title == "Titulli"


def test_the_saved_message_speaks_the_language_of_the_page_it_leads_to(world, item, login):
    client = login(world.admin)
    url = reverse("communications:news_translation_new", args=[item.slug])
    data = {"title": "Semaine", "summary": "Résumé", "body": "Texte"}
    response = client.post(url, {"language": "fr", **data}, follow=True)
    assert "La traduction est enregistrée." in response.content.decode()
    # Albanian is no interface language: the message stays in the interface's.
    response = client.post(url, {"language": "sq", **data}, follow=True)
    assert "The translation is saved." in response.content.decode()
