"""Known data the benchmark measures against, on top of the synthetic data set of ``seed_scale``.

Everything here carries the synthetic markers (slug ``scale-...``, address
``scale-...@scale.example``) so ``seed_scale --reset`` removes it with the rest. Rows are created
in bulk with the ORM, walking declarations along the workflow the database triggers allow.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify

from commitments.models import (
    Commitment,
    Indicator,
    ProgressReport,
    ReminderKind,
    ReportingCycle,
    Target,
)
from commitments.monitoring import reminders
from commitments.reporting import selectors
from members.common import refresh_search_vectors
from members.models import Organisation, OrganisationMembership
from pact.management.scale.bulk import Copier, reserve_ids
from pact.management.scale.maintenance import reset
from pact.management.scale.people import PERSON_EMAIL, ensure_people
from pact.management.scale.words import EMAIL_DOMAIN, SLUG_PREFIX
from pact.models import User
from partnerships.common import refresh_search_vector
from partnerships.declarations import drafting as declaration_drafting
from partnerships.models import DeclarationVersion, Partnership, PartnershipMembership, Signature

STAFF_EMAIL = f"{SLUG_PREFIX}staff@{EMAIL_DOMAIN}"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def slug(name: str) -> str:
    return f"{SLUG_PREFIX}bench-{slugify(name)[:90]}"


def person(email: str, **extra: Any):
    """A person with a verified address (created once, reused by later runs)."""
    user, created = User.objects.get_or_create(email=email, defaults=extra)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def staff_user():
    """A Commission administrator with TOTP turned on, as staff must have."""
    user = person(STAFF_EMAIL, full_name="Bench Staff", staff_role="admin")
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


def session_cookie(user) -> str:
    """A signed-in session for ``user``, created programmatically (no password, no TOTP prompt)
    and recorded as allauth records a sign-in (the password, then the authenticator of people
    who have one), so staff pages see the multi-factor sign-in they require."""
    client = Client()
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    record_authentication(request, user, "password")
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
    request.session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def signed_in_client(user) -> Client:
    """A test client with ``session_cookie(user)``: in-process measures see what servers see."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie(user)
    return client


def organisation(name: str, *, admin=None, country: str = "BE", **extra: Any):
    org = Organisation.objects.create(
        name=name,
        slug=slug(name),
        type=extra.pop("type", "education_provider"),
        country=country,
        contact_name="Bench Contact",
        contact_email="contact@bench.example",
        status="active",
        decided_at=timezone.now(),
        charter_version=settings.CHARTER_VERSION,
        charter_accepted_at=timezone.now(),
        description=extra.pop("description", f"{name}: an organisation of the benchmark."),
        **extra,
    )
    if admin is not None:
        OrganisationMembership.objects.create(organisation=org, user=admin, role="admin")
    return org


def closed_cycles(n: int) -> list:
    return list(
        ReportingCycle.objects.filter(status=ReportingCycle.Status.CLOSED).order_by("-year")[:n]
    )


def open_cycle():
    cycle = ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN).first()
    if cycle is None:
        raise RuntimeError("No open reporting cycle: seed_scale creates one when none is open.")
    return cycle


@dataclass
class BuiltPartnership:
    partnership: Any
    version: Any
    commitments: list
    targets: list


