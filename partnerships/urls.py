from django.urls import include, path

from partnerships.workspace import views

app_name = "partnerships"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("stages/", views.stages, name="stages"),
    path("regions/", views.regions, name="regions"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/workspace/", views.workspace, name="workspace"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/notes/", views.add_note, name="add_note"),
    path("<slug:slug>/support-notes/", views.add_support_note, name="add_support_note"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/invite/email/", views.invite_email, name="invite_email"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("<slug:slug>/join/", views.join, name="join"),
    path(
        "<slug:slug>/join-requests/<int:pk>/<str:decision>/",
        views.answer_join_request,
        name="answer_join_request",
    ),
    path(
        "<slug:slug>/members/<int:organisation_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/coordination/", views.handover, name="handover"),
    path("<slug:slug>/stage/", views.change_stage, name="change_stage"),
    path("<slug:slug>/close/", views.close, name="close"),
    path("", include("partnerships.declarations.urls")),
]
