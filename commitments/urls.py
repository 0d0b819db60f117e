from django.urls import path

from commitments import views

app_name = "commitments"

urlpatterns = [
    path("results/", views.results, name="results"),
]
