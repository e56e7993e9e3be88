"""Who and from where, for every audit entry written during a request (django-auditlog's middleware)."""

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware

from accounts.client_ip import client_ip


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, reading the client's address as the login lockout does.

    The library takes the first address of X-Forwarded-For whenever a client sends one: without a
    reverse proxy that sets it, anyone could write any address into the audit trail.
    """

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    def __call__(self, request):
        # The library leaves its context (actor, address) set after the response; a write made later in
        # the same thread outside any request (a task, a command, the next test) must not inherit it.
        token = auditlog_value.set({})
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)
