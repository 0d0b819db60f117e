from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from members import selectors
from pact import access


def directory(request):
    page = Paginator(selectors.public_directory(), 25).get_page(request.GET.get("page"))
    return render(request, "members/directory.html", {"page": page})


def profile(request, slug: str):
    organisation = access.organisations_visible_to(request.user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return render(request, "members/profile.html", {"organisation": organisation})
