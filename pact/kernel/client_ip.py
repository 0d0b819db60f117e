"""The client's address, the one answer for throttles, sign-in limits and every per-address count.

``X-Forwarded-For`` is written by whoever sends the request: only the entries added by proxies of
ours can be believed. With ``TRUSTED_PROXY_COUNT`` such proxies in front (default 0: none, the
address is the connection's), the client is the entry that the outermost of them added, counted
from the right; anything the client put further left is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    candidate = forwarded[-min(count, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
