"""REST API, write side of declarations: the same services as the pages, with the same rules.

For the coordinator: edit a text section, add and remove commitments with their targets, ask
member organisations to sign, submit (each naming the version read with ``If-Match``). For an
organisation's administrators: sign or decline the text read. For Commission reviewers: comment,
request changes, approve, reject; a decision taken with a token is audited with the token.
Anyone who may not read the version gets 404; who may read it but not act gets 404 as well, so
a write reveals nothing a read does not.

Modules: ``common``, ``coordinator``, ``signing``, ``reviewers``, ``translating``.
"""

from __future__ import annotations

from django.urls import path

from partnerships.declarations.api_actions.coordinator import (
    CommitmentAdd,
    CommitmentRemove,
    SectionEdit,
    SignaturesRequest,
    SubmitDeclaration,
)
from partnerships.declarations.api_actions.reviewers import CommentAdd, ReviewDecision
from partnerships.declarations.api_actions.signing import SignatureAnswer
from partnerships.declarations.api_actions.translating import TranslationAdd

_VERSION = "partnerships/<slug:slug>/declarations/<int:number>/"

urlpatterns = [
    path(
        _VERSION + "sections/<slug:section>/", SectionEdit.as_view(), name="api_declaration_section"
    ),
    path(_VERSION + "commitments/", CommitmentAdd.as_view(), name="api_declaration_commitments"),
    path(
        _VERSION + "commitments/<uuid:uid>/",
        CommitmentRemove.as_view(),
        name="api_declaration_commitment",
    ),
    path(_VERSION + "signatures/", SignaturesRequest.as_view(), name="api_declaration_signatures"),
    path(
        _VERSION + "signatures/<int:pk>/answer/",
        SignatureAnswer.as_view(),
        name="api_declaration_sign",
    ),
    path(_VERSION + "submit/", SubmitDeclaration.as_view(), name="api_declaration_submit"),
    path(_VERSION + "translations/", TranslationAdd.as_view(), name="api_declaration_translations"),
    path(_VERSION + "comments/", CommentAdd.as_view(), name="api_declaration_comment"),
    path(
        _VERSION + "request-changes/",
        ReviewDecision.as_view(decision="request_changes"),
        name="api_declaration_request_changes",
    ),
    path(
        _VERSION + "approve/",
        ReviewDecision.as_view(decision="approve"),
        name="api_declaration_approve",
    ),
    path(
        _VERSION + "reject/",
        ReviewDecision.as_view(decision="reject"),
        name="api_declaration_reject",
    ),
]
