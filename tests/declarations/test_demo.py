"""The demo declarations: the seeds' real commitments and targets, published, safe to load twice."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from commitments.models import Commitment, Target
from partnerships.declarations import pdf
from partnerships.models import DeclarationPdf, DeclarationVersion, Signature

pytestmark = pytest.mark.django_db


def _targets(slug):
    return {
        (t.indicator.code, t.target_value, t.target_date.year)
        for t in Target.objects.filter(
            commitment__partnership__slug=slug, commitment__is_current=True
        ).select_related("indicator")
    }


def test_it_publishes_the_seeds_declarations_once():
    call_command("seed_demo")
    counts = (
        DeclarationVersion.objects.count(),
        Commitment.objects.count(),
        Target.objects.count(),
    )
    call_command("seed_demo")
    assert (
        DeclarationVersion.objects.count(),
        Commitment.objects.count(),
        Target.objects.count(),
    ) == counts
    assert counts[0] >= 14
    assert not DeclarationVersion.objects.exclude(status="approved").exists()
    # Each published version has its PDF recorded for the worker, once; so has each of the
    # seeds' translations (Upper Austria's English one), a separate document.
    originals = DeclarationPdf.objects.filter(draft=False, translation=None)
    assert originals.count() == counts[0]
    translated = DeclarationPdf.objects.filter(draft=False, translation__isnull=False)
    assert [(p.version.partnership.slug, p.translation.language) for p in translated] == [
        ("lep-upper-austria", "en")
    ]


def test_the_targets_are_those_the_seeds_state():
    call_command("seed_demo")
    bari = _targets("bari-metro")
    assert {
        ("organisations-participating", Decimal(15), 2027),
        ("events-held", Decimal(12), 2027),
        ("skills-analyses", Decimal(10), 2027),
        ("training-actions", Decimal(25), 2027),
        ("training-participants", Decimal(150), 2027),
        ("programmes-developed", Decimal(2), 2027),
    } == bari
    balkans = _targets("western-balkans")
    assert ("hubs-established", Decimal(1), 2026) in balkans
    assert ("upskilling-opportunities", Decimal(10), 2027) in balkans
    assert ("organisations-participating", Decimal(30), 2027) in balkans
    assert ("organisations-participating", Decimal(10), 2027) in balkans
    assert ("projects-funded", Decimal(15), 2027) in balkans
    mobility = _targets("lll-mobility")
    assert ("vet-learners-mobility-share", Decimal(20), 2030) in mobility
    assert ("fewer-opportunities-mobility-share", Decimal(20), 2030) in mobility
    ksigune = _targets("ksigune")
    assert {v for _c, v, _y in ksigune} == {Decimal(27), Decimal(40), Decimal(150)}
    austria = DeclarationVersion.objects.get(partnership__slug="lep-upper-austria")
    assert austria.language == "de"


def test_the_published_demo_declarations_name_who_signed_and_say_it_is_illustrative(client):
    call_command("seed_demo")
    signed = Signature.objects.filter(version__status="approved", status="signed").select_related(
        "answered_by"
    )
    assert signed.count() >= 14
    for signature in signed:
        assert signature.signer_name and "(illustrative)" in signature.signer_role, signature
        if signature.answered_by is not None:  # a demo person administers the organisation
            assert signature.signer_name == signature.answered_by.display_name
    version = DeclarationVersion.objects.get(partnership__slug="ecrn")
    signer = "Henrik Vogel, Secretary General (illustrative)"
    html = pdf.version_html(version)
    assert signer in html
    assert "<td>–</td>" not in html.split("Signatories")[-1]
    page = client.get(reverse("partnerships:declaration_version", args=["ecrn", version.number]))
    assert signer in page.content.decode()
