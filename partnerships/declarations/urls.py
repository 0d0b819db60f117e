"""Declaration routes (authoring, signing, review, PDFs), included under /partnerships/."""

from django.urls import path

from partnerships.declarations.views import editor, reading, review, signing, translating

urlpatterns: list = [
    path("declarations/review/", review.review_queue, name="review_queue"),
    path("<slug:slug>/declaration/", editor.overview, name="declaration"),
    path("<slug:slug>/declaration/start/", editor.start, name="declaration_start"),
    path("<slug:slug>/declaration/submit/", editor.submit, name="declaration_submit"),
    path(
        "<slug:slug>/declaration/edit/commitments/new/",
        editor.commitment,
        name="declaration_commitment_new",
    ),
    path(
        "<slug:slug>/declaration/edit/commitments/<uuid:uid>/",
        editor.commitment,
        name="declaration_commitment",
    ),
    path(
        "<slug:slug>/declaration/edit/commitments/<uuid:uid>/delete/",
        editor.commitment_delete,
        name="declaration_commitment_delete",
    ),
    path(
        "<slug:slug>/declaration/edit/commitments/<uuid:uid>/move/",
        editor.commitment_move,
        name="declaration_commitment_move",
    ),
    path("<slug:slug>/declaration/edit/<slug:section>/", editor.edit, name="declaration_edit"),
    path(
        "<slug:slug>/declaration/signatures/request/",
        signing.signatures_request,
        name="declaration_signatures_request",
    ),
    path(
        "<slug:slug>/declaration/signatures/remind/",
        signing.signatures_remind,
        name="declaration_signatures_remind",
    ),
    path(
        "<slug:slug>/declaration/signatures/<int:pk>/withdraw/",
        signing.signature_withdraw,
        name="declaration_signature_withdraw",
    ),
    path("<slug:slug>/declaration/sign/<int:pk>/", signing.sign, name="declaration_sign"),
    path(
        "<slug:slug>/declaration/v<int:number>/", reading.version_detail, name="declaration_version"
    ),
    path("<slug:slug>/declaration/v<int:number>/changes/", reading.diff, name="declaration_diff"),
    path(
        "<slug:slug>/declaration/v<int:number>/pdf/", reading.pdf_download, name="declaration_pdf"
    ),
    path(
        "<slug:slug>/declaration/v<int:number>/pdf/status/",
        reading.pdf_status,
        name="declaration_pdf_status",
    ),
    path(
        "<slug:slug>/declaration/v<int:number>/pdf/retry/",
        reading.pdf_retry,
        name="declaration_pdf_retry",
    ),
    path(
        "<slug:slug>/declaration/v<int:number>/translations/new/",
        translating.translation,
        name="declaration_translation_new",
    ),
    path(
        "<slug:slug>/declaration/v<int:number>/translations/<str:language>/",
        translating.translation,
        name="declaration_translation",
    ),
    path("<slug:slug>/declaration/v<int:number>/review/", review.review, name="declaration_review"),
    path(
        "<slug:slug>/declaration/v<int:number>/review/start/",
        review.review_start,
        name="declaration_review_start",
    ),
    path(
        "<slug:slug>/declaration/v<int:number>/review/comment/",
        review.review_comment,
        name="declaration_review_comment",
    ),
    path(
        "<slug:slug>/declaration/v<int:number>/review/decide/",
        review.review_decide,
        name="declaration_review_decide",
    ),
]
