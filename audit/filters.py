import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.registry import AUDITED_MODELS

ACTIONS = [
    (LogEntry.Action.CREATE, _("added")),
    (LogEntry.Action.UPDATE, _("changed")),
    (LogEntry.Action.DELETE, _("deleted")),
    (LogEntry.Action.ACCESS, _("viewed")),
]


def _audited_content_types(request=None):
    labels = [label.lower().split(".") for label in AUDITED_MODELS]
    query = Q(pk__in=[])
    for app_label, model in labels:
        query |= Q(app_label=app_label, model=model)
    return ContentType.objects.filter(query).order_by("app_label", "model")


class ModelChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class LogEntryFilter(django_filters.FilterSet):
    model = django_filters.ModelChoiceFilter(
        label=_("Record type"), field_name="content_type", queryset=_audited_content_types
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=ACTIONS)
    actor = django_filters.ModelChoiceFilter(
        label=_("User"), queryset=User.objects.order_by("username"), field_name="actor"
    )
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="timestamp",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="timestamp",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    record = django_filters.CharFilter(
        label=_("Record"),
        method="filter_record",
        widget=forms.TextInput(attrs={"placeholder": _("Number or name"), "type": "search"}),
    )

    class Meta:
        model = LogEntry
        fields = ["model", "action", "actor", "since", "until", "record"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["model"].field_class = ModelChoice

    def filter_record(self, queryset, name, value):
        value = value.strip().lstrip("#")
        if value.isdigit():
            return queryset.filter(object_id=int(value))
        return queryset.filter(object_repr__icontains=value)
