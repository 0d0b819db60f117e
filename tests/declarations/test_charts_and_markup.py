"""The one chart path and the one Markdown path: accessible SVG, safe HTML."""

from decimal import Decimal

from pact.kernel import charts, markup


def test_a_targets_chart_is_an_accessible_svg_with_the_figures_in_its_description():
    svg = charts.targets_chart(
        [
            charts.TargetBar(label="Hubs <b>", target=Decimal(1), due="12/2026"),
            charts.TargetBar(label="Faculties", target=Decimal(10), due="12/2027"),
        ],
        chart_id="c1",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg and 'aria-label="Targets"' in svg
    assert '<title id="c1-title">' in svg and '<desc id="c1-desc">' in svg
    assert "Hubs &lt;b&gt;: 1 by 12/2026; Faculties: 10 by 12/2027" in svg
    assert "<b>" not in svg


def test_a_targets_chart_shows_progress_once_reported():
    svg = charts.targets_chart(
        [
            charts.TargetBar(
                label="People", target=Decimal(150), unit="persons", latest=Decimal(36), year=2024
            ),
            charts.TargetBar(
                label="Share",
                target=Decimal(20),
                baseline=Decimal(8),
                unit="percent",
                latest=Decimal(14),
                year=2024,
            ),
        ]
    )
    assert "36 of 150 persons (24%) in 2024" in svg
    assert "14 of 20 percent (50%) in 2024" in svg  # measured from the baseline
    assert "Targets and latest progress" in svg


def test_a_series_chart_lists_every_year_in_its_description():
    svg = charts.series_chart([(2023, 5), (2024, 12)], unit="events", target=15, chart_id="s")
    assert 'role="img"' in svg
    assert "2023: 5 events; 2024: 12 events; target 15 events" in svg
    assert svg.count("<circle") == 2


def test_markdown_keeps_the_safe_subset_only():
    html = markup.render(
        "# Title\n\nSome *emphasis* and **strong**, [a link](https://example.eu).\n\n"
        "- one\n- two\n\n<iframe src=x></iframe> <img src=x onerror=alert(1)>\n\n"
        "![pic](javascript:alert(1)) ![logo](/static/img/logo.svg)"
    )
    assert "<h3>Title</h3>" in html
    assert "<em>emphasis</em>" in html and "<strong>strong</strong>" in html
    assert '<a href="https://example.eu" rel="nofollow noopener">a link</a>' in html
    assert "<ul>" in html and "<li>one</li>" in html
    # Raw HTML is shown as text, never as tags; a javascript: image stays plain text.
    assert "<iframe" not in html and "&lt;iframe" in html
    assert "<img src=x" not in html and 'src="javascript' not in html
    assert '<img src="/static/img/logo.svg" alt="logo">' in html
    assert markup.render("") == ""


def test_plain_text_keeps_one_block_per_line():
    assert markup.plain_text("# A\n\n- b\n- c\n\nd *e*") == "A\n• b\n• c\nd e"
