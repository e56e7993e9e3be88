from django.urls import path

from candidates import views

app_name = "candidates"
urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("list/", views.candidacy_list, name="candidacy_list"),
    path("new/", views.candidacy_create_view, name="candidacy_create"),
    path("quotas/", views.quota_table, name="quota_table"),
    path("<int:pk>/", views.candidacy_detail, name="candidacy_detail"),
    path("<int:pk>/stage/", views.candidacy_advance_view, name="candidacy_advance"),
]
