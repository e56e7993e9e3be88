"""The client's address, for the login lockout and the audit trail."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The first of AXES_IP_HEADERS the request carries, else REMOTE_ADDR.

    Behind a reverse proxy REMOTE_ADDR is the proxy's own address; the proxy passes the client's in a
    header it sets itself (nginx: `proxy_set_header X-Real-IP $remote_addr`, read as HTTP_X_REAL_IP). Only
    name a header the proxy always overwrites: a client could otherwise pick its address and dodge the
    lockout or
    write any address into the audit trail.
    """
    for header in settings.AXES_IP_HEADERS:
        # X-Forwarded-For lists the hops; the first is the client as the first proxy saw it.
        value = request.META.get(header, "").split(",")[0].strip()
        if value:
            return value
    return request.META.get("REMOTE_ADDR")
