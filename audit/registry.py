"""Which models the audit trail follows, and how: one list, read by AuditConfig.ready().

django-auditlog records every save() and delete() of these models through signals, with the actor and
the address set by `audit.middleware.AuditMiddleware`. Writes that send no signals (bulk_create, COPY,
bulk_update, QuerySet.update) are recorded by `audit.services` where they are made.
"""

from auditlog.registry import auditlog
from django.apps import apps

# Derived or bookkeeping columns: recomputed on every save, they would only add noise to each entry.
_DERIVED = ["search_key", "sort_key", "full_name", "updated_at", "created_at"]

# The audit trail keeps ID numbers masked like a ministry reader sees them: the trail is a copy of
# personal data, and it must not keep in full what the retention purge erases from the person.
_MASK_ID = {"mask_fields": ["citizen_id"], "mask_callable": "audit.registry.mask_for_audit"}

AUDITED_MODELS: dict[str, dict] = {
    "directory.Person": {"exclude_fields": _DERIVED, **_MASK_ID},
    "trainings.Enrolment": {"exclude_fields": ["updated_at", "created_at"]},
    "candidates.Candidacy": {"exclude_fields": ["updated_at", "created_at"]},
    "candidates.StageChange": {"exclude_fields": ["recorded_at"]},
    "reports.Target": {},
    "reports.ManualValue": {},
    "candidates.QuotaTarget": {"exclude_fields": ["updated_at"]},
    # Never the password hash; last_login changes at every login and says nothing about the account.
    "accounts.User": {"exclude_fields": ["password", "last_login"]},
}


def mask_for_audit(value: str) -> str | None:
    """The library hands every value as text, a missing one as "None": keep that one missing."""
    from directory.privacy import mask_citizen_id

    return None if value in ("None", "") else mask_citizen_id(value)


def register_audited_models() -> None:
    for label, options in AUDITED_MODELS.items():
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(model, **options)
