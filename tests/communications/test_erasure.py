"""The erasure test (issue 21): a person who signed, reviewed, was invited, reported and answered
a survey is erased; their name and address are then found nowhere in the database, the caches or
the mail store but in the signature snapshots of published versions, and every audit row still
says what happened and to which object. Also: the ledger re-applied after a restore, the owner-only
rewrite of audit rows, outbox bodies reduced after 90 days."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from commitments.models import Commitment, Indicator, ProgressReport, ReportingCycle, Target
from commitments.survey.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from members.colleagues import services as colleagues
from members.models import OrganisationMembership
from pact.communications.notifications import services as notifications
from pact.kernel import schedule
from pact.kernel.audit import log_action
from pact.kernel.db_roles import as_owner
from pact.kernel.outbox import queue
from pact.kernel.outbox.retention import reduce_old_bodies
from pact.kernel.signin_limits import address_key
from pact.kernel.texts import LocalisedText
from pact.models import AuditEntry, Erasure, OutboundEmail, User
from pact.site.personal_data import services as personal_data
from pact.support.models.mapping import Stakeholder
from partnerships.models import DeclarationVersion, InternalNote, ReviewComment, Signature
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NAME = "Petra Erasmusova"
EMAIL = "petra.erasmusova@example.org"


@pytest.fixture(autouse=True)
def _ledger_file(settings, tmp_path):
    settings.ERASURE_LEDGER_PATH = tmp_path / "erasure-ledger.jsonl"


def _person_with_a_history(world) -> tuple[User, dict]:
    """Invited, then an admin who signed two versions (one published), reviewed, reported,
    answered the survey, appears in others' mail, notifications and a stakeholder contact."""
    org = world.member_org
    invitation = colleagues.invite(org, world.member, EMAIL, "admin")
    person = make_user(EMAIL, full_name=NAME, staff_role="reviewer")
    colleagues.accept_invitation(invitation, person)
    org.contact_name, org.contact_email = NAME, EMAIL
    org.save(update_fields=["contact_name", "contact_email"])
    published = DeclarationVersion.objects.create(
        partnership=world.partnership, number=1, status="approved"
    )
    draft = DeclarationVersion.objects.create(
        partnership=world.partnership, number=2, status="draft", previous=published
    )
    for version in (published, draft):
        Signature.objects.create(
            version=version,
            organisation=org,
            status="signed",
            answered_by=person,
            signer_name=NAME,
            signer_role="Director",
            comment=f"Signed by {NAME}",
        )
    ReviewComment.objects.create(
        version=draft, section="challenges", body=f"Clearer, please. {NAME}", author=person
    )
    InternalNote.objects.create(partnership=world.partnership, author=person, body=f"Ask {EMAIL}")
    commitment = Commitment.objects.create(
        partnership=world.partnership, title="Train people", is_current=True
    )
    indicator = Indicator.objects.get(code="people-upskilled")
    target = Target.objects.create(
        commitment=commitment,
        indicator=indicator,
        unit=indicator.unit,
        target_value=Decimal(10),
        target_date=dt.date(2027, 12, 31),
    )
    today = timezone.localdate()
    cycle = ReportingCycle.objects.create(
        year=2025,
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=20),
        status=ReportingCycle.Status.OPEN,
    )
    report = ProgressReport.objects.create(
        target=target,
        organisation=org,
        cycle=cycle,
        value=Decimal(5),
        status="submitted",
        narrative=f"Reported by {NAME} ({EMAIL})",
        submitted_by=person,
        updated_by=person,
    )
    survey = Survey.objects.create(
        year=2031,
        title=LocalisedText.of("Members' survey 2031"),
        opens_on=schedule.today() - dt.timedelta(days=3),
        deadline=schedule.today() + dt.timedelta(days=20),
        closes_on=schedule.today() + dt.timedelta(days=50),
        status=schedule.WindowStatus.OPEN,
    )
    question = SurveyQuestion.objects.create(
        survey=survey, kind=QuestionKind.TEXT, text=LocalisedText.of("Who answers?")
    )
    response = SurveyResponse.objects.create(
        survey=survey, organisation=org, status="submitted", submitted_by=person, updated_by=person
    )
    SurveyAnswer.objects.create(response=response, question=question, text=f"{NAME}, {EMAIL}")
    Stakeholder.objects.create(
        partnership=world.partnership,
        name="Regional Chamber",
        type="business",
        power=3,
        interest=3,
        contact=f"{NAME} <{EMAIL}>",
    )
    # Mail and notices to others that name the person, and to the person.
    queue.queue_email(
        to=world.coordinator,
        template="test_message",
        context={"name": f"{NAME} signed"},
        kind="partnership.signed",
    )
    notifications.record(
        user=world.coordinator, kind="declaration.signed", title=f"{NAME} signed", link="/"
    )
    log_action("pact.test.named", person, world.member, {"email": EMAIL, "full_name": NAME})
    cache.set("figures:someone", f"<p>{NAME}</p>")
    return person, {"report": report, "published": published, "draft": draft}


