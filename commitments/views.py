from __future__ import annotations

from django.shortcuts import render

from commitments import selectors


def results(request):
    return render(request, "commitments/results.html", {"headline": selectors.headline_totals()})
