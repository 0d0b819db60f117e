"""Open-data downloads of the public directory and results (CSV and JSON)."""

from django.urls import path

from pact import open_data

urlpatterns = [
    path("", open_data.index, name="open_data"),
    path("<slug:dataset>.<str:fmt>", open_data.download, name="open_data_download"),
]
