from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from pact import access
from partnerships import selectors


def directory(request):
    page = Paginator(selectors.public_directory(), 20).get_page(request.GET.get("page"))
    return render(request, "partnerships/directory.html", {"page": page})


def detail(request, slug: str):
    partnership = access.partnerships_visible_to(request.user).filter(slug=slug).first()
    if partnership is None:
        raise Http404
    return render(request, "partnerships/detail.html", {"partnership": partnership})
