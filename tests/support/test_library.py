"""The resource library: staff and coordinators publish, everybody searches; files are checked on
the way in and served through the access module."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Commitment, Indicator, Target
from pact.models import AuditEntry
from pact.support.common import SupportError
from pact.support.library import services
from pact.support.models import Resource

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def resource_form(**extra) -> dict:
    data = {
        "publisher": "pact",
        "kind": "good_practice",
        "title": "KSIGune: a cooperation model for academia, business and administration",
        "summary": "The Basque cluster consulted 27 educational institutions.",
        "body": "**Forty** research projects funded.",
        "indicator": "",
        "link": "",
        "ecosystem": "cultural_creative",
        "language": "en",
        "published_on": "",
        "is_published": "on",
    }
    data.update(extra)
    return data


def publish(world, **extra) -> Resource:
    data = {
        "kind": "good_practice",
        "title": "B-MORE community consultation",
        "summary": "An industry-led partnership consulted the community.",
        "body": "",
        "ecosystem": "",
        "language": "en",
        "is_published": True,
    }
    data.update(extra)
    partnership = data.pop("partnership", None)
    return services.create_resource(actor=world.support, partnership=partnership, data=data)


def test_support_staff_publish_a_template_with_a_file_anyone_can_download(login, client, world):
    staff = login(world.support)
    upload = SimpleUploadedFile("Stakeholder map.pdf", PDF, content_type="application/pdf")
    response = staff.post(
        reverse("support:resource_create"),
        resource_form(kind="template", title="Stakeholder mapping template", upload=upload),
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.file.name.endswith("stakeholder-map.pdf") and resource.partnership is None
    assert AuditEntry.objects.filter(kind="pact.library.resource_published").exists()
    staff.logout()
    page = client.get(reverse("support:resource_detail", args=[resource.slug]))
    assert page.status_code == 200
    download = client.get(resource.file.url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF


def test_uploads_are_checked_by_their_content(login, world):
    staff = login(world.support)
    fake = SimpleUploadedFile(
        "template.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = staff.post(
        reverse("support:resource_create"), resource_form(kind="template", upload=fake)
    )
    assert response.status_code == 400 and "upload" in response.context["form"].errors
    svg = SimpleUploadedFile(
        "x.svg", b"<svg onload='alert(1)'></svg>", content_type="image/svg+xml"
    )
    response = staff.post(reverse("support:resource_create"), resource_form(upload=svg))
    assert response.status_code == 400 and "upload" in response.context["form"].errors
    assert response.context["form"].data["title"].startswith("KSIGune")
    assert not Resource.objects.exists()


def test_a_kpi_example_names_its_indicator_and_shows_its_real_uses(login, client, world):
    indicator = Indicator.objects.get(code="projects-funded")
    response = login(world.support).post(
        reverse("support:resource_create"), resource_form(kind="kpi_example")
    )
    assert response.status_code == 400 and "indicator" in response.context["form"].errors
    resource = publish(world, kind="kpi_example", indicator=indicator, title="15 projects funded")
    current = Commitment.objects.create(organisation=world.member_org, title="P", is_current=True)
    old = Commitment.objects.create(organisation=world.member_org, title="Q", is_current=False)
    for commitment in (current, current, old):
        Target.objects.create(
            commitment=commitment,
            indicator=indicator,
            unit=indicator.unit,
            target_value=15,
            target_date="2027-12-31",
        )
    client.logout()
    page = client.get(reverse("support:resource_detail", args=[resource.slug]))
    assert page.context["indicator_uses"] == 2
    listing = client.get(reverse("support:library"), {"indicator": "projects-funded"})
    assert [(r.title, r.indicator_uses) for r in listing.context["page"]] == [
        ("15 projects funded", 2)
    ]


def test_the_library_searches_full_text_and_filters(client, world, settings):
    settings.PAGE_CACHE_ENABLED = False  # reads the view's context, which a stored page has not
    publish(world, title="KSIGune cooperation model", summary="Academia and business together.")
    publish(world, title="Tourism regional partnerships", kind="report", ecosystem="tourism")
    publish(world, title="Unpublished draft", is_published=False)

    def titles(**params) -> list[str]:
        return [r.title for r in client.get(reverse("support:library"), params).context["page"]]

    assert titles(q="academ busi") == ["KSIGune cooperation model"]
    assert titles(kind="report") == ["Tourism regional partnerships"]
    assert titles(ecosystem="tourism") == ["Tourism regional partnerships"]
    assert "Unpublished draft" not in titles()
    kinds = {
        k["value"]: k["count"] for k in client.get(reverse("support:library")).context["kinds"]
    }
    assert kinds["good_practice"] == 1 and kinds["report"] == 1
    partial = client.get(reverse("support:library"), {"q": "tourism"}, HTTP_HX_REQUEST="true")
    assert partial.templates[0].name == "support/_library_results.html"


def test_coordinators_publish_for_their_partnership_only(login, world):
    client = login(world.coordinator)
    page = client.get(reverse("support:resource_create"))
    choices = dict(page.context["form"].fields["publisher"].choices)
    assert choices == {str(world.partnership.pk): world.partnership.name}
    response = client.post(
        reverse("support:resource_create"),
        resource_form(publisher=str(world.partnership.pk), is_published=""),
    )
    assert response.status_code == 302
    draft = Resource.objects.get()
    assert draft.partnership == world.partnership and not draft.is_published
    response = client.post(reverse("support:resource_create"), resource_form(publisher="pact"))
    assert response.status_code == 400
    for user in (world.member, world.outsider, world.reviewer):
        assert login(user).get(reverse("support:resource_create")).status_code == 404
        assert (
            login(user).get(reverse("support:resource_detail", args=[draft.slug])).status_code
            == 404
        )
    with pytest.raises(SupportError):
        services.create_resource(
            actor=world.member, partnership=world.partnership, data=resource_form()
        )


def test_a_draft_file_is_served_only_to_those_who_may_publish_it(login, client, world):
    upload = SimpleUploadedFile("draft.pdf", PDF, content_type="application/pdf")
    response = login(world.coordinator).post(
        reverse("support:resource_create"),
        resource_form(
            publisher=str(world.partnership.pk), kind="template", upload=upload, is_published=""
        ),
    )
    assert response.status_code == 302
    url = Resource.objects.get().file.url
    assert login(world.coordinator).get(url).status_code == 200
    assert login(world.member).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_editing_with_a_stale_version_is_refused(login, world):
    resource = publish(world)
    old = resource.lock_version
    client = login(world.support)
    edit = reverse("support:resource_edit", args=[resource.slug])
    data = resource_form(title="First", lock_version=old)
    data.pop("publisher")
    assert client.post(edit, data).status_code == 302
    data = resource_form(title="Second", lock_version=old)
    data.pop("publisher")
    response = client.post(edit, data)
    assert response.status_code == 400
    assert "Someone else saved" in str(response.context["form"].non_field_errors())
    resource.refresh_from_db()
    assert resource.title == "First"


def test_unpublishing_is_audited(login, world):
    resource = publish(world)
    data = resource_form(is_published="", lock_version=resource.lock_version)
    data.pop("publisher")
    login(world.support).post(reverse("support:resource_edit", args=[resource.slug]), data)
    resource.refresh_from_db()
    assert not resource.is_published
    assert AuditEntry.objects.filter(kind="pact.library.resource_unpublished").exists()