def _text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_name = c.table_name AND t.table_schema = c.table_schema
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'character')
            """
        )
        return cursor.fetchall()


def _found_in_database(needle: str) -> list[tuple[str, str, int]]:
    """(table, column, id or 0) of every row of every table whose text or JSON holds ``needle``."""
    columns = _text_columns()
    with_id = {t for t, c in _all_columns() if c == "id"}
    found = []
    with connection.cursor() as cursor:
        for table, column in columns:
            key = "id" if table in with_id else "0"
            cursor.execute(
                f'SELECT {key} FROM "{table}" WHERE "{column}"::text ILIKE %s',
                [f"%{needle}%"],
            )
            found += [(table, column, row[0]) for row in cursor.fetchall()]
    return found


def _all_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
        )
        return cursor.fetchall()


def _found_in_redis(needle: str) -> list[bytes]:
    client = redis.Redis.from_url(settings.CACHE_REDIS_URL)
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return [
        key
        for key in client.scan_iter(match=f"{prefix}:*", count=1000)
        if needle.lower().encode() in (client.get(key) or b"").lower()
    ]


def test_an_erased_person_is_found_nowhere_but_in_published_signature_snapshots(
    world, django_capture_on_commit_callbacks
):
    person, objects = _person_with_a_history(world)
    before = _found_in_database(NAME)
    assert {t for t, _c, _i in before} >= {
        "partnerships_signature",
        "partnerships_reviewcomment",
        "commitments_progressreport",
        "survey_surveyanswer",
        "pact_outboundemail",
        "pact_user",
        "members_organisation",
    }
    audit_before = {(e.pk, e.kind, e.target_type, e.target_id) for e in AuditEntry.objects.all()}
    assert _found_in_redis(NAME)

    with django_capture_on_commit_callbacks(execute=True):
        personal_data.delete_account(person)

    published_snapshot = Signature.objects.get(version=objects["published"])
    for needle in (NAME, EMAIL, EMAIL.split("@")[0]):
        found = _found_in_database(needle)
        assert found == (
            [("partnerships_signature", "signer_name", published_snapshot.pk)]
            if needle == NAME
            else []
        ), needle
        assert not _found_in_redis(needle)
    assert published_snapshot.signer_name == NAME
    assert Signature.objects.get(version=objects["draft"]).signer_name == ""
    # What the records said stays, the person replaced.
    report = ProgressReport.objects.get(pk=objects["report"].pk)
    assert report.narrative == "Reported by [erased person] ([erased person])"
    assert report.submitted_by_id == person.pk and str(report.submitted_by) == "erased person"
    world.member_org.refresh_from_db()
    assert world.member_org.contact_email == world.member.email  # the other admin
    assert not OrganisationMembership.objects.filter(user=person).exists()
    assert InternalNote.objects.get(author=person).body == "Ask [erased person]"
    # Every audit row is still there and still says what happened to which object.
    after = {(e.pk, e.kind, e.target_type, e.target_id) for e in AuditEntry.objects.all()}
    assert audit_before <= after
    named = AuditEntry.objects.get(kind="pact.test.named")
    assert named.target_type == "pact.user" and named.target_id == str(person.pk)
    assert named.data["address_hash"] == address_key(EMAIL)
    assert AuditEntry.objects.filter(kind="pact.user.deleted", target_id=str(person.pk)).exists()
    assert Erasure.objects.filter(user_id=person.pk, address_hash=address_key(EMAIL)).exists()


def test_audit_rows_never_hold_an_address_or_a_persons_name(world):
    entry = log_action(
        "pact.test.invited",
        world.contributor,
        world.member,
        {"email": "x.y@example.org", "note": "sent to x.y@example.org", "full_name": "X Y"},
    )
    assert entry.target_label == f"user #{world.contributor.pk}"
    assert "x.y@example.org" not in json.dumps(entry.data)
    assert entry.data["address_hash"] == address_key("x.y@example.org")
    assert entry.data["full_name"] != "X Y"
    membership = OrganisationMembership.objects.get(user=world.contributor)
    label = log_action("pact.test.membership", membership, world.member).target_label
    assert "Carl" not in label and "Member College" in label


def test_the_audit_log_refuses_rewrites_unless_the_owner_asks_for_one():
    entry = log_action("pact.test.rewrite", data={"note": "old"})
    # The application's role may not change a row, whatever it sets.
    for statements in (
        ["UPDATE pact_auditentry SET data = '{}' WHERE id = %s"],
        [
            "SET LOCAL pact.audit_rewrite = 'on'",
            "UPDATE pact_auditentry SET data = '{}' WHERE id = %s",
        ],
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql, [entry.pk] if "%s" in sql else None)
    # The owner (what runs migrations) may, when it asks for a rewrite; never a delete, and no
    # other role it lends the table to. Rolled back at the end: the owner's connection is its own.
    with as_owner(), transaction.atomic():
        own = log_action("pact.test.rewrite", data={"note": "old"})
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE pact_auditentry SET data = '{}' WHERE id = %s", [own.pk])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL pact.audit_rewrite = 'on'")
            cursor.execute("UPDATE pact_auditentry SET data = '{}' WHERE id = %s", [own.pk])
        assert AuditEntry.objects.get(pk=own.pk).data == {}
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL pact.audit_rewrite = 'on'")
            cursor.execute("DELETE FROM pact_auditentry WHERE id = %s", [own.pk])
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE ROLE pact_test_app_role")
            cursor.execute("GRANT UPDATE, SELECT ON pact_auditentry TO pact_test_app_role")
            cursor.execute("SET LOCAL ROLE pact_test_app_role")
            cursor.execute("SET LOCAL pact.audit_rewrite = 'on'")
            cursor.execute("UPDATE pact_auditentry SET data = '{}' WHERE id = %s", [own.pk])
        transaction.set_rollback(True)
    assert AuditEntry.objects.get(pk=entry.pk).data == {"note": "old"}


def test_the_cleaning_migration_rewrites_old_rows_and_records_itself(world):
    """Run as the owner, as migrations are (on its own connection, rolled back at the end)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("pact.migrations.0008_audit_without_personal_data")
    with as_owner(), transaction.atomic():
        with connection.cursor() as cursor:
            # An old row, written before the log kept personal data out.
            cursor.execute(
                "INSERT INTO pact_auditentry (kind, created_at, target_type, target_id,"
                " target_label, data) VALUES ('pact.organisation.invitation_sent', now(),"
                " 'pact.user', %s, %s, %s)",
                ["4242", "Carl Contributor", json.dumps({"email": EMAIL})],
            )

        class Editor:
            connection = connection

        migration.forwards(apps, Editor())
        old = AuditEntry.objects.get(kind="pact.organisation.invitation_sent", target_id="4242")
        assert old.target_label == "user #4242"
        assert old.data == {"address_hash": address_key(EMAIL)}
        itself = AuditEntry.objects.filter(kind="pact.audit.personal_data_removed").latest("id")
        assert itself.data["migration"] == migration.MIGRATION and itself.data["rows"] >= 1
        transaction.set_rollback(True)


