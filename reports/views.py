from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.models import AdministrativeUnit
from directory.scoping import user_has_national_scope, user_province_id
from reports.charts import dashboard_charts
from reports.exports import dashboard_workbook
from reports.selectors import filtered_dashboard
from trainings.imports.files import XLSX


def _province_for_user(request: HttpRequest, pk: int) -> AdministrativeUnit:
    """The province of a provincial dashboard; another province's is a 404 for an officer."""
    if not user_has_national_scope(request.user) and pk != user_province_id(request.user):
        raise Http404
    return get_object_or_404(AdministrativeUnit.objects.current_provinces(), pk=pk)


def _render(request: HttpRequest, province: AdministrativeUnit | None) -> HttpResponse:
    filterset, board = filtered_dashboard(user=request.user, data=request.GET, province=province)
    export_url = (
        reverse("reports:province_export", args=[province.pk])
        if province
        else reverse("reports:national_export")
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "filter": filterset,
            "board": board,
            "province": province,
            "charts": dashboard_charts(board),
            "export_url": f"{export_url}?{request.GET.urlencode()}",
        },
    )


def _export(request: HttpRequest, province: AdministrativeUnit | None) -> HttpResponse:
    _filterset, board = filtered_dashboard(user=request.user, data=request.GET, province=province)
    title = province.short_name if province else _("National")
    period = board.scope.period.code if board.scope.period else "all"
    filename = f"dashboard-{slugify(title) or 'province'}-{period}.xlsx"
    return HttpResponse(
        dashboard_workbook(board, title=title),
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def _national_or_redirect(request: HttpRequest, view_name: str) -> HttpResponse | None:
    # An officer's national dashboard is her province's; a chosen province has its own page.
    query = request.GET.copy()
    if not user_has_national_scope(request.user):
        province_id = user_province_id(request.user)
        if province_id is None:
            raise Http404
        return redirect(f"{reverse(view_name, args=[province_id])}?{query.urlencode()}")
    chosen = query.pop("province", [""])[-1]
    if chosen.isdigit() and AdministrativeUnit.objects.current_provinces().filter(pk=chosen).exists():
        query.pop("names", None)
        return redirect(f"{reverse(view_name, args=[int(chosen)])}?{query.urlencode()}")
    return None


def national_dashboard(request: HttpRequest) -> HttpResponse:
    return _national_or_redirect(request, "reports:province") or _render(request, None)


def province_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _province_for_user(request, pk))


def national_export(request: HttpRequest) -> HttpResponse:
    return _national_or_redirect(request, "reports:province_export") or _export(request, None)


def province_export(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, _province_for_user(request, pk))


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: a provincial officer lands on her province's dashboard, at this address."""
    if request.user.is_officer and request.user.province_id:
        return province_dashboard(request, request.user.province_id)
    return render(request, "home.html")
