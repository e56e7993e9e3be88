from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.national_dashboard, name="national"),
    path("export.xlsx", views.national_export, name="national_export"),
    path("provinces/<int:pk>/", views.province_dashboard, name="province"),
    path("provinces/<int:pk>/export.xlsx", views.province_export, name="province_export"),
]
