"""django-oauth-toolkit's validator, with the person's profile in the claims and the faults the
tests ask for applied to the next ID token."""

import base64
import json
import time

from django.db import router, transaction
from jwcrypto import jwk, jwt
from oauth2_provider.models import IDToken
from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.sso.idp.models import Fault, Profile


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


class Validator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "acr": "openid"}

    def get_additional_claims(self, request):
        user = request.user
        profile, _ = Profile.objects.get_or_create(user=user)
        return {
            "email": user.email,
            "email_verified": profile.email_verified,
            "name": user.get_full_name(),
            "given_name": user.first_name,
            "family_name": user.last_name,
            "preferred_username": user.username,
            "acr": profile.last_acr,
        }

    def finalize_id_token(self, id_token, token, token_handler, request):
        fault = Fault.take()
        if not fault:
            return super().finalize_id_token(id_token, token, token_handler, request)
        claims, expiration_time = self.get_id_token_dictionary(token, token_handler, request)
        id_token.update(**claims)
        if "nonce" not in id_token and request.nonce:
            id_token["nonce"] = request.nonce
        key = request.client.jwk_key
        header = {"typ": "JWT", "alg": request.client.algorithm, "kid": key.thumbprint()}
        now = int(time.time())
        if fault == "wrong_nonce":
            id_token["nonce"] = "a-nonce-this-browser-was-never-given"
        elif fault == "wrong_audience":
            id_token["aud"] = "another-client"
        elif fault == "wrong_issuer":
            id_token["iss"] = id_token["iss"].rstrip("/") + "/elsewhere"
        elif fault == "expired":
            id_token["iat"], id_token["exp"] = now - 1200, now - 600
        elif fault == "bad_signature":
            key = jwk.JWK.generate(kty="RSA", size=2048)  # same kid, another private key
        with transaction.atomic(using=router.db_for_write(IDToken)):
            saved = self._save_id_token(id_token["jti"], request, expiration_time)
        request.access_token = saved
        request.id_token = saved
        if fault == "unsigned":
            return f"{_b64({'typ': 'JWT', 'alg': 'none'})}.{_b64(id_token)}."
        token_ = jwt.JWT(header=json.dumps(header), claims=json.dumps(id_token, default=str))
        token_.make_signed_token(key)
        return token_.serialize()
