"""Demo news from the Pact's own documents, a newsletter draft, subscribers and a few notifications."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from pact.communications.models import (
    NewsItem,
    Newsletter,
    NewsletterSubscription,
    NewsStatus,
    Notification,
    NotificationCategory,
    SubscriptionStatus,
)

STAFF = "admin@pact-portal.example"

# slug: title, summary, body, owner partnership slug (None: Pact news), related, ecosystems,
# author, date (a date, or days before today for the recent ones), status
DEMO_NEWS: dict[str, dict] = {
    "western-balkans-rsp-creative-learning": {
        "title": "New Western Balkans Regional Skills Partnership promotes cultural and creative learning",
        "summary": (
            "The Regional Skills Partnership for the Western Balkans supports collaboration in the "
            "cultural and creative industries, helping to address skills gaps and drive recovery."
        ),
        "body": (
            "The new Pact for Skills Regional Skills Partnership aims to create an environment where "
            "creative industries can thrive in the Western Balkans, providing tools for people to "
            "improve their creative skills, and celebrating the region's rich culture.\n\n"
            "## Commitments\n\n"
            "- a HUB for the region's creative and cultural institutions;\n"
            "- 10 upskilling opportunities;\n"
            "- 30 organisations participating, including 10 faculties;\n"
            "- 15 projects supported to gain EU funding.\n\n"
            "The Partnership follows the Growth Plan for the Western Balkans, launched by the "
            "European Commission in November 2023."
        ),
        "partnership": "western-balkans",
        "related": [],
        "ecosystems": ["cultural_creative"],
        "author": STAFF,
        "date": dt.date(2025, 2, 19),
    },
    "lifelong-learning-mobility-rsp-launched": {
        "title": "Regional Skills Partnerships for Lifelong Learning Mobility launched",
        "summary": (
            "Led by EARLALL, the partnership aims to have 20% of VET learners on mobility by 2030 "
            "and to reserve 20% of mobilities for people with fewer opportunities."
        ),
        "body": (
            "Local and regional authorities play an essential role in driving learner mobility. "
            "The Partnership will implement policies and initiatives that support educational "
            "exchanges within and between regions, and promote the recognition of qualifications "
            "and experience obtained abroad.\n\n"
            "Its activities include webinars, matchmaking events and a mobility matchmaking tool."
        ),
        "partnership": "lll-mobility",
        "related": [],
        "ecosystems": ["proximity_social"],
        "author": "coordinator@earlall.example",
        "date": dt.date(2024, 9, 17),
    },
    "peer-learning-establishing-rsps": {
        "title": "Peer learning: establishing Regional Skills Partnerships",
        "summary": (
            "Lessons learnt and success stories from Lombardy, the European Chemical Regions "
            "Network, ProMIS, B-MORE, KSIGune and the Tourism partnership."
        ),
        "body": (
            "The Commission organised a Peer Learning Activity on 10 October 2024 for Pact members "
            "to share practices on Regional Skills Partnerships.\n\n"
            "Defining clear objectives and commitments, and creating a space for mutual learning, "
            "stand out as key elements for partnerships to have a tangible impact at regional level. "
            "Areas for further action include stronger public authority and SME involvement, more "
            "mutual learning between regional and large-scale partnerships, and a shared set of "
            "indicators for monitoring."
        ),
        "partnership": None,
        "related": ["lombardy", "ecrn", "promis", "b-more", "ksigune", "tourism-lsp"],
        "ecosystems": ["tourism", "energy_intensive"],
        "author": STAFF,
        "date": dt.date(2024, 10, 10),
    },
    "saccord-local-ecosystem-pilots": {
        "title": "Four Local Ecosystem Partnership pilots for the creative sector",
        "summary": (
            "Upper Austria, Amsterdam, Prague and Matera pilot the Local Ecosystem Partnership "
            "model developed under the Creative Large-Scale Partnership."
        ),
        "body": (
            "The pilots follow three phases: capacity building and mapping of local stakeholders; "
            "awareness raising and relationship building; network building and collaboration.\n\n"
            "All four pilots run in parallel and share their key learnings in a monthly meeting. "
            "The learnings feed a refined model and a playbook for local skills ecosystems in the "
            "cultural and creative sectors."
        ),
        "partnership": "creative-lsp",
        "related": ["lep-upper-austria", "lep-amsterdam", "lep-prague", "lep-matera"],
        "ecosystems": ["cultural_creative"],
        "author": "coordinator@creative-lsp.example",
        "date": dt.date(2024, 12, 23),
    },
    "reporting-window-how-to-prepare": {
        "title": "Yearly reporting: how to prepare your figures",
        "summary": (
            "The reporting window opens soon. Gather, per target, the value your organisation "
            "achieved last year, a short narrative and links to evidence."
        ),
        "body": (
            "Once a year Pact members report progress on their commitments. The totals published "
            "for the Pact are sums of validated reports, so every figure can be traced back.\n\n"
            "- Report per target: people upskilled, programmes, organisations, investment...\n"
            "- Add a short narrative and evidence links.\n"
            "- Late reports are flagged, not lost."
        ),
        "partnership": None,
        "related": [],
        "ecosystems": [],
        "author": STAFF,
        "date": 12,
    },
    "members-delivering-results": {
        "title": "Pact members are delivering",
        "summary": (
            "In the last survey members reported 3.5 million people trained, 48,000 training "
            "programmes and EUR 310 million invested in up- and reskilling."
        ),
        "body": (
            "The figures come from the yearly survey of Pact members: 745 respondents for 2023, "
            "up from 461 for 2022.\n\n"
            "The portal now gathers these figures per commitment and target, so that the results "
            "page can show where each total comes from."
        ),
        "partnership": None,
        "related": [],
        "ecosystems": [],
        "author": STAFF,
        "date": 30,
    },
    "matera-lep-first-workshop": {
        "title": "Matera LEP: first co-design workshop",
        "summary": "A draft written by the Creative partnership's coordinator, not published yet.",
        "body": "Stakeholders from Basilicata met to map training needs in the creative sector.",
        "partnership": "creative-lsp",
        "related": ["lep-matera"],
        "ecosystems": ["cultural_creative"],
        "author": "coordinator@creative-lsp.example",
        "date": None,
        "status": NewsStatus.DRAFT,
    },
}

DEMO_NOTIFICATIONS = [
    (
        "coordinator@earlall.example",
        NotificationCategory.REVIEWS,
        "declaration.approved",
        "The declaration of Regional Skills Partnerships for Lifelong Learning Mobility is approved",
        "/partnerships/lll-mobility/",
        True,
    ),
    (
        "coordinator@earlall.example",
        NotificationCategory.SIGNATURES,
        "declaration.signature_answered",
        "Fundació Bosch i Gimpera signed the declaration",
        "/partnerships/lll-mobility/",
        False,
    ),
    (
        "coordinator@earlall.example",
        NotificationCategory.REPORTING,
        "reminder.before_close",
        "Reporting closes in 7 days: report your organisation's progress",
        "/reporting/",
        False,
    ),
    (
        "member@catalunya.example",
        NotificationCategory.INVITATIONS,
        "partnership.invitation",
        "Invitation to join the Regional Skills Partnerships for Lifelong Learning Mobility",
        "/partnerships/lll-mobility/",
        False,
    ),
]


def _date(value) -> dt.date | None:
    if isinstance(value, int):
        return timezone.localdate() - dt.timedelta(days=value)
    return value


@transaction.atomic
def seed(users: dict, organisations: dict, partnerships: dict) -> list[NewsItem]:
    """Create the demo news, newsletter, subscribers and notifications once."""
    items: list[NewsItem] = []
    for slug, row in DEMO_NEWS.items():
        owner = partnerships.get(row["partnership"]) if row["partnership"] else None
        if row["partnership"] and owner is None:
            continue
        status = row.get("status", NewsStatus.PUBLISHED)
        day = _date(row["date"])
        published_at = (
            timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
            if status == NewsStatus.PUBLISHED and day
            else None
        )
        item, created = NewsItem.objects.get_or_create(
            slug=slug,
            defaults={
                "title": row["title"],
                "summary": row["summary"],
                "body": row["body"],
                "language": "en",
                "published_on": day,
                "published_at": published_at,
                "status": status,
                "partnership": owner,
                "ecosystems": row["ecosystems"],
                "author": users.get(row["author"]),
            },
        )
        if created:
            related = [partnerships[s] for s in row["related"] if s in partnerships]
            item.related_partnerships.set([*related, *([owner] if owner else [])])
        items.append(item)

    recent = [
        i
        for i in items
        if i.slug in ("reporting-window-how-to-prepare", "members-delivering-results")
    ]
    if recent and not Newsletter.objects.exists():
        newsletter = Newsletter.objects.create(
            subject="Pact for Skills news: reporting and results",
            introduction="Dear members and supporters,\n\nhere is what happened in the Pact lately.",
            created_by=users.get(STAFF),
        )
        newsletter.news_items.set(recent)

    now = timezone.now()
    for email in ("supporter@pact-portal.example", "member@catalunya.example"):
        user = users.get(email)
        NewsletterSubscription.objects.get_or_create(
            email=email,
            defaults={
                "user": user,
                "status": SubscriptionStatus.CONFIRMED,
                "confirmed_at": now,
                "language": getattr(user, "language", "en"),
            },
        )
    NewsletterSubscription.objects.get_or_create(
        email="reader@skills-observatory.example",
        defaults={"status": SubscriptionStatus.CONFIRMED, "confirmed_at": now},
    )

    for n, (email, category, kind, title, link, read) in enumerate(DEMO_NOTIFICATIONS):
        user = users.get(email)
        if user is None:
            continue
        Notification.objects.get_or_create(
            dedupe_key=f"demo:{n}:{user.pk}",
            defaults={
                "user": user,
                "category": category,
                "kind": kind,
                "title": title,
                "link": link,
                "created_at": now - dt.timedelta(hours=5 * (n + 1)),
                "read_at": now if read else None,
            },
        )
    return items
