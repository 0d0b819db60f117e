"""Declaration routes (authoring, signing, review, PDFs), included under /partnerships/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
