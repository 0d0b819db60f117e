"""The survey's API: surveys and questions public, your own answers read and written with a token."""

from __future__ import annotations

from decimal import Decimal

from rest_framework.test import APIClient

from commitments.survey.models import ResponseStatus, SurveyAnswer, SurveyResponse
from pact.kernel.api.auth import create_token


def token_client(user, scope: str = "write") -> APIClient:
    _token, raw = create_token(user, "survey", scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_surveys_and_their_questions_are_public_with_texts_per_language(scene):
    client = APIClient()
    listed = client.get("/api/v1/surveys/").json()
    years = [s["year"] for s in listed["results"]]
    assert 2026 in years and 2022 in years
    detail = client.get("/api/v1/surveys/2026/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert detail["title"] == {
        "text": "Enquête 2026 auprès des membres",
        "language": "fr",
        "original_language": "en",
        "texts": {"en": "Members' survey 2026", "fr": "Enquête 2026 auprès des membres"},
    }
    assert detail["provisional"] is True
    choice = next(q for q in detail["questions"] if q["id"] == scene.choice.pk)
    assert choice["options"] == [{"key": "1", "label": "Oui"}, {"key": "2", "label": "Non"}]
    people = next(q for q in detail["questions"] if q["id"] == scene.people.pk)
    assert people["unit"] == "persons" and "women" in people["breakdowns"]
    assert client.get("/api/v1/surveys/2022/").json()["source"] == "published"


def test_an_organisation_writes_its_answers_with_a_token_naming_the_version_it_read(scene):
    client = token_client(scene.world.member)
    body = {
        "survey": 2026,
        "organisation": scene.world.member_org.slug,
        "answers": [
            {
                "question": scene.people.pk,
                "number": "40",
                "women": "25",
                "by_country": {"BE": "40"},
            },
            {"question": scene.choice.pk, "choice": "1"},
        ],
    }
    created = client.post(
        "/api/v1/survey-responses/", body, format="json", HTTP_X_IDEMPOTENCY_KEY="first-save"
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    etag = created["ETag"]
    # A retry sends the same body (another body under the same key is a 409).
    again = client.post(
        "/api/v1/survey-responses/", body, format="json", HTTP_X_IDEMPOTENCY_KEY="first-save"
    )
    assert again["Idempotent-Replayed"] == "true" and SurveyResponse.objects.count() == 1
    assert (
        client.patch(f"/api/v1/survey-responses/{pk}/", {"answers": []}, format="json").status_code
        == 428
    )
    stale = client.patch(
        f"/api/v1/survey-responses/{pk}/", {"answers": []}, format="json", HTTP_IF_MATCH=f'"{pk}-0"'
    )
    assert stale.status_code == 412
    bad = client.patch(
        f"/api/v1/survey-responses/{pk}/",
        {"answers": [{"question": scene.people.pk, "number": "40", "women": "41"}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][f"q{scene.people.pk}_women"] == [
        "The breakdown adds up to more than the total (40)."
    ]
    changed = client.patch(
        f"/api/v1/survey-responses/{pk}/",
        {"answers": [{"question": scene.people.pk, "number": "45"}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert changed.status_code == 200
    submitted = client.post(f"/api/v1/survey-responses/{pk}/submit/", HTTP_IF_MATCH=changed["ETag"])
    assert submitted.status_code == 200 and submitted.json()["status"] == ResponseStatus.SUBMITTED
    assert SurveyAnswer.objects.get(question=scene.people).number == Decimal(45)
    assert SurveyAnswer.objects.get(question=scene.choice).choice == "1"  # left as it was


def test_answers_are_private_to_the_organisation_and_staff(scene):
    client = token_client(scene.world.member)
    pk = client.post(
        "/api/v1/survey-responses/",
        {"survey": 2026, "organisation": scene.world.member_org.slug},
        format="json",
    ).json()["id"]
    assert APIClient().get("/api/v1/survey-responses/").status_code == 401
    outsider = token_client(scene.world.outsider)
    assert outsider.get(f"/api/v1/survey-responses/{pk}/").status_code == 404
    assert outsider.get("/api/v1/survey-responses/").json()["count"] == 0
    assert (
        outsider.post(
            "/api/v1/survey-responses/",
            {"survey": 2026, "organisation": scene.world.member_org.slug},
            format="json",
        ).status_code
        == 404
    )
    read_only = token_client(scene.world.member, scope="read")
    assert read_only.get(f"/api/v1/survey-responses/{pk}/").status_code == 200
    assert (
        read_only.post(
            f"/api/v1/survey-responses/{pk}/submit/", HTTP_IF_MATCH=f'"{pk}-1"'
        ).status_code
        == 403
    )
    assert (
        token_client(scene.world.reviewer).get(f"/api/v1/survey-responses/{pk}/").status_code == 200
    )
    second = client.post(
        "/api/v1/survey-responses/",
        {"survey": 2026, "organisation": scene.world.member_org.slug},
        format="json",
    )
    assert second.status_code == 409


def test_a_pending_organisation_s_slug_is_answered_like_an_unknown_one(scene):
    from tests.factories import make_organisation

    pending = make_organisation("Pending Survey Applicant", status="pending")
    client = token_client(scene.world.outsider)
    answers = [
        client.post(
            "/api/v1/survey-responses/", {"survey": 2026, "organisation": slug}, format="json"
        )
        for slug in (pending.slug, "no-such-organisation", scene.world.member_org.slug)
    ]
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert not SurveyResponse.objects.exists()
