"""The declaration PDF: recorded with the approval, rendered once per content, fetching nothing
from outside the portal's static files, and picked up by the sweeper when the broker was down."""

import http.server
import threading
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from pact.models import AuditEntry
from partnerships.declarations import drafting, publication, review
from partnerships.declarations import pdf as pdf_module
from partnerships.models import DeclarationPdf
from partnerships.tasks import render_pdf, repair_pdf, sweep_pdfs

from .conftest import write_draft

pytestmark = pytest.mark.django_db


class _RedirectHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        type(self).hits.append(self.path)
        self.send_response(302)
        self.send_header("Location", "file:///etc/passwd")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def redirecting_server():
    _RedirectHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _RedirectHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/logo.png"
    server.shutdown()


def _approve(world, version):
    review.submit(version, lock_version=version.lock_version, actor=world.coordinator)
    return publication.approve(version, actor=world.reviewer)


def test_the_renderer_refuses_outside_urls_in_user_text_and_renders_the_rest(
    world, redirecting_server
):
    version = drafting.start_draft(world.partnership, world.coordinator)
    drafting.save_section(
        version,
        "challenges",
        {
            "language": "en",
            "challenges": (
                "Before. ![tracker](http://tracker.example/pixel.png) "
                f"![redirect]({redirecting_server}) ![secret](file:///etc/passwd) "
                "[link](http://example.eu/elsewhere) After the images."
            ),
        },
        lock_version=version.lock_version,
        actor=world.coordinator,
    )
    html = pdf_module.version_html(version, draft=True)
    # The sanitiser already drops file: URLs; what reaches the renderer is refused by the fetcher.
    assert 'src="file:' not in html
    assert 'src="http://tracker.example/pixel.png"' in html
    fetcher = pdf_module.StaticOnlyFetcher()
    data = pdf_module.render_pdf(html, fetcher=fetcher)
    assert data.startswith(b"%PDF")
    assert "http://tracker.example/pixel.png" in fetcher.asked
    assert "http://tracker.example/pixel.png" in fetcher.refused
    assert redirecting_server in fetcher.refused
    assert _RedirectHandler.hits == []  # nothing left the machine
    assert not any(url.startswith("file:") for url in set(fetcher.asked) - set(fetcher.refused))
    # The portal's own logo was served from the static folder (the stylesheet comes with the
    # renderer, see the next test).
    fetched = set(fetcher.asked) - set(fetcher.refused)
    assert any(url.endswith("/static/img/logo.svg") for url in fetched)


def test_the_stylesheet_and_its_fonts_are_loaded_once_per_process(monkeypatch):
    loaded, fetchers_of_the_stylesheet = [], []
    real_css = pdf_module.CSS

    def counting_css(**kwargs):
        loaded.append(kwargs["url"])
        fetchers_of_the_stylesheet.append(kwargs["url_fetcher"])
        return real_css(**kwargs)

    monkeypatch.setattr(pdf_module, "CSS", counting_css)
    monkeypatch.setattr(pdf_module, "_per_thread", threading.local())  # a fresh process
    fetchers = [pdf_module.StaticOnlyFetcher() for _ in range(3)]
    for fetcher in fetchers:
        assert pdf_module.render_pdf("<p>Bonjour</p>", fetcher=fetcher).startswith(b"%PDF")
    assert len(loaded) == 1 and loaded[0].endswith("/static/css/declaration-pdf.css")
    # The documents never fetch it themselves.
    assert not any(url.endswith(".css") for fetcher in fetchers for url in fetcher.asked)
    css, font_config = pdf_module.stylesheet()
    assert pdf_module.stylesheet() == (css, font_config)
    # Its fonts are the portal's own, from the static folder, fetched with it and only then.
    (stylesheet_fetcher,) = fetchers_of_the_stylesheet
    fonts = [url for url in stylesheet_fetcher.asked if url.endswith(".ttf")]
    assert len(fonts) == 4 and all("/static/fonts/" in url for url in fonts)
    assert stylesheet_fetcher.refused == []


def test_the_stylesheet_of_another_thread_is_its_own():
    here = pdf_module.stylesheet()
    there = []
    thread = threading.Thread(target=lambda: there.append(pdf_module.stylesheet()))
    thread.start()
    thread.join()
    assert there[0][0] is not here[0] and there[0][1] is not here[1]


def test_the_collector_is_back_on_after_a_render_even_a_failed_one(settings):
    import gc

    assert gc.isenabled()
    pdf_module.render_pdf("<p>Hello</p>")
    assert gc.isenabled()
    settings.PDF_RENDER_TIME_LIMIT = 0
    with pytest.raises(pdf_module.PdfRenderTimeout):
        pdf_module.render_pdf("<p>slow</p>")
    assert gc.isenabled()


