"""News: staff write Pact news, coordinators their active partnership's news; drafts stay private."""

import pytest
from django.urls import reverse

from pact.communications.models import NewsItem
from pact.communications.news import services
from pact.models import AuditEntry
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db


def news_data(**extra):
    data = {
        "title": "Western Balkans partnership launched",
        "summary": "A new Regional Skills Partnership for the creative industries.",
        "body": "The partnership **promotes** creative learning.\n\n<script>alert(1)</script>",
        "language": "en",
        "published_on": "",
        "ecosystems": ["cultural_creative"],
    }
    data.update(extra)
    return data


@pytest.fixture
def active(world):
    """An active partnership coordinated by the world's coordinator organisation."""
    return make_partnership(world.coordinator_org, members=(world.member_org,), name="Active RSP")


def test_staff_write_a_draft_and_publish_it(login, world):
    client = login(world.reviewer)
    response = client.post(
        reverse("communications:news_create"), {**news_data(), "publisher": "pact"}
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.status == "draft" and item.partnership is None and item.author == world.reviewer
    assert client.get(reverse("communications:news_list")).context["page"].paginator.count == 0
    client.post(reverse("communications:news_publish", args=[item.slug]))
    item.refresh_from_db()
    assert item.status == "published" and item.published_on is not None
    kinds = set(AuditEntry.objects.values_list("kind", flat=True))
    assert {"pact.news.created", "pact.news.published"} <= kinds


def test_the_body_is_rendered_as_sanitised_markdown(client, world):
    item = services.create_news(actor=world.admin, partnership=None, **_kwargs())
    services.publish_news(item, actor=world.admin)
    response = client.get(item.get_absolute_url())
    assert b"<strong>promotes</strong>" in response.content
    assert b"<script>alert(1)</script>" not in response.content


def _kwargs(**extra):
    data = news_data(**extra)
    data.pop("published_on")
    return data


def test_a_coordinator_writes_news_for_an_active_partnership(login, world, active):
    client = login(world.coordinator)
    page = client.get(reverse("communications:news_create"))
    assert page.status_code == 200
    choices = dict(page.context["form"].fields["publisher"].choices)
    assert str(active.pk) in choices and "pact" not in choices
    assert str(world.partnership.pk) not in choices  # still a draft partnership
    response = client.post(
        reverse("communications:news_create"), {**news_data(), "publisher": str(active.pk)}
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.partnership == active
    assert list(item.related_partnerships.all()) == [active]


def test_a_coordinator_cannot_publish_as_the_pact_or_for_another_partnership(login, world, active):
    other = make_partnership(world.outsider_org, name="Someone else's RSP")
    client = login(world.coordinator)
    for publisher in ("pact", str(other.pk), str(world.partnership.pk)):
        response = client.post(
            reverse("communications:news_create"), {**news_data(), "publisher": publisher}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["publisher"]
    assert not NewsItem.objects.exists()


def test_people_who_cannot_write_news_get_404(login, world):
    # The coordinator's only partnership is a draft; members and outsiders never write news.
    for person in (world.coordinator, world.member, world.outsider):
        client = login(person)
        assert client.get(reverse("communications:news_create")).status_code == 404
        assert client.get(reverse("communications:news_mine")).status_code == 404


def test_the_service_refuses_a_member(world, active):
    with pytest.raises(services.NewsError):
        services.create_news(actor=world.member, partnership=active, **_kwargs())


def test_drafts_are_404_to_everyone_but_their_editors(client, login, world, active):
    item = services.create_news(actor=world.coordinator, partnership=active, **_kwargs())
    url = item.get_absolute_url()
    assert client.get(url).status_code == 404
    for outsider in (world.outsider, world.member, world.contributor):
        assert login(outsider).get(url).status_code == 404
        assert (
            login(outsider).get(reverse("communications:news_edit", args=[item.slug])).status_code
            == 404
        )
        assert (
            login(outsider)
            .post(reverse("communications:news_publish", args=[item.slug]))
            .status_code
            == 404
        )
    for editor in (world.coordinator, world.reviewer, world.admin):
        assert login(editor).get(url).status_code == 200
    item.refresh_from_db()
    assert item.status == "draft"


def test_a_published_item_of_a_partnership_that_is_no_longer_public_disappears(
    client, world, active
):
    item = services.create_news(actor=world.coordinator, partnership=active, **_kwargs())
    services.publish_news(item, actor=world.coordinator)
    assert client.get(item.get_absolute_url()).status_code == 200
    active.status = "under_review"
    active.save()
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(reverse("communications:news_list")).context["page"].paginator.count == 0


def test_the_list_filters_by_ecosystem_partnership_and_language(client, world, active):
    a = services.create_news(actor=world.admin, partnership=None, **_kwargs(title="Tourism"))
    a.ecosystems = ["tourism"]
    a.save()
    b = services.create_news(actor=world.coordinator, partnership=active, **_kwargs(title="RSP"))
    c = services.create_news(
        actor=world.admin, partnership=None, **_kwargs(title="Auf Deutsch", language="de")
    )
    for item in (a, b, c):
        services.publish_news(item, actor=world.admin)

    def titles(**params):
        response = client.get(reverse("communications:news_list"), params)
        assert response.status_code == 200
        return {i.title for i in response.context["page"].object_list}

    assert titles() == {"Tourism", "RSP", "Auf Deutsch"}
    assert titles(ecosystem="tourism") == {"Tourism"}
    assert titles(partnership=active.slug) == {"RSP"}
    assert titles(language="de") == {"Auf Deutsch"}
    assert (
        client.get(reverse("communications:news_list"), {"partnership": world.partnership.slug})
        .context["page"]
        .paginator.count
        == 3
    )
    assert (
        client.get(reverse("communications:partnership_news", args=[active.slug])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("communications:partnership_news", args=[world.partnership.slug])
        ).status_code
        == 404
    )


def test_the_htmx_request_gets_only_the_results(client, world):
    response = client.get(reverse("communications:news_list"), HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content
    assert b"news item" in response.content


def test_the_list_has_a_constant_query_count(client, world, active, django_assert_max_num_queries):
    for n in range(3):
        item = services.create_news(
            actor=world.coordinator, partnership=active, **_kwargs(title=f"N{n}")
        )
        services.publish_news(item, actor=world.coordinator)
    client.get(reverse("communications:news_list"))
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("communications:news_list"))
    for n in range(15):
        item = services.create_news(actor=world.admin, partnership=None, **_kwargs(title=f"M{n}"))
        services.publish_news(item, actor=world.admin)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("communications:news_list"))


def test_a_concurrent_edit_is_refused_and_the_text_kept(login, world):
    item = services.create_news(actor=world.admin, partnership=None, **_kwargs())
    client = login(world.admin)
    form = client.get(reverse("communications:news_edit", args=[item.slug])).context["form"]
    stale_version = form.initial["lock_version"]
    services.update_news(
        item,
        actor=world.reviewer,
        lock_version=item.lock_version,
        title="Changed by a colleague",
        summary=item.summary,
        body=item.body,
        language="en",
        published_on=None,
        ecosystems=[],
        related_partnerships=[],
    )
    response = client.post(
        reverse("communications:news_edit", args=[item.slug]),
        {**news_data(title="My own title"), "lock_version": stale_version},
    )
    assert response.status_code == 200
    assert "Someone else changed" in str(response.context["form"].non_field_errors())
    assert b"My own title" in response.content
    item.refresh_from_db()
    assert item.title == "Changed by a colleague"


def test_bad_input_keeps_what_was_typed(login, world):
    response = login(world.admin).post(
        reverse("communications:news_create"), {**news_data(title=""), "publisher": "pact"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert b"A new Regional Skills Partnership" in response.content


def test_unpublish_and_delete(login, world):
    item = services.create_news(actor=world.admin, partnership=None, **_kwargs())
    services.publish_news(item, actor=world.admin)
    with pytest.raises(services.NewsError):
        services.delete_news(item, actor=world.admin)
    client = login(world.admin)
    client.post(reverse("communications:news_unpublish", args=[item.slug]))
    item.refresh_from_db()
    assert item.status == "draft"
    assert client.get(reverse("communications:news_delete", args=[item.slug])).status_code == 200
    client.post(reverse("communications:news_delete", args=[item.slug]))
    assert not NewsItem.objects.exists()
    assert AuditEntry.objects.filter(kind="pact.news.deleted").exists()


def test_slugs_never_shadow_the_news_pages(world):
    item = services.create_news(actor=world.admin, partnership=None, **_kwargs(title="Write"))
    assert item.slug != "write"
    again = services.create_news(actor=world.admin, partnership=None, **_kwargs(title="Write"))
    assert again.slug not in {"write", item.slug}


def test_a_staff_member_without_mfa_cannot_write_pact_news(login):
    staff = make_user(staff_role="reviewer", mfa=False)
    make_organisation(admin=make_user())
    assert login(staff).get(reverse("communications:news_create")).status_code == 404


def test_the_partnership_page_shows_its_news_and_a_write_link_for_its_coordinator(
    client, login, world, active
):
    item = services.create_news(actor=world.coordinator, partnership=active, **_kwargs())
    draft = services.create_news(
        actor=world.coordinator, partnership=active, **_kwargs(title="Unpublished plan")
    )
    services.publish_news(item, actor=world.coordinator)
    url = reverse("partnerships:detail", args=[active.slug])
    page = client.get(url).content.decode()
    assert item.get_absolute_url() in page and draft.title not in page
    assert reverse("communications:feed_partnership_news", args=[active.slug]) in page
    assert "Write news for this partnership" not in page
    page = login(world.coordinator).get(url).content.decode()
    assert "Write news for this partnership" in page
