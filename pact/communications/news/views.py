"""News pages: the public list and items, and writing news for staff and coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pact import access
from pact.communications.news import selectors, services, translations
from pact.communications.news.forms import NewsFilterForm, NewsItemForm, NewsTranslationForm
from pact.kernel.cache.page_cache import public_page
from pact.kernel.language import language_links, requested_language, speaking

PAGE_SIZE = 20


@public_page
def news_list(request: HttpRequest) -> HttpResponse:
    form = NewsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    partnership = None
    if filters.get("partnership"):
        partnership = selectors.public_partnership_or_404(filters["partnership"])
    items = selectors.news_list(
        ecosystem=filters.get("ecosystem", ""),
        partnership=partnership,
        language=filters.get("language", ""),
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered_partnership": partnership,
        "filters": filters,
        "can_write": request.user.is_authenticated and access.can_write_news(request.user),
    }
    htmx = getattr(request, "htmx", None)
    partial = htmx is not None and bool(htmx) and not htmx.history_restore_request
    template = "communications/_news_results.html" if partial else "communications/news_list.html"
    return render(request, template, context)


@public_page
def partnership_news(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = selectors.public_partnership_or_404(slug)
    page = Paginator(selectors.partnership_news(partnership, limit=None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communications/partnership_news.html",
        {
            "partnership": partnership,
            "page": page,
            "can_write": request.user.is_authenticated
            and access.can_write_partnership_news(request.user, partnership),
        },
    )


@public_page
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The item in ``?lang=`` or the reader's language when translated, else its original, with
    links to its other languages (and their ``hreflang`` alternates)."""
    item = selectors.get_news_or_404(request.user, slug)
    shown = translations.shown(item, requested_language(request))
    languages = [item.language, *(t.language for t in item.translations.all())]
    return render(
        request,
        "communications/news_detail.html",
        {
            "item": item,
            "shown": shown,
            "related": item.related_partnerships.public().order_by("name"),
            "can_edit": request.user.is_authenticated and access.can_edit_news(request.user, item),
            "language_alternates": language_links(
                request, languages, current=shown.language, original=item.language
            )
            if len(languages) > 1
            else [],
        },
    )


@login_required
def news_translation(request: HttpRequest, slug: str, language: str | None = None) -> HttpResponse:
    """Add (no ``language``) or edit a translation, beside the original's text."""
    item = selectors.get_editable_news_or_404(request.user, slug)
    existing = None
    if language is not None:
        existing = item.translations.filter(language=language).first()
        if existing is None:
            raise Http404
    initial = (
        {
            "title": existing.title,
            "summary": existing.summary,
            "body": existing.body,
            "lock_version": existing.lock_version,
        }
        if existing
        else {}
    )
    form = NewsTranslationForm(request.POST or None, initial=initial, fixed_language=language)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = translations.save_translation(
                    item,
                    actor=request.user,
                    language=language or data["language"],
                    title=data["title"],
                    summary=data["summary"],
                    body=data["body"],
                    lock_version=(data.get("lock_version") or 0) if existing else None,
                )
            except services.NewsError as exc:
                form.add_error(None, str(exc))
            else:
                with speaking(saved.language):
                    messages.success(request, _("The translation is saved."))
                return redirect(f"{item.get_absolute_url()}?lang={saved.language}")
        status = 400
    return render(
        request,
        "communications/news_translation_form.html",
        {"item": item, "form": form, "existing": existing},
        status=status,
    )


@login_required
def my_news(request: HttpRequest) -> HttpResponse:
    if not access.can_write_news(request.user):
        raise Http404
    page = Paginator(selectors.editable_news(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "communications/news_mine.html", {"page": page})


@login_required
def news_create(request: HttpRequest) -> HttpResponse:
    if not access.can_write_news(request.user):
        raise Http404
    initial = {"language": request.LANGUAGE_CODE[:2]}
    wanted = request.GET.get("partnership")
    if wanted:
        match = access.news_partnerships(request.user).filter(slug=wanted).first()
        if match:
            initial["publisher"] = str(match.pk)
    form = NewsItemForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.create_news(
                actor=request.user,
                partnership=data["publisher"],
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                language=data["language"],
                published_on=data["published_on"],
                ecosystems=data["ecosystems"],
                related_partnerships=list(data["related_partnerships"]),
            )
        except services.NewsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The draft was saved. Check it below, then publish it."))
            return redirect(item.get_absolute_url())
    return render(request, "communications/news_form.html", {"form": form, "item": None})


@login_required
def news_edit(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.get_editable_news_or_404(request.user, slug)
    form = NewsItemForm(
        request.POST or None,
        user=request.user,
        item=item,
        initial=NewsItemForm.initial_for(item),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_news(
                item,
                actor=request.user,
                lock_version=data["lock_version"] or 0,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                language=data["language"],
                published_on=data["published_on"],
                ecosystems=data["ecosystems"],
                related_partnerships=list(data["related_partnerships"]),
            )
        except services.NewsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(item.get_absolute_url())
    return render(request, "communications/news_form.html", {"form": form, "item": item})


@login_required
@require_POST
def news_publish(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.get_editable_news_or_404(request.user, slug)
    try:
        services.publish_news(item, actor=request.user)
    except services.NewsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The item is published."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def news_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.get_editable_news_or_404(request.user, slug)
    try:
        services.unpublish_news(item, actor=request.user)
    except services.NewsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The item is back to draft: only editors can see it."))
    return redirect(item.get_absolute_url())


@login_required
def news_delete(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.get_editable_news_or_404(request.user, slug)
    if request.method == "POST":
        try:
            services.delete_news(item, actor=request.user)
        except services.NewsError as exc:
            messages.error(request, str(exc))
            return redirect(item.get_absolute_url())
        messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": item.title})
        return redirect("communications:news_mine")
    return render(request, "communications/news_delete.html", {"item": item})
