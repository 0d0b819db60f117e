"""Sign-in through an OpenID Connect provider such as EU Login.

allauth's ``openid_connect`` provider does the protocol; this package adds what it leaves out
(the nonce, checking the ID token's signature, PKCE always on), the portal's linking rules, the
provider's ``acr`` in the sign-in's records (``pact.kernel.assurance``), sign-out at the provider, and
the pages a person uses to manage their sign-in methods and to confirm a second factor.
"""
