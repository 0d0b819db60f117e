""" "Public" is defined once per model, as ``public()`` on the model's queryset beside the model, and
the public data version's triggers agree with it."""

from __future__ import annotations

import ast
import inspect
import re
from itertools import permutations
from pathlib import Path

import pytest
from django.apps import apps

from commitments.models import Commitment, ProgressReport, ReportStatus
from commitments.survey.models import ResponseStatus, SurveyResponse
from members.models import Organisation, OrganisationStatus
from pact.communications.models import NewsItem
from pact.kernel.cache import data_version
from pact.support.models import Event, Resource
from partnerships.models import DeclarationVersion, Partnership, PartnershipStatus
from tests.commitments.conftest import make_report, make_target

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = ("pact", "members", "partnerships", "commitments", "communications", "support")

# Every model whose rows reach a page, feed, export or API answer only in some states.
PUBLIC_MODELS = {
    Organisation,
    Partnership,
    DeclarationVersion,
    Commitment,
    ProgressReport,
    SurveyResponse,
    NewsItem,
    Resource,
    Event,
}


def _project_models():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS or model.__module__.startswith("commitments."):
            yield model


def test_every_model_with_a_public_side_has_exactly_one_public_beside_it():
    with_public = set()
    for model in _project_models():
        queryset_class = type(model._default_manager.all())
        method = getattr(queryset_class, "public", None)
        if method is None:
            continue
        with_public.add(model)
        # Defined beside the model, by the model's own queryset (not inherited from elsewhere).
        assert inspect.getmodule(method).__name__ == model.__module__, model
        assert "public" in vars(queryset_class), model
    assert with_public == PUBLIC_MODELS


# A keyword of a query that decides, by itself, what the public sees: a state of one of the models
# above. Outside the models' modules (and migrations), only ``public()`` may say it.
PUBLIC_STATE_WORDS = re.compile(
    r"\b(OrganisationStatus|PartnershipStatus|NewsStatus|ReportStatus|ResponseStatus|"
    r"DeclarationStatus|S)\.(ACTIVE|CLOSED|PUBLISHED|VALIDATED|APPROVED|SUPERSEDED)\b"
)
PUBLIC_STATE_STRINGS = {"active", "closed", "published", "validated", "approved", "superseded"}
QUERY_CALLS = {"filter", "exclude", "get", "Q", "first", "exists", "count"}


def _decides_public(keyword: ast.keyword) -> bool:
    name = keyword.arg or ""
    if name == "is_published" or name.endswith("__is_published"):
        return True
    if not (name in ("status", "status__in") or name.endswith(("__status", "__status__in"))):
        return False
    source = ast.unparse(keyword.value)
    literal = {n.value for n in ast.walk(keyword.value) if isinstance(n, ast.Constant)}
    return bool(PUBLIC_STATE_WORDS.search(source) or literal & PUBLIC_STATE_STRINGS)


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


# Filters on these states that decide something else than visibility: who may act, which version is
# the current one, what a workflow waits for. Each is a (module, keyword) pair, so a new one fails.
NOT_VISIBILITY = {
    # Only active partnerships take news; "recently launched" are the active ones.
    ("pact/communications/news/selectors.py", "status=PartnershipStatus.ACTIVE"),
    ("pact/access/objects.py", "status=PartnershipStatus.ACTIVE"),
    # A workspace's published library resources, shown to its members before the partnership is.
    ("pact/access/querysets.py", "is_published=True"),
    # What the person erasing an account still administers.
    (
        "pact/site/personal_data/services.py",
        "status__in=[OrganisationStatus.APPLIED, OrganisationStatus.ACTIVE, "
        "OrganisationStatus.SUSPENDED]",
    ),
    # Closed partnerships take no new resources, events, invitations or bookmarks.
    ("pact/support/common.py", "status='closed'"),
    ("partnerships/workspace/selectors.py", "status=PartnershipStatus.CLOSED"),
    # Only active organisations act: join, invite, take over coordination.
    ("partnerships/workspace/selectors.py", "status=OrganisationStatus.ACTIVE"),
    # Erasure keeps the signer's name on every approved or superseded version (the signed
    # document), whether or not the partnership is public now.
    (
        "pact/site/personal_data/erasure.py",
        "version__status__in=[DeclarationStatus.APPROVED, DeclarationStatus.SUPERSEDED]",
    ),
    # Support services' task: approved (active) partnerships still in the design stage.
    ("partnerships/workspace/selectors.py", "status=PartnershipStatus.ACTIVE"),
    ("partnerships/workspace/views/invitations.py", "status='active'"),
    # The approved version is the current one (superseded ones stay readable).
    ("partnerships/declarations/publication.py", "status=S.APPROVED"),
    ("partnerships/declarations/selectors.py", "status=DeclarationStatus.APPROVED"),
    # The staff's list of who has not answered yet (submitted or validated).
    (
        "commitments/survey/staff_views.py",
        "status__in=[ResponseStatus.SUBMITTED, ResponseStatus.VALIDATED]",
    ),
}


