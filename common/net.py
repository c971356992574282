"""Who is asking: the client's address, the same rule for every limit and lock-out."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets
    (LARSPAR_CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP from deploy/nginx/larspar.conf)."""
    header = settings.LARSPAR_CLIENT_IP_HEADER or "REMOTE_ADDR"
    return (request.META.get(header) or request.META.get("REMOTE_ADDR") or "unknown")[:100]


def client_ip(request) -> str | None:
    """`client_address` when it is an IP address, else None (django-axes stores it as one)."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def absolute_url(path: str) -> str:
    """`path` on the site's public address (LARSPAR_BASE_URL), for links that leave the site:
    QR codes, e-mails, security.txt."""
    return settings.LARSPAR_BASE_URL.rstrip("/") + path
