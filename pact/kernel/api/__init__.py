"""REST plumbing every app's API uses: ``auth`` (personal tokens, scopes, rate limits),
``plumbing`` (strict filters, pagination, the error body, ETag and If-Match, idempotent creation),
``schema`` (the OpenAPI schema's errors and security) and ``examples`` (the documented examples).

Kernel: imports no app, not access, not the site.
"""