def test_no_module_but_the_models_filters_on_a_public_state():
    found = []
    for package in ("pact", "members", "partnerships", "commitments"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if (
                "/migrations/" in relative
                or relative.endswith(("models.py",))
                or "/models/" in relative
            ):
                continue
            if relative.startswith(("pact/management/", "pact/kernel/")):
                continue  # the kernel knows no app's model; the demo and scale data set states
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and _call_name(node) in QUERY_CALLS):
                    continue
                if any(k.arg in ("pk", "id") for k in node.keywords):
                    continue  # a compare-and-set on one row: a transition, not a visibility rule
                for keyword in node.keywords:
                    if (relative, ast.unparse(keyword)) in NOT_VISIBILITY:
                        continue
                    if _decides_public(keyword):
                        found.append(f"{relative}:{node.lineno} {ast.unparse(keyword)}")
    assert found == [], "call the model's public() instead:\n" + "\n".join(found)


# --- the triggers agree -----------------------------------------------------------------------------


def _tables_read(queryset) -> set[str]:
    return set(re.findall(r'"(\w+)"\."', str(queryset.query)))


@pytest.mark.django_db
def test_every_table_a_public_queryset_reads_moves_the_data_version():
    for model in PUBLIC_MODELS:
        tables = _tables_read(model.objects.public())
        assert model._meta.db_table in tables, model
        assert not tables & data_version.EXCLUDED_TABLES, (model, tables)
    # Where a table's triggers fire only on some changes, the cases below check them.
    conditional = {m._meta.db_table for m in PUBLIC_MODELS} & set(data_version.CONDITIONS)
    assert conditional == {
        "commitments_progressreport",
        "survey_surveyresponse",
        "members_organisation",
        "partnerships_declarationversion",
    }


def _agrees(model, row, statuses: list[str]) -> None:
    """Every change of ``row``'s status between two values moves the data version whenever it moves
    the row into or out of ``public()`` (and the row's insertion and deletion likewise)."""
    for old, new in permutations(statuses, 2):
        model.objects.filter(pk=row.pk).update(status=old)
        was_public = model.objects.public().filter(pk=row.pk).exists()
        before = data_version.current()
        model.objects.filter(pk=row.pk).update(status=new)
        is_public = model.objects.public().filter(pk=row.pk).exists()
        if was_public != is_public:
            assert data_version.current() > before, (model, old, new)
    for status in statuses:
        model.objects.filter(pk=row.pk).update(status=status)
        if model.objects.public().filter(pk=row.pk).exists():
            before = data_version.current()
            fields = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            fields.pop("id")
            fields["status"] = status
            model.objects.filter(pk=row.pk).delete()
            assert data_version.current() > before, (model, "delete", status)
            before = data_version.current()
            row = model.objects.create(**fields)
            assert data_version.current() > before, (model, "insert", status)


def test_progress_report_triggers_agree_with_public(reporting, world):
    report = make_report(reporting.people, world.member_org, reporting.cycle, "3", status="draft")
    _agrees(ProgressReport, report, list(ReportStatus.values))
    pledge = Commitment.objects.create(
        organisation=world.member_org, title="Pledge", is_current=True, review="approved"
    )
    target = make_target(pledge, "people-upskilled", "10")
    pledged = make_report(target, world.member_org, reporting.cycle, "2", status="draft")
    _agrees(ProgressReport, pledged, list(ReportStatus.values))


def test_organisation_triggers_agree_with_public(world):
    applied = Organisation.objects.create(
        name="Signing Up Ltd", slug="signing-up", type="sme", country="BE", status="applied"
    )
    _agrees(Organisation, applied, list(OrganisationStatus.values))


def test_declaration_version_triggers_agree_with_public(world):
    """Versions move only forward (a database trigger), so each step is checked as it happens."""
    version = DeclarationVersion.objects.create(partnership=world.partnership, number=99)
    for status in ("submitted", "in_review", "approved", "superseded"):
        was_public = DeclarationVersion.objects.public().filter(pk=version.pk).exists()
        before = data_version.current()
        DeclarationVersion.objects.filter(pk=version.pk).update(status=status)
        is_public = DeclarationVersion.objects.public().filter(pk=version.pk).exists()
        if was_public != is_public:
            assert data_version.current() > before, status
    before = data_version.current()
    version.delete()
    assert data_version.current() > before


def test_survey_response_triggers_agree_with_public(scene, world):
    response = SurveyResponse.objects.create(survey=scene.survey, organisation=world.outsider_org)
    _agrees(SurveyResponse, response, list(ResponseStatus.values))


def test_the_instance_checks_say_what_public_says(world):
    """``is_active`` / ``is_public`` / ``is_published`` (no query) agree with ``public()``."""
    organisation, partnership = world.member_org, world.partnership
    for status in OrganisationStatus.values:
        Organisation.objects.filter(pk=organisation.pk).update(status=status)
        organisation.refresh_from_db()
        assert (
            organisation.is_active
            == Organisation.objects.public().filter(pk=organisation.pk).exists()
        ), status
    for status in PartnershipStatus.values:
        Partnership.objects.filter(pk=partnership.pk).update(status=status)
        partnership.refresh_from_db()
        assert (
            partnership.is_public == Partnership.objects.public().filter(pk=partnership.pk).exists()
        ), status
