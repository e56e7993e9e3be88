from django.urls import path

from candidates import import_views, views

app_name = "candidates"
urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("list/", views.candidacy_list, name="candidacy_list"),
    path("new/", views.candidacy_create_view, name="candidacy_create"),
    path("quotas/", views.quota_table, name="quota_table"),
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/new/", import_views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("imports/<int:pk>/commit/", import_views.import_commit, name="import_commit"),
    path("imports/<int:pk>/discard/", import_views.import_discard, name="import_discard"),
    path("imports/<int:pk>/file/", import_views.import_file, name="import_file"),
    path("<int:pk>/", views.candidacy_detail, name="candidacy_detail"),
    path("<int:pk>/stage/", views.candidacy_advance_view, name="candidacy_advance"),
]
