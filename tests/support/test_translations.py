"""Events, funding calls and library resources per language: an original and translations,
written by whoever may edit the original, shown per ?lang= or the reader's language, as public
as the original and no more."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from pact.support.common import SupportError
from pact.support.events import services as events_services
from pact.support.library import services as library_services
from pact.support.models import (
    Event,
    EventTranslation,
    FundingCall,
    FundingCallTranslation,
    ResourceTranslation,
)
from pact.support.translations import save_translation, shown

pytestmark = pytest.mark.django_db

# kind -> (detail URL, new translation URL, edit URL, the third text, the translation model)
KINDS = {
    "event": (
        "support:event_detail",
        "support:event_translation_new",
        "support:event_translation",
        "description",
        EventTranslation,
    ),
    "call": (
        "support:funding_detail",
        "support:funding_translation_new",
        "support:funding_translation",
        "eligibility",
        FundingCallTranslation,
    ),
    "resource": (
        "support:resource_detail",
        "support:resource_translation_new",
        "support:resource_translation",
        "body",
        ResourceTranslation,
    ),
}


@pytest.fixture
def originals(world, make_event, make_call):
    resource = library_services.create_resource(
        actor=world.support,
        partnership=None,
        data={
            "kind": "good_practice",
            "title": "Community consultation",
            "summary": "A partnership consulted the community.",
            "body": "How it went.",
            "ecosystem": "",
            "language": "en",
            "is_published": True,
        },
    )
    return {"event": make_event(), "call": make_call(), "resource": resource}


def _texts(kind: str, title: str = "Titre français") -> dict:
    return {"title": title, "summary": "Résumé en français.", KINDS[kind][3]: "Texte en français."}


def _translate(world, original, kind, language="fr", **extra):
    return save_translation(
        original, actor=world.support, language=language, texts=_texts(kind, **extra)
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_translation_is_shown_in_its_language_and_the_original_otherwise(world, originals, kind):
    original = originals[kind]
    _translate(world, original, kind)
    original.refresh_from_db()
    french = shown(original, "fr")
    assert french["title"] == "Titre français" and french["language"] == "fr"
    assert french["is_translation"] and french[KINDS[kind][3]] == "Texte en français."
    german = shown(original, "de")  # none in German: the original, with its own language
    assert german["title"] == original.title and german["language"] == "en"
    assert not german["is_translation"]


@pytest.mark.parametrize("kind", KINDS)
def test_one_translation_per_language_is_a_rule_of_the_database(world, originals, kind):
    original = originals[kind]
    _translate(world, original, kind)
    model = KINDS[kind][4]
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**{kind: original}, language="fr", **_texts(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_original_and_taken_languages_are_refused_by_name(world, originals, kind):
    original = originals[kind]
    with pytest.raises(SupportError, match="“xx” is not one of the languages"):
        _translate(world, original, kind, language="xx")
    with pytest.raises(SupportError, match="The original is already in English"):
        _translate(world, original, kind, language="en")
    _translate(world, original, kind)
    with pytest.raises(SupportError, match="already a translation into French") as refused:
        _translate(world, original, kind)
    assert refused.value.field == "language"
    with pytest.raises(SupportError, match="Give these texts of the translation"):
        save_translation(original, actor=world.support, language="de", texts={"title": " "})
    assert KINDS[kind][4].objects.count() == 1


@pytest.mark.parametrize("kind", KINDS)
def test_only_who_may_edit_the_original_translates_it(world, originals, kind):
    with pytest.raises(SupportError, match="Only"):
        save_translation(originals[kind], actor=world.outsider, language="fr", texts=_texts(kind))
    assert not KINDS[kind][4].objects.exists()


def test_a_concurrent_edit_of_a_translation_is_refused_with_nothing_overwritten(world, originals):
    event = originals["event"]
    _translate(world, event, "event")
    save_translation(
        event,
        actor=world.support,
        language="fr",
        texts=_texts("event", "Premier"),
        lock_version=1,
    )
    with pytest.raises(SupportError, match="Someone else saved"):
        save_translation(
            event,
            actor=world.support,
            language="fr",
            texts=_texts("event", "Second"),
            lock_version=1,
        )
    assert EventTranslation.objects.get(event=event).title == "Premier"


def test_the_original_cannot_move_into_a_language_it_is_translated_into(world, originals):
    event = originals["event"]
    _translate(world, event, "event")
    data = {"title": event.title, "language": "fr"}
    with pytest.raises(SupportError, match="There is a translation into French") as refused:
        events_services.update_event(event, actor=world.support, data=data, lock_version=1)
    assert refused.value.field == "language"


@pytest.mark.parametrize("kind", KINDS)
def test_an_editor_adds_a_translation_in_the_browser_and_reads_it_per_lang(
    world, originals, kind, login
):
    detail, new, edit, _text, model = KINDS[kind]
    original = originals[kind]
    client = login(world.support)
    form = client.get(reverse(new, args=[original.slug]))
    assert form.status_code == 200 and original.title in form.content.decode()  # side by side
    response = client.post(reverse(new, args=[original.slug]), {"language": "fr", **_texts(kind)})
    url = reverse(detail, args=[original.slug])
    assert response.status_code == 302 and response["Location"] == f"{url}?lang=fr"
    page = client.get(f"{url}?lang=fr").content.decode()
    assert '<h1 lang="fr">Titre français</h1>' in page
    assert "La traduction est enregistrée." in page  # said in the page's (French) interface
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{url}?lang=en">' in page
    assert f'href="http://testserver{url}?lang=en" hreflang="en" lang="en"' in page  # the link
    assert reverse(edit, args=[original.slug, "fr"]) in page
    english = client.get(url).content.decode()
    assert f'<h1 lang="en">{original.title}</h1>' in english
    # Editing it: the language stays, the version moves.
    again = client.post(
        reverse(edit, args=[original.slug, "fr"]), {**_texts(kind, "Revu"), "lock_version": 1}
    )
    assert again.status_code == 302
    assert model.objects.get().title == "Revu" and model.objects.get().lock_version == 2


@pytest.mark.parametrize(
    "language, message",
    [
        ("xx", "“xx” is not one of the languages content can be written in."),
        ("en", "The original is already in English: choose another language."),
        ("fr", "There is already a translation into French: edit that one."),
        ("", "Choose the language of the translation."),
    ],
)
def test_a_bad_language_is_a_clear_error_and_the_form_keeps_the_text(
    world, originals, login, language, message
):
    event = originals["event"]
    _translate(world, event, "event")
    response = login(world.support).post(
        reverse("support:event_translation_new", args=[event.slug]),
        {"language": language, **_texts("event", "Ce que j'ai tapé")},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Ce que j&#x27;ai tapé" in page
    assert EventTranslation.objects.count() == 1


def test_lists_show_titles_in_the_asked_language(world, originals, client):
    for kind in KINDS:
        _translate(world, originals[kind], kind, title=f"Titre {kind}")
    for name, kind in [
        ("support:event_list", "event"),
        ("support:funding_list", "call"),
        ("support:library", "resource"),
    ]:
        french = client.get(reverse(name) + "?lang=fr").content.decode()
        assert (
            f'lang="fr"><a href="{reverse(KINDS[kind][0], args=[originals[kind].slug])}">Titre {kind}</a>'
            in french
        )
        english = client.get(reverse(name)).content.decode()
        assert f"Titre {kind}" not in english


def test_the_library_language_filter_finds_translated_resources(world, originals, client):
    _translate(world, originals["resource"], "resource")
    page = client.get(reverse("support:library") + "?language=fr").content.decode()
    assert "1 resource" in page


def test_a_private_partnerships_event_and_its_translations_stay_private(
    world, make_event, client, login
):
    event = make_event(partnership=world.partnership, actor=world.coordinator)
    save_translation(event, actor=world.coordinator, language="fr", texts=_texts("event"))
    detail = reverse("support:event_detail", args=[event.slug])
    new = reverse("support:event_translation_new", args=[event.slug])
    edit = reverse("support:event_translation", args=[event.slug, "fr"])
    assert client.get(f"{detail}?lang=fr").status_code == 404
    outsider = login(world.outsider)
    for url in (f"{detail}?lang=fr", new, edit):
        assert outsider.get(url).status_code == 404
    assert outsider.post(new, {"language": "de", **_texts("event")}).status_code == 404
    member = login(world.member)  # sees the event in the workspace, but does not organise it
    assert member.get(f"{detail}?lang=fr").status_code == 200
    assert member.get(new).status_code == 404 and member.get(edit).status_code == 404
    assert login(world.coordinator).get(edit).status_code == 200


def test_the_api_lists_translations_of_public_items_only(world, originals, client, make_event):
    for kind in KINDS:
        _translate(world, originals[kind], kind)
    for path, slug in [
        ("/api/v1/events/", originals["event"].slug),
        ("/api/v1/funding-calls/", originals["call"].slug),
        ("/api/v1/library/", originals["resource"].slug),
    ]:
        body = client.get(path).json()
        assert {"count", "next", "previous", "results"} <= set(body)  # the envelope stays
        found = next(r for r in body["results"] if r["slug"] == slug)
        assert found["translations"][0]["language"] == "fr"
        assert found["translations"][0]["title"] == "Titre français"
        assert client.get(f"{path}{slug}/").json()["translations"][0]["summary"].startswith("Rés")
    private = make_event(partnership=world.partnership, actor=world.coordinator, title="Hidden")
    save_translation(private, actor=world.coordinator, language="fr", texts=_texts("event"))
    assert client.get(f"/api/v1/events/{private.slug}/").status_code == 404


def test_the_event_list_costs_the_same_with_more_translated_events(
    world, make_event, client, count_queries
):
    url = reverse("support:event_list") + "?lang=fr"
    event = make_event(title="First")
    save_translation(event, actor=world.support, language="fr", texts=_texts("event"))
    one = count_queries(lambda: client.get(url))
    for n in range(4):
        more = make_event(title=f"More {n}")
        save_translation(more, actor=world.support, language="fr", texts=_texts("event"))
        save_translation(more, actor=world.support, language="de", texts=_texts("event"))
    assert count_queries(lambda: client.get(url)) == one


def test_an_event_and_a_call_are_written_in_any_content_language_and_no_other(world, login):
    from tests.support.conftest import call_data
    from tests.support.test_events import event_form

    client = login(world.support)
    response = client.post(reverse("support:event_create"), event_form(language="cnr"))
    assert response.status_code == 302
    assert Event.objects.get().language == "cnr"  # Montenegrin: no interface, a content language
    refused = client.post(reverse("support:event_create"), event_form(language="xx"))
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    call = {k: v for k, v in call_data(language="uk").items() if v is not None}
    call["members_only"] = ""
    assert client.post(reverse("support:funding_create"), call).status_code == 302
    assert FundingCall.objects.get().language == "uk"
    # Left out (an older client): English, as before languages were asked.
    assert (
        client.post(reverse("support:event_create"), event_form(title="Other")).status_code == 302
    )
    assert Event.objects.get(title="Other").language == "en"
