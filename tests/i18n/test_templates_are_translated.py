"""Every user-visible word in a template goes through the translation catalogue."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from tests.i18n.template_strings import (
    Untranslated,
    has_words,
    project_templates,
    untranslated_in,
)


def test_it_finds_no_unmarked_text_in_any_template():
    templates = project_templates(Path(settings.BASE_DIR))
    assert len(templates) > 10
    found: list[Untranslated] = [hit for path in templates for hit in untranslated_in(path)]
    assert not found, (
        "Mark these strings with {% translate %} or {% blocktranslate %}:\n"
        + "\n".join(str(hit) for hit in found)
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def texts(path: Path) -> list[str]:
    return [hit.text for hit in untranslated_in(path)]


def test_it_reports_a_bare_text_node_with_its_line(tmp_path):
    path = write(
        tmp_path,
        "page.html",
        "{% load i18n %}\n<h1>{% translate 'Fine' %}</h1>\n<p>Hello there</p>\n",
    )
    assert [(hit.line, hit.text) for hit in untranslated_in(path)] == [(3, "Hello there")]


def test_it_reports_visible_attributes_and_button_values(tmp_path):
    path = write(
        tmp_path,
        "form.html",
        '<img src="x.png" alt="Logo of the Pact">'
        '<a href="/" title="Go home" aria-label="{% translate \'Home\' %}">{{ name }}</a>'
        '<input type="search" placeholder="Search here" name="q" value="tourism">'
        '<input type="submit" value="Send">',
    )
    assert texts(path) == [
        'alt="Logo of the Pact"',
        'title="Go home"',
        'placeholder="Search here"',
        'value="Send"',
    ]


def test_it_accepts_translated_variables_comments_scripts_and_code(tmp_path):
    path = write(
        tmp_path,
        "ok.html",
        "{% load i18n %}{# a developer note #}\n"
        "{% comment %}Longer note\nover lines{% endcomment %}\n"
        "<p>{% blocktranslate trimmed with n=count %}\n  {{ n }} partnerships\n"
        "{% plural %}{{ n }} partnerships{% endblocktranslate %}</p>\n"
        '<p class="meta" id="intro">{{ partnership.name }} · {{ date|date:"F Y" }}</p>\n'
        "<script>var words = 'not prose';</script><style>.a { color: red }</style>\n"
        "<pre><code>curl -H 'Authorization: Token abc'</code></pre>\n"
        "<p>CSV · JSON · API · PDF</p>\n",
    )
    assert texts(path) == []


def test_it_checks_plain_text_mail_templates_line_by_line(tmp_path):
    path = write(
        tmp_path,
        "mail.txt",
        "{% load i18n %}{% translate 'Your report is due' %}\n\n{{ url }}\nKind regards\n",
    )
    assert [(hit.line, hit.text) for hit in untranslated_in(path)] == [(4, "Kind regards")]


def test_it_flags_untranslated_branches_of_conditions(tmp_path):
    path = write(
        tmp_path, "if.html", "<p>{% if ok %}Yes{% else %}{% translate 'No' %}{% endif %}</p>"
    )
    assert texts(path) == ["{…}Yes{…}"]


def test_it_treats_allowed_proper_nouns_and_punctuation_as_language_neutral():
    assert not has_words("CSV · JSON — 2024 / 42 %")
    assert has_words("Download CSV")