def test_the_fetcher_refuses_file_urls_outside_static_and_path_tricks(settings):
    fetcher = pdf_module.StaticOnlyFetcher()
    html = (
        '<img src="file:///etc/passwd"><img src="/static/../../../../etc/passwd">'
        '<img src="https://example.com/a.png"><img src="/media/declarations/x.pdf">'
        '<link rel="stylesheet" href="file:///etc/hostname"><p>Still here</p>'
    )
    data = pdf_module.render_pdf(html, fetcher=fetcher)
    assert data.startswith(b"%PDF")
    assert "file:///etc/passwd" in fetcher.refused
    assert "file:///etc/hostname" in fetcher.refused
    assert "https://example.com/a.png" in fetcher.refused
    assert len(fetcher.refused) == len(fetcher.asked) == 5


def test_the_fetcher_serves_data_urls_and_static_files():
    fetcher = pdf_module.StaticOnlyFetcher()
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    pdf_module.render_pdf(f'<img src="{pixel}"><img src="/static/img/logo.svg">', fetcher=fetcher)
    assert fetcher.refused == []
    assert len(fetcher.asked) == 2


def test_rendering_has_a_time_limit(world, draft, settings, monkeypatch):
    settings.PDF_RENDER_TIME_LIMIT = 0
    with pytest.raises(pdf_module.PdfRenderTimeout):
        pdf_module.render_pdf("<p>slow</p>")