def test_after_restore_erases_again_the_people_of_the_ledger(
    world, settings, django_capture_on_commit_callbacks
):
    person = make_user(EMAIL, full_name=NAME)
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.delete_account(person)
    line = json.loads(settings.ERASURE_LEDGER_PATH.read_text().splitlines()[0])
    assert set(line) == {"user_id", "address_hash", "reason", "erased_at"}
    assert NAME not in json.dumps(line) and EMAIL not in json.dumps(line)
    # A restore from a dump taken before the erasure: the person's rows are back, the ledger
    # table is the dump's (empty); the ledger file is kept apart from the backups.
    User.objects.filter(pk=person.pk).update(
        email=EMAIL, full_name=NAME, deleted_at=None, is_active=True
    )
    queue.queue_email(to=person, template="test_message", context={"name": NAME}, kind="x.y")
    Erasure.objects.all().delete()
    call_command("after_restore", stdout=open("/dev/null", "w"))  # noqa: SIM115
    person.refresh_from_db()
    assert person.deleted_at is not None and person.full_name == "" and EMAIL not in person.email
    assert not _found_in_database(NAME) and not _found_in_database(EMAIL)
    assert Erasure.objects.filter(user_id=person.pk).exists()


def test_a_ledger_entry_never_erases_another_person_with_the_same_id(world, settings):
    settings.ERASURE_LEDGER_PATH.write_text(
        json.dumps({"user_id": world.member.pk, "address_hash": address_key("other@example.org")})
        + "\n"
    )
    call_command("after_restore", stdout=open("/dev/null", "w"))  # noqa: SIM115
    world.member.refresh_from_db()
    assert world.member.deleted_at is None


def test_outbox_bodies_older_than_90_days_keep_only_their_metadata(world):
    old = queue.queue_email(
        to=world.member, template="test_message", context={"name": "x"}, kind="a.b"
    )
    recent = queue.queue_email(
        to=world.member, template="test_message", context={"name": "x"}, kind="a.b"
    )
    pending = queue.queue_email(
        to=world.member, template="test_message", context={"name": "x"}, kind="a.b"
    )
    long_ago = timezone.now() - dt.timedelta(days=91)
    OutboundEmail.objects.filter(pk__in=[old.pk, recent.pk]).update(status="sent")
    OutboundEmail.objects.filter(pk__in=[old.pk, pending.pk]).update(created_at=long_ago)
    assert reduce_old_bodies() == 1
    assert reduce_old_bodies() == 0
    old.refresh_from_db()
    assert (old.body_text, old.body_html, old.headers) == ("", "", {})
    assert old.subject and old.to_address == world.member.email and old.kind == "a.b"
    for kept in (recent, pending):
        kept.refresh_from_db()
        assert kept.body_text