def partnership_with_declaration(
    name: str,
    *,
    coordinator,
    members: list,
    n_commitments: int,
    targets_per: int = 1,
    report_cycles: int = 3,
    country: str = "BE",
) -> BuiltPartnership:
    """An active partnership with an approved declaration, its commitments, targets, signatures
    and validated reports in the last ``report_cycles`` closed cycles."""
    orgs = [coordinator, *members]
    partnership = Partnership.objects.create(
        name=name,
        slug=slug(name),
        acronym="".join(w[0] for w in name.split() if w[:1].isalpha()).upper()[:10],
        kind="rsp",
        ecosystem="digital",
        shape="single_region",
        countries=[country],
        summary=f"{name} closes the digital skills gaps of its region, with {len(orgs)} members.",
        status="active",
        stage="delivery",
        launched_on=date(2023, 3, 1),
        coordinator=coordinator,
        member_count=len(orgs),
    )
    PartnershipMembership.objects.bulk_create(
        [
            PartnershipMembership(
                partnership=partnership,
                organisation=org,
                role="coordinator" if i == 0 else "member",
            )
            for i, org in enumerate(orgs)
        ]
    )
    version = DeclarationVersion.objects.create(
        partnership=partnership,
        number=1,
        challenges="Shortage of digital skills in small firms; low adult participation in training.",
        objectives="Upskill 5,000 workers by 2030; update 40 training programmes; map skills needs.",
        ambition="A region where every worker can learn the digital skills their job needs.",
        governance_coordination="The coordinator runs a secretariat and a steering group.",
        governance_decision_making="Consensus of the steering group, otherwise simple majority.",
        governance_monitoring="Members report yearly on their targets; results are published.",
    )
    commitments = Commitment.objects.bulk_create(
        [
            Commitment(
                partnership=partnership,
                declaration_version=version,
                title=f"Commitment {k + 1}: digital upskilling action {k + 1} of {name}",
                description="Courses, bootcamps and train-the-trainer sessions with yearly milestones.",
                position=k + 1,
            )
            for k in range(n_commitments)
        ]
    )
    through = Commitment.responsible_organisations.through
    through.objects.bulk_create(
        [
            through(commitment_id=c.pk, organisation_id=orgs[k % len(orgs)].pk)
            for k, c in enumerate(commitments)
        ]
    )
    indicators = list(Indicator.objects.filter(aggregation="sum").order_by("position")[:6])
    targets = Target.objects.bulk_create(
        [
            Target(
                commitment=c,
                indicator=indicators[(k + j) % len(indicators)],
                unit=indicators[(k + j) % len(indicators)].unit,
                baseline=Decimal(0),
                target_value=Decimal(100 * (k + 1)),
                target_date=date(2030, 12, 31),
                description="counted from training records",
                position=j + 1,
            )
            for k, c in enumerate(commitments)
            for j in range(targets_per)
        ]
    )
    version.content_hash = declaration_drafting.compute_content_hash(version)
    DeclarationVersion.objects.filter(pk=version.pk).update(content_hash=version.content_hash)
    now = timezone.now()
    for status in ("submitted", "in_review", "approved"):
        DeclarationVersion.objects.filter(pk=version.pk).update(
            status=status, submitted_at=now, decided_at=now
        )
    Commitment.objects.filter(declaration_version=version).update(is_current=True)
    version.refresh_from_db()
    Signature.objects.bulk_create(
        [
            Signature(
                version=version,
                organisation=org,
                status="signed",
                answered_at=now,
                signed_content_hash=version.content_hash,
            )
            for org in orgs
        ]
    )
    reports = []
    for cycle in closed_cycles(report_cycles):
        for k, target in enumerate(targets):
            reporter = orgs[(k // targets_per) % len(orgs)]
            reports.append(
                ProgressReport(
                    target=target,
                    organisation=reporter,
                    cycle=cycle,
                    value=Decimal(10 + (k * 7 + cycle.year) % 40),
                    narrative="Delivered as planned.",
                    status="validated",
                    submitted_at=now,
                    validated_at=now,
                )
            )
    ProgressReport.objects.bulk_create(reports)
    return BuiltPartnership(partnership, version, commitments, targets)


def refresh_search(partnership_ids: list[int], organisation_ids: list[int]) -> None:
    refresh_search_vectors(organisation_ids)
    refresh_search_vector(partnership_ids)


def clear() -> dict[str, int]:
    """Remove the fixtures of an earlier run (organisations and partnerships ``scale-bench-...``
    with all that hangs off them); the people stay and are reused."""
    return reset(f"{SLUG_PREFIX}bench-", people=False)


@dataclass
class QueryFixtures:
    """Pages and filters that show one row, and the same pages showing fifty."""

    small_partnership: str
    large_partnership: str
    small_organisation: str
    large_organisation: str
    word_one: str = "benchsolo"
    word_many: str = "benchmany"


@transaction.atomic
def query_fixtures() -> QueryFixtures:
    """One partnership and organisation named "Benchsolo ..." and fifty named "Benchmany ...";
    a partnership with one member and one commitment, and one with fifty of each."""
    solo_org = organisation("Benchsolo Vocational College")
    many_orgs = [organisation(f"Benchmany Training Centre {k:02d}") for k in range(50)]
    small = partnership_with_declaration(
        "Benchsolo Regional Skills Partnership",
        coordinator=solo_org,
        members=[],
        n_commitments=1,
    )
    large = partnership_with_declaration(
        "Benchmany Regional Skills Partnership 00",
        coordinator=many_orgs[0],
        members=[*many_orgs[1:], solo_org],
        n_commitments=50,
    )
    others = [
        partnership_with_declaration(
            f"Benchmany Regional Skills Partnership {k:02d}",
            coordinator=many_orgs[k],
            members=[many_orgs[(k + 1) % 50]],
            n_commitments=1,
            report_cycles=1,
        )
        for k in range(1, 50)
    ]
    refresh_search(
        [small.partnership.pk, large.partnership.pk, *(o.partnership.pk for o in others)],
        [solo_org.pk, *(o.pk for o in many_orgs)],
    )
    return QueryFixtures(
        small_partnership=small.partnership.slug,
        large_partnership=large.partnership.slug,
        small_organisation=solo_org.slug,
        large_organisation=many_orgs[0].slug,
    )


@transaction.atomic
def pdf_fixtures(n: int) -> list:
    """``n`` partnerships whose approved declarations have 30 commitments with targets and
    three years of validated progress (for the chart)."""
    built = []
    for k in range(n):
        coordinator = organisation(f"Benchpdf Coordinator {k:02d}")
        members = [organisation(f"Benchpdf Member {k:02d}-{m}") for m in range(4)]
        built.append(
            partnership_with_declaration(
                f"Benchpdf Skills Partnership {k:02d}",
                coordinator=coordinator,
                members=members,
                n_commitments=30,
                targets_per=1,
            )
        )
    return [b.version for b in built]


@dataclass
class BurstClient:
    user_id: int
    organisation_slug: str
    organisation_id: int
    target_ids: list[int]
    session: str


def burst_fixtures(clients: int, per_client: int) -> list[BurstClient]:
    """``clients`` people, each the administrator of an organisation with an individual pledge of
    ``per_client`` targets due in the open cycle (nothing reported yet)."""
    indicator = Indicator.objects.filter(unit="persons").order_by("position").first()
    if indicator is None:
        raise RuntimeError("The KPI catalogue has no indicator counted in persons.")
    result = []
    with transaction.atomic():
        for i in range(clients):
            user = person(f"{SLUG_PREFIX}burst-{i}@{EMAIL_DOMAIN}", full_name=f"Burst Reporter {i}")
            org = organisation(f"Benchburst Organisation {i:03d}", admin=user)
            pledge = Commitment.objects.create(
                organisation=org,
                title="Pledge: upskilling courses for our staff",
                is_current=True,
                review="approved",  # reviewed by staff, as the demo's pledges
                uid=uuid.uuid4(),
            )
            targets = Target.objects.bulk_create(
                [
                    Target(
                        commitment=pledge,
                        indicator=indicator,
                        unit=indicator.unit,
                        target_value=Decimal(1000),
                        target_date=date(2030, 12, 31),
                        position=k + 1,
                    )
                    for k in range(per_client)
                ]
            )
            result.append(BurstClient(user.pk, org.slug, org.pk, [t.pk for t in targets], ""))
    users = User.objects.in_bulk([c.user_id for c in result])
    for c in result:
        c.session = session_cookie(users[c.user_id])
    return result


def top_up_recipients(cycle, wanted: int) -> dict[str, int]:
    """Make sure the cycle's opening reminder has at least ``wanted`` recipients: attach synthetic
    people (reused from earlier runs, created when missing) as contributors of the organisations
    that owe reports, round robin."""
    existing = reminders.recipients(cycle, ReminderKind.OPENING).count()
    missing = max(0, wanted - existing)
    if missing:
        with transaction.atomic():
            connection.ensure_connection()
            raw = connection.connection
            assert raw is not None
            with raw.cursor() as cursor:
                cursor.execute(selectors.duty_organisation_ids_sql())
                orgs = [row[0] for row in cursor.fetchall()]
                if not orgs:
                    raise RuntimeError("No organisation owes reports in the open cycle.")
                cursor.execute(
                    "SELECT u.id, u.email FROM pact_user u WHERE u.email LIKE %s AND u.email LIKE %s"
                    " AND NOT EXISTS (SELECT 1 FROM members_organisationmembership m"
                    " WHERE m.user_id = u.id)",
                    [f"{SLUG_PREFIX}%", f"%@{EMAIL_DOMAIN}"],
                )
                free = sorted(
                    (int(m.group(1)), pk)
                    for pk, email in cursor.fetchall()
                    if (m := PERSON_EMAIL.match(email))
                )
                if len(free) < missing:
                    cursor.execute(
                        "SELECT email FROM pact_user WHERE email LIKE %s AND email LIKE %s",
                        [f"{SLUG_PREFIX}%", f"%@{EMAIL_DOMAIN}"],
                    )
                    highest = max(
                        (
                            int(m.group(1))
                            for (e,) in cursor.fetchall()
                            if (m := PERSON_EMAIL.match(e))
                        ),
                        default=-1,
                    )
                    ids, _ = ensure_people(cursor, highest + 1 + missing - len(free))
                    free += [(highest + 1 + i, pk) for i, pk in enumerate(ids[highest + 1 :])]
                people = [pk for _, pk in free[:missing]]
                start = reserve_ids(cursor, OrganisationMembership._meta.db_table, len(people))
                Copier(OrganisationMembership, ["id", "organisation_id", "user_id", "role"]).copy(
                    cursor,
                    (
                        (start + k, orgs[k % len(orgs)], pk, "contributor")
                        for k, pk in enumerate(people)
                    ),
                )
    total = reminders.recipients(cycle, ReminderKind.OPENING).count()
    return {"existing": existing, "added": missing, "recipients": total}


def only_opening_notice_due(cycle) -> None:
    """Move the open cycle's closing date beyond its first "days before" reminder, so a reminder
    run sends exactly one mail per person: the opening notice (bench database only)."""
    days = max(cycle.reminder_days or [0]) + 7
    closes_on = timezone.localdate() + timedelta(days=days)
    ReportingCycle.objects.filter(pk=cycle.pk).update(closes_on=closes_on)
    cycle.closes_on = closes_on
