from django.urls import path

from trainings import certificate_views as views

app_name = "certificates"
urlpatterns = [
    path("enrolments/<int:pk>/", views.certificate_download, name="download"),
    path("courses/<int:pk>/", views.course_certificates, name="course"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:number>/", views.verify, name="verify"),
]
