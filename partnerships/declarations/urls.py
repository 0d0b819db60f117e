"""Declaration routes (authoring, signing, review, PDFs), included under /partnerships/."""

from django.urls import path

from partnerships.declarations.views import editor as views

urlpatterns: list = [
    path("declarations/review/", views.review_queue, name="review_queue"),
    path("<slug:slug>/declaration/", views.overview, name="declaration"),
    path("<slug:slug>/declaration/start/", views.start, name="declaration_start"),
    path("<slug:slug>/declaration/submit/", views.submit, name="declaration_submit"),
    path(
        "<slug:slug>/declaration/edit/commitments/new/",
        views.commitment,
        name="declaration_commitment_new",
    ),
    path(
        "<slug:slug>/declaration/edit/commitments/<uuid:uid>/",
        views.commitment,
        name="declaration_commitment",
    ),
    path(
        "<slug:slug>/declaration/edit/commitments/<uuid:uid>/delete/",
        views.commitment_delete,
        name="declaration_commitment_delete",
    ),
    path(
        "<slug:slug>/declaration/edit/commitments/<uuid:uid>/move/",
        views.commitment_move,
        name="declaration_commitment_move",
    ),
    path("<slug:slug>/declaration/edit/<slug:section>/", views.edit, name="declaration_edit"),
    path(
        "<slug:slug>/declaration/signatures/request/",
        views.signatures_request,
        name="declaration_signatures_request",
    ),
    path(
        "<slug:slug>/declaration/signatures/remind/",
        views.signatures_remind,
        name="declaration_signatures_remind",
    ),
    path(
        "<slug:slug>/declaration/signatures/<int:pk>/withdraw/",
        views.signature_withdraw,
        name="declaration_signature_withdraw",
    ),
    path("<slug:slug>/declaration/sign/<int:pk>/", views.sign, name="declaration_sign"),
    path(
        "<slug:slug>/declaration/v<int:number>/", views.version_detail, name="declaration_version"
    ),
    path("<slug:slug>/declaration/v<int:number>/changes/", views.diff, name="declaration_diff"),
    path("<slug:slug>/declaration/v<int:number>/pdf/", views.pdf_download, name="declaration_pdf"),
    path(
        "<slug:slug>/declaration/v<int:number>/pdf/status/",
        views.pdf_status,
        name="declaration_pdf_status",
    ),
    path(
        "<slug:slug>/declaration/v<int:number>/pdf/retry/",
        views.pdf_retry,
        name="declaration_pdf_retry",
    ),
    path("<slug:slug>/declaration/v<int:number>/review/", views.review, name="declaration_review"),
    path(
        "<slug:slug>/declaration/v<int:number>/review/start/",
        views.review_start,
        name="declaration_review_start",
    ),
    path(
        "<slug:slug>/declaration/v<int:number>/review/comment/",
        views.review_comment,
        name="declaration_review_comment",
    ),
    path(
        "<slug:slug>/declaration/v<int:number>/review/decide/",
        views.review_decide,
        name="declaration_review_decide",
    ),
]
