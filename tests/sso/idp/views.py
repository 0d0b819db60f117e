"""The provider's sign-in page, and the control API the tests drive it with."""

import json
from functools import wraps
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import login as auth_login
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import get_application_model

from tests.sso.idp import BASIC, STRONG
from tests.sso.idp.models import Fault, Profile


class SignInForm(forms.Form):
    username = forms.CharField(label="Username")
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    code = forms.CharField(label="Code from your phone (two-step verification)", required=False)


def _asks_for_two_steps(next_url: str) -> bool:
    query = parse_qs(urlsplit(next_url).query)
    return STRONG in " ".join(query.get("acr_values", [])).split()


def sign_in(request):
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is None:
            form.add_error(None, "Unknown username or wrong password.")
        else:
            profile, _ = Profile.objects.get_or_create(user=user)
            code = form.cleaned_data["code"]
            if code and code != profile.second_factor_code:
                form.add_error("code", "Wrong code.")
            elif not code and _asks_for_two_steps(next_url):
                form.add_error("code", "This service asks for two-step verification.")
            else:
                profile.last_acr = STRONG if code else BASIC
                profile.save(update_fields=["last_acr"])
                auth_login(request, user)
                return redirect(next_url)
    return render(request, "idp/login.html", {"form": form, "next": next_url})


def _controlled(view):
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = request.headers.get("X-Control-Token", "")
        if not settings.CONTROL_TOKEN or token != settings.CONTROL_TOKEN:
            return HttpResponseForbidden()
        body = json.loads(request.body or b"{}") if request.method == "POST" else {}
        return view(request, body, *args, **kwargs)

    return wrapper


@_controlled
def control_person(request, body):
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=body["username"])
    user.email = body.get("email", "")
    user.first_name = body.get("first_name", "")
    user.last_name = body.get("last_name", "")
    user.set_password(body["password"])
    user.save()
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "email_verified": body.get("email_verified", True),
            "second_factor_code": body.get("code", "246810"),
        },
    )
    return JsonResponse({"sub": str(user.pk)})


@_controlled
def control_client(request, body):
    application_model = get_application_model()
    application = application_model.objects.filter(client_id=body["client_id"]).first()
    if application is None:
        application = application_model(client_id=body["client_id"])
    application.name = body.get("name", "Pact Portal (tests)")
    application.client_secret = body["client_secret"]
    application.client_type = application_model.CLIENT_CONFIDENTIAL
    application.authorization_grant_type = application_model.GRANT_AUTHORIZATION_CODE
    application.algorithm = application_model.RS256_ALGORITHM
    application.redirect_uris = " ".join(body["redirect_uris"])
    application.post_logout_redirect_uris = " ".join(body.get("post_logout_redirect_uris", []))
    application.skip_authorization = True
    application.save()
    return JsonResponse({"client_id": application.client_id})


@_controlled
def control_fault(request, body):
    Fault.objects.all().delete()
    if body.get("kind"):
        Fault.objects.create(kind=body["kind"])
    return JsonResponse({"kind": body.get("kind", "")})


def whoami(request):
    """Whether this browser is signed in at the provider (after a portal sign-out: not)."""
    user = request.user
    return JsonResponse({"username": user.username if user.is_authenticated else None})
