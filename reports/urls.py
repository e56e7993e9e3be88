from django.urls import path

from reports import views
from reports.quarterly import views as quarterly_views

app_name = "reports"

urlpatterns = [
    path("", views.national_dashboard, name="national"),
    path("export.xlsx", views.national_export, name="national_export"),
    path("provinces/<int:pk>/", views.province_dashboard, name="province"),
    path("provinces/<int:pk>/export.xlsx", views.province_export, name="province_export"),
    path("quarterly/", quarterly_views.report_list, name="quarterly_list"),
    path("quarterly/new/", quarterly_views.report_new, name="quarterly_new"),
    path("quarterly/<int:pk>/", quarterly_views.report_detail, name="quarterly_detail"),
    path(
        "quarterly/<int:pk>/<str:kind>/",
        quarterly_views.report_download,
        name="quarterly_download",
    ),
]
