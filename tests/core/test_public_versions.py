"""What nobody but its authors sees never moves the public data version (DESIGN.md §5.8): a
declaration's autosaves and signatures, join requests, sign-ups, PDF progress, report drafts."""

from __future__ import annotations

import pytest

from members.models import Organisation
from pact.kernel.cache import data_version, scopes
from partnerships.models import DeclarationPdf, JoinRequest
from tests.declarations.conftest import write_draft
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_draft_declaration_written_saved_and_signed_moves_no_public_version(world):
    before = data_version.current_with_reporting()
    scoped = scopes.read(scopes.sequences())
    version = write_draft(world, commitments=2)
    assert version.commitments.count() == 2 and version.signatures.exists()
    assert data_version.current_with_reporting() == before
    assert scopes.read(scopes.sequences()) == scoped  # no scope either


def test_private_workspace_data_sign_ups_and_pdf_progress_move_no_public_version(world):
    pdf = DeclarationPdf.objects.create(version=write_draft(world), content_hash="x" * 64)
    before = data_version.current()
    scoped = scopes.read(scopes.sequences())
    JoinRequest.objects.create(partnership=world.partnership, organisation=world.outsider_org)
    make_user("signing-up@example.org")
    Organisation.objects.create(
        name="Applying Ltd", slug="applying", type="sme", country="BE", status="applied"
    )
    for progress in (10, 50, 90):
        DeclarationPdf.objects.filter(pk=pdf.pk).update(progress=progress)
    assert data_version.current() == before
    assert scopes.read(scopes.sequences()) == scoped  # no scope either
    DeclarationPdf.objects.filter(pk=pdf.pk).update(status="ready", progress=100)
    assert data_version.current() > before
