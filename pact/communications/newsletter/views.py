"""Newsletter pages: subscribing (double opt-in), unsubscribing, and composing and sending for staff."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from pact import access
from pact.access.decorators import staff_required
from pact.communications.models import Newsletter, NewsletterStatus
from pact.communications.newsletter import languages as newsletter_languages
from pact.communications.newsletter import selectors, sending
from pact.communications.newsletter import services as newsletter
from pact.communications.newsletter.forms import NewsletterForm, SubscribeForm
from pact.kernel import assurance
from pact.kernel.client_ip import client_ip

TokenResult = newsletter.TokenResult


SUBSCRIBE_LIMIT_PER_HOUR = 10


def _too_many_requests(request: HttpRequest) -> bool:
    """At most a few confirmation mails per hour from one address: nobody mail-bombs through us.

    Off wherever the account rate limits are off (the tests); fails open if the cache is down.
    """
    if settings.ACCOUNT_RATE_LIMITS is False:
        return False
    key = f"newsletter-subscribe:{client_ip(request)}"
    try:
        cache.add(key, 0, timeout=3600)
        return cache.incr(key) > SUBSCRIBE_LIMIT_PER_HOUR
    except Exception:
        return False


def subscribe(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    own = selectors.subscription_for(user) if user else None
    initial = {
        "email": user.email if user else "",
        "language": (user.language if user else request.LANGUAGE_CODE[:2]),
    }
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _too_many_requests(request):
            form.add_error(None, _("Too many requests from your network. Please try again later."))
            return render(
                request,
                "communications/newsletter_subscribe.html",
                {"form": form, "own": own, "days": newsletter.CONFIRMATION_DAYS},
                status=429,
            )
        newsletter.subscribe(
            form.cleaned_data["email"], language=form.cleaned_data["language"], user=user
        )
        return render(
            request,
            "communications/newsletter_check_inbox.html",
            {"email": form.cleaned_data["email"]},
        )
    return render(
        request,
        "communications/newsletter_subscribe.html",
        {"form": form, "own": own, "days": newsletter.CONFIRMATION_DAYS},
    )


@require_POST
def unsubscribe_own(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    own = selectors.subscription_for(request.user)
    if own is None:
        raise Http404
    newsletter.unsubscribe_own(own, actor=request.user)
    messages.success(request, _("You will not receive the newsletter any more."))
    return redirect("communications:newsletter_subscribe")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links; they must not subscribe anyone); POST confirms."""
    if request.method == "POST":
        result, subscription = newsletter.confirm(token)
    else:
        failure, subscription = newsletter.subscription_for_confirmation(token)
        result = failure or TokenResult.DONE
        if failure is None:
            return render(
                request,
                "communications/newsletter_confirm.html",
                {"subscription": subscription, "token": token},
            )
    status = 200 if result in (TokenResult.DONE, TokenResult.ALREADY) else 400
    return render(
        request,
        "communications/newsletter_token_result.html",
        {"action": "confirm", "result": result.value, "subscription": subscription},
        status=status,
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session or token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirmation button; POST (the button, or a mail client) unsubscribes."""
    if request.method == "POST":
        result, subscription = newsletter.unsubscribe(token)
    else:
        failure, subscription = newsletter.subscription_for_unsubscribe(token)
        if failure is None:
            return render(
                request,
                "communications/newsletter_unsubscribe.html",
                {"subscription": subscription, "token": token},
            )
        result = failure
    status = 200 if result in (TokenResult.DONE, TokenResult.ALREADY) else 400
    return render(
        request,
        "communications/newsletter_token_result.html",
        {"action": "unsubscribe", "result": result.value, "subscription": subscription},
        status=status,
    )


# --- staff: compose and send -------------------------------------------------------------------


@staff_required(access.Perm.STAFF)
def manage(request: HttpRequest) -> HttpResponse:
    page = Paginator(Newsletter.objects.select_related("created_by"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communications/newsletter_manage.html",
        {"page": page, "counts": selectors.subscriber_counts()},
    )


@staff_required(access.Perm.STAFF)
def compose(request: HttpRequest) -> HttpResponse:
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = sending.create_newsletter(
                actor=request.user,
                subject=data["subject"],
                introduction=data["introduction"],
                news_items=list(data["news_items"]),
                language=data["language"],
                translations=form.translations(),
                sign_in=assurance.of(request),
            )
        except sending.NewsletterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The newsletter was saved. Check the preview below."))
            return redirect("communications:newsletter_detail", pk=item.pk)
    status = 400 if form.errors else 200
    return render(
        request, "communications/newsletter_form.html", {"form": form, "item": None}, status=status
    )


def _get_newsletter(pk: int) -> Newsletter:
    return get_object_or_404(Newsletter.objects.select_related("created_by", "sent_by"), pk=pk)


@staff_required(access.Perm.STAFF)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_newsletter(pk)
    if item.status != NewsletterStatus.DRAFT:
        messages.error(request, _("This newsletter is being sent or was sent; it cannot change."))
        return redirect("communications:newsletter_detail", pk=item.pk)
    form = NewsletterForm(
        request.POST or None,
        translations=newsletter_languages.rows_of(item),
        initial={
            "language": item.language,
            "subject": item.subject,
            "introduction": item.introduction,
            "news_items": list(item.news_items.all()),
            "lock_version": item.lock_version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sending.update_newsletter(
                item,
                actor=request.user,
                lock_version=data["lock_version"] or 0,
                subject=data["subject"],
                introduction=data["introduction"],
                news_items=list(data["news_items"]),
                language=data["language"],
                translations=form.translations(),
                sign_in=assurance.of(request),
            )
        except sending.NewsletterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("communications:newsletter_detail", pk=item.pk)
    return render(request, "communications/newsletter_form.html", {"form": form, "item": item})


@staff_required(access.Perm.STAFF)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_newsletter(pk)
    return render(
        request,
        "communications/newsletter_detail.html",
        {
            "item": item,
            "preview": sending.newsletter_context(item),
            "progress": selectors.newsletter_progress(item),
            "confirmed": selectors.subscriber_counts()["confirmed"],
        },
    )


@staff_required(access.Perm.STAFF)
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone: htmx polls it while the newsletter is sending."""
    item = _get_newsletter(pk)
    response = render(
        request,
        "communications/_newsletter_progress.html",
        {"item": item, "progress": selectors.newsletter_progress(item)},
    )
    if item.status != NewsletterStatus.SENDING:
        response["HX-Trigger"] = "newsletter-finished"
    return response


@staff_required(access.Perm.STAFF)
@require_POST
def send_test(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_newsletter(pk)
    sending.send_test(item, actor=request.user, sign_in=assurance.of(request))
    email = getattr(request.user, "email", "")
    messages.success(request, _("A test was sent to %(email)s.") % {"email": email})
    return redirect("communications:newsletter_detail", pk=item.pk)


@staff_required(access.Perm.STAFF)
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_newsletter(pk)
    try:
        sending.start_sending(item, actor=request.user, sign_in=assurance.of(request))
    except sending.NewsletterError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Sending has started. This page shows the progress."))
    return redirect("communications:newsletter_detail", pk=item.pk)