def test_the_same_content_gives_one_pdf_file(
    world, draft, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = _approve(world, draft)
    first = publication.request_pdf(version, actor=world.reviewer)
    second = publication.request_pdf(version, actor=world.reviewer)
    assert first.pk == second.pk
    assert DeclarationPdf.objects.filter(version=version).count() == 1
    # Running the task again (a retry, a second worker) changes nothing.
    assert render_pdf.apply(args=[first.pk]).get() is False
    files = default_storage.listdir("declarations")[1]
    assert files == [f"{version.content_hash}.pdf"]
    assert AuditEntry.objects.filter(kind="pact.declaration_pdf.rendered").count() == 1


def test_rendering_twice_after_a_lost_claim_overwrites_the_same_file(world, draft, media_root):
    version = _approve(world, draft)
    pdf = DeclarationPdf.objects.get(version=version)
    assert pdf_module.render_and_store(pdf.pk) is True
    DeclarationPdf.objects.filter(pk=pdf.pk).update(status="pending", claimed_at=None)
    assert pdf_module.render_and_store(pdf.pk) is True
    assert default_storage.listdir("declarations")[1] == [f"{version.content_hash}.pdf"]


def test_the_sweeper_renders_a_pdf_left_pending_while_the_broker_was_down(world, draft, media_root):
    # Approved without running the on-commit enqueue: the row is pending, nobody renders it.
    version = _approve(world, draft)
    pdf = DeclarationPdf.objects.get(version=version)
    assert pdf.status == "pending" and not pdf.file
    assert sweep_pdfs.apply().get() == 0  # too fresh: its own enqueue may still be on its way
    DeclarationPdf.objects.filter(pk=pdf.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    assert sweep_pdfs.apply().get() == 1
    pdf.refresh_from_db()
    assert pdf.status == "ready"
    assert default_storage.exists(pdf.file.name)
    assert sweep_pdfs.apply().get() == 0


def test_a_failed_rendering_is_recorded_and_can_be_asked_again(
    world, draft, media_root, monkeypatch
):
    version = _approve(world, draft)
    pdf = DeclarationPdf.objects.get(version=version)

    def broken(*args, **kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(pdf_module, "render_pdf", broken)
    for _attempt in range(pdf_module.MAX_ATTEMPTS):
        with pytest.raises(RuntimeError):
            pdf_module.render_and_store(pdf.pk)
    pdf.refresh_from_db()
    assert pdf.status == "failed" and "layout exploded" in pdf.last_error
    assert AuditEntry.objects.filter(kind="pact.declaration_pdf.failed").count() == 1
    publication.request_pdf(version, actor=world.coordinator)
    pdf.refresh_from_db()
    assert pdf.status == "pending"


def test_the_page_shows_being_prepared_with_polling_then_the_link(world, draft, client, media_root):
    version = _approve(world, draft)
    slug = world.partnership.slug
    page = client.get(reverse("partnerships:detail", args=[slug])).content.decode()
    status_url = reverse("partnerships:declaration_pdf_status", args=[slug, version.number])
    assert "being prepared" in page
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert f'href="{status_url}"' in page  # the refresh link without JavaScript
    fragment = client.get(status_url, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()
    pdf_module.render_and_store(DeclarationPdf.objects.get(version=version).pk)
    fragment = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert reverse("partnerships:declaration_pdf", args=[slug, version.number]) in fragment
    assert "hx-trigger" not in fragment


def test_a_pdf_with_five_commitments_renders(world, media_root):
    version = write_draft(world, commitments=6)
    data = pdf_module.render_version(version, draft=True)
    assert data.startswith(b"%PDF") and len(data) > 10_000


def test_each_target_has_its_figures_in_words_and_a_bar_without_text(world):
    version = write_draft(world, commitments=3)
    html = pdf_module.version_html(version, draft=True)
    # One small bar per target: WeasyPrint sets SVG text letter by letter, so the bars carry none,
    # and no SVG is taller than a page (one whole-chart SVG was cut off at the page's end).
    assert html.count("<svg") == 3 and "<text" not in html
    assert html.count('class="target-row"') == 3
    for n in range(3):
        assert f"<h3>{n + 1}. Commitment {n + 1}</h3>" in html
        assert f"Target <strong>{30 + n}</strong>" in html
    # The same figures as a table, laid out with fixed columns (see declaration-pdf.css).
    table = html.split('class="targets-table"')[1].split("</table>")[0]
    assert table.count('<th scope="row">') == 3
    assert "Baseline 0" in html and "By December 2027" in html
    assert "organisations taking part" in html
    assert "Latest validated" not in html  # a draft has no validated progress


def test_a_get_on_a_lost_pdf_writes_nothing_and_the_worker_renders_it_again(
    world, draft, client, media_root, monkeypatch
):
    version = _approve(world, draft)
    pdf = DeclarationPdf.objects.get(version=version)
    pdf_module.render_and_store(pdf.pk)
    pdf.refresh_from_db()
    default_storage.delete(pdf.file.name)
    queued = []
    monkeypatch.setattr(repair_pdf, "delay", queued.append)
    audit_rows = AuditEntry.objects.count()
    url = reverse("partnerships:declaration_pdf", args=[world.partnership.slug, version.number])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith("/pdf/status/")
    # The GET changed nothing: the row is as it was, no audit entry; the repair is queued.
    pdf.refresh_from_db()
    assert pdf.status == "ready" and pdf.progress == 100
    assert AuditEntry.objects.count() == audit_rows
    assert queued == [pdf.pk]
    # Meanwhile the status page says it is being prepared (no download link to a missing file).
    status = client.get(response["Location"]).content.decode()
    assert "The declaration PDF is being prepared" in status
    assert "download>" not in status
    # The worker records it pending again and renders it.
    assert repair_pdf.run(pdf.pk) is True
    pdf.refresh_from_db()
    assert pdf.status == "pending"
    pdf_module.render_and_store(pdf.pk)
    assert client.get(url).status_code == 200
    assert repair_pdf.run(pdf.pk) is False


def test_a_draft_preview_is_rendered_by_the_worker_with_progress(world, draft, login, media_root):
    client = login(world.coordinator)
    slug = world.partnership.slug
    status_url = reverse("partnerships:declaration_pdf_status", args=[slug, draft.number])
    pdf_url = reverse("partnerships:declaration_pdf", args=[slug, draft.number])
    assert "Prepare the preview (PDF, draft)" in client.get(status_url).content.decode()
    # The POST records the preview; the render runs after commit, in the worker, not here.
    response = client.post(reverse("partnerships:declaration_pdf_retry", args=[slug, draft.number]))
    assert response.status_code == 302
    preview = DeclarationPdf.objects.get(version=draft, draft=True)
    assert preview.status == "pending" and preview.content_hash == draft.content_hash
    assert "The preview is being prepared" in client.get(status_url).content.decode()
    assert client.get(pdf_url).status_code == 302
    assert pdf_module.render_and_store(preview.pk) is True
    preview.refresh_from_db()
    assert preview.status == "ready" and preview.progress == 100
    assert preview.file.name.endswith("-draft.pdf")
    assert "Download the preview (PDF, draft)" in client.get(status_url).content.decode()
    # A changed text needs a new preview; the old one goes with its file.
    drafting.save_section(
        draft,
        "challenges",
        {"challenges": "A changed text."},
        lock_version=draft.lock_version,
        actor=world.coordinator,
    )
    draft.refresh_from_db()
    assert client.get(pdf_url).status_code == 302
    old_file = preview.file.name
    publication.request_preview(draft)
    assert not DeclarationPdf.objects.filter(pk=preview.pk).exists()
    assert not default_storage.exists(old_file)


def test_nobody_else_asks_for_a_draft_preview(world, draft, login):
    url = reverse("partnerships:declaration_pdf_retry", args=[world.partnership.slug, 1])
    for user in (world.member, world.outsider):
        assert login(user).post(url).status_code == 404
    assert not DeclarationPdf.objects.filter(version=draft).exists()
