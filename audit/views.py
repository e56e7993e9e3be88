from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.display import access_label, access_place, readable_changes, record_type
from audit.filters import LogEntryFilter


def _require_administrator(request: HttpRequest) -> None:
    """The trail holds everyone's changes and views: administrators only, others get a 403."""
    if not request.user.is_administrator:
        raise PermissionDenied


@require_GET
def log_list(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    entries = LogEntry.objects.select_related("content_type", "actor").order_by("-timestamp", "-pk")
    log_filter = LogEntryFilter(request.GET, queryset=entries)
    page = Paginator(log_filter.qs, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": entry,
            "record_type": record_type(entry),
            "changes": readable_changes(entry),
            "access": access_label(entry),
            "place": access_place(entry),
        }
        for entry in page.object_list
    ]
    return render(request, "audit/log_list.html", {"filter": log_filter, "page": page, "rows": rows})
