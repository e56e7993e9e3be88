"""URLs of the attendee import and the participants export of a course (included by trainings.urls)."""

from django.urls import path

from trainings import import_views as views

urlpatterns = [
    path("courses/<int:pk>/imports/", views.import_list, name="import_list"),
    path("courses/<int:pk>/imports/template.xlsx", views.import_template, name="import_template"),
    path("courses/<int:pk>/imports/<int:batch_pk>/", views.import_preview, name="import_preview"),
    path("courses/<int:pk>/imports/<int:batch_pk>/commit/", views.import_commit_view, name="import_commit"),
    path(
        "courses/<int:pk>/imports/<int:batch_pk>/discard/", views.import_discard_view, name="import_discard"
    ),
    path("courses/<int:pk>/imports/<int:batch_pk>/file/", views.import_file, name="import_file"),
    path(
        "courses/<int:pk>/imports/<int:batch_pk>/errors.xlsx",
        views.import_error_report,
        name="import_error_report",
    ),
    path(
        "courses/<int:pk>/participants.<str:file_format>",
        views.participants_export,
        name="participants_export",
    ),
]
