from django.contrib import admin

from reports.models import Indicator, ManualValue, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "unit", "computation", "position", "is_shown"]
    list_filter = ["computation", "unit", "is_shown"]
    search_fields = ["code", "name", "name_en"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "unit", "value", "source"]
    list_filter = ["indicator"]
    autocomplete_fields = ["unit"]


@admin.register(ManualValue)
class ManualValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "unit", "value", "source", "entered_by", "entered_at"]
    list_filter = ["indicator"]
    autocomplete_fields = ["unit"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["indicator"].queryset = Indicator.objects.filter(
            computation=Indicator.Computation.MANUAL
        )
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)
