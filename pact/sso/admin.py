"""The provider is configured by environment variables only, and its tokens are not stored: the
admin keeps allauth's page of linked identities and drops its pages of apps and tokens."""

from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin

for model in (SocialApp, SocialToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
