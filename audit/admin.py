"""The audit trail in the admin site: read-only for everyone, administrators included."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin


class ReadOnlyLogEntryAdmin(LogEntryAdmin):
    """django-auditlog's admin refuses adding and changing; this refuses deleting too, everywhere.

    The library lets a deletion elsewhere in the admin cascade into entries; nothing here relates to
    entries with a cascade (a removed user's entries keep their text and lose only the link).
    """

    actions = None

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(LogEntry)
admin.site.register(LogEntry, ReadOnlyLogEntryAdmin)
