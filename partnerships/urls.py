from django.urls import include, path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("", include("partnerships.declaration_urls")),
]
