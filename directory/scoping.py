"""The one rule for who may see what: national roles see everything, provincial officers their province.

Every scoped model's manager exposes `visible_to(user)` built on `scope_to_province`, naming the path from
that model to its (current, post-2025) province. Views, filters, exports, imports and reports read through
it, and writes check the same rule, so that a provincial officer never reaches another province's rows.
"""

from django.db.models import QuerySet


def user_has_national_scope(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and getattr(user, "has_national_scope", False)
    )


def user_province_id(user) -> int | None:
    if not (user and user.is_authenticated and user.is_active):
        return None
    return getattr(user, "province_id", None)


def scope_to_province(queryset: QuerySet, user, province_path: str) -> QuerySet:
    if user_has_national_scope(user):
        return queryset
    province_id = user_province_id(user)
    if province_id is None:
        return queryset.none()
    return queryset.filter(**{f"{province_path}_id": province_id})
