from django.urls import include, path

from partnerships.directory import views as directory_views
from partnerships.workspace import views as workspace_views

app_name = "partnerships"

urlpatterns = [
    path("", directory_views.directory, name="directory"),
    path("new/", workspace_views.create, name="create"),
    path("stages/", workspace_views.stages, name="stages"),
    path("regions/", directory_views.regions, name="regions"),
    path("invitations/<str:token>/", workspace_views.invitation, name="invitation"),
    path("<slug:slug>/", directory_views.detail, name="detail"),
    path("<slug:slug>/workspace/", workspace_views.workspace, name="workspace"),
    path("<slug:slug>/edit/", workspace_views.edit, name="edit"),
    path("<slug:slug>/notes/", workspace_views.add_note, name="add_note"),
    path("<slug:slug>/support-notes/", workspace_views.add_support_note, name="add_support_note"),
    path("<slug:slug>/invite/", workspace_views.invite, name="invite"),
    path("<slug:slug>/invite/email/", workspace_views.invite_email, name="invite_email"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        workspace_views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("<slug:slug>/join/", workspace_views.join, name="join"),
    path(
        "<slug:slug>/join-requests/<int:pk>/<str:decision>/",
        workspace_views.answer_join_request,
        name="answer_join_request",
    ),
    path(
        "<slug:slug>/members/<int:organisation_id>/remove/",
        workspace_views.remove_member,
        name="remove_member",
    ),
    path("<slug:slug>/leave/", workspace_views.leave, name="leave"),
    path("<slug:slug>/coordination/", workspace_views.handover, name="handover"),
    path("<slug:slug>/stage/", workspace_views.change_stage, name="change_stage"),
    path("<slug:slug>/close/", workspace_views.close, name="close"),
    path("", include("partnerships.declarations.urls")),
]
