"""A real OpenID Connect provider for the sign-in tests: django-oauth-toolkit's OIDC support in a
small Django project of its own, with its own PostgreSQL database, started as its own process on
the loopback interface (``tests/sso/conftest.py``).

Besides the protocol it has a sign-in page that, like EU Login, tells a password sign-in
(``acr`` = ``BASIC``) from one with a second factor (``STRONG``), and a control API the tests use
to create people and clients and to make the next ID token wrong in one chosen way.
"""

BASIC = "urn:pact-test-idp:acr:password"
STRONG = "urn:pact-test-idp:acr:two-step"
