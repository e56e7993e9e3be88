from django.contrib import admin

from directory.models import AdministrativeUnit, EthnicGroup, Organisation, Person
from directory.privacy import log_full_access


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "catalogue", "parent", "successor"]
    list_filter = ["catalogue", "kind"]
    search_fields = ["code", "name", "search_key"]
    list_select_related = ["parent", "successor"]
    raw_id_fields = ["parent", "successor"]


@admin.register(EthnicGroup)
class EthnicGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "code_list", "aliases", "is_minority"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "unit", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "search_key"]
    list_select_related = ["unit", "parent"]
    autocomplete_fields = ["unit", "parent"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "gender", "year_of_birth", "province", "organisation", "position"]
    list_filter = ["gender", "leadership_level", "province"]
    search_fields = ["search_key", "citizen_id", "email", "phone"]
    list_select_related = ["province", "organisation"]
    autocomplete_fields = ["organisation", "ethnic_group", "province"]
    readonly_fields = ["full_name", "created_at", "updated_at", "created_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        person = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and person is not None and person.citizen_id:
            log_full_access(user=request.user, person=person, where="admin")
        return response
