"""One date style per language from the project's format modules, counts without a unit word,
real plurals, and formal German on the account pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from commitments.models import Target
from commitments.reporting.forms import ReportForm

DAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "6 December 2026"), ("fr", "6 décembre 2026"), ("de", "6. Dezember 2026")],
)
@pytest.mark.parametrize("fmt", ["DATE_FORMAT", "SHORT_DATE_FORMAT"])
def test_it_writes_one_date_style_per_language(language, expected, fmt):
    with translation.override(language):
        rendered = Template("{{ day|date:fmt }}|{{ day }}").render(
            Context({"day": DAY, "fmt": fmt})
        )
    assert rendered == f"{expected}|{expected}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Sunday 6 December 2026, 14:30"),
        ("fr", "dimanche 6 décembre 2026, 14:30"),
        ("de", "Sonntag, 6. Dezember 2026, 14:30"),
    ],
)
def test_events_show_the_weekday_in_each_language_style(language, expected, settings):
    from datetime import datetime

    settings.USE_TZ = False
    with translation.override(language):
        rendered = Template("{% load portal %}{{ moment|with_weekday }}").render(
            Context({"moment": datetime(2026, 12, 6, 14, 30)})
        )
    assert rendered == expected


def test_no_template_fixes_a_date_format_of_its_own():
    from pathlib import Path

    fixed = []
    for path in Path("templates").rglob("*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in ('|date:"j M Y', '|date:"j F Y', '|date:"M Y"', '|date:"F Y"', '|date:"l '):
            if pattern in text:
                fixed.append(f"{path}: {pattern}")
    assert not fixed, fixed


@pytest.mark.django_db
def test_the_german_sign_in_pages_say_sie(client):
    client.cookies["django_language"] = "de"
    page = client.get(reverse("account_login")).content.decode()
    assert "Sie haben noch kein Konto?" in page
    assert "Du hast" not in page
    page = client.get(reverse("account_reset_password")).content.decode()
    assert "Geben Sie unten Ihre E-Mail-Adresse ein" in page
    assert "Gib deine" not in page


def test_a_count_has_no_unit_word():
    target = Target(unit="count", target_value=Decimal(5), target_date=DAY)
    persons = Target(unit="persons", target_value=Decimal(5), target_date=DAY)
    with translation.override("en"):
        assert str(ReportForm(target=target).fields["value"].help_text) == (
            "Target: 5 by 6 December 2026."
        )
        assert str(ReportForm(target=persons).fields["value"].help_text).startswith("In persons.")
