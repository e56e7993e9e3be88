from django.urls import path

from trainings import import_urls, views

app_name = "trainings"
urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_pk>/assignments/new/", views.assignment_create, name="assignment_create"),
    path("assignments/", views.assignment_list, name="assignment_list"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/trainers/add/", views.course_trainer_add, name="course_trainer_add"),
    path("trainers/<int:pk>/remove/", views.course_trainer_remove, name="course_trainer_remove"),
    path("courses/<int:pk>/enrol/", views.enrolment_add, name="enrolment_add"),
    path("courses/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("courses/<int:pk>/feedback/", views.feedback_summary, name="feedback_summary"),
    path("courses/<int:pk>/cascade/", views.cascade, name="cascade"),
    path("courses/<int:pk>/cascade/action-plans/", views.cascade_action_plans, name="cascade_action_plans"),
    path("courses/<int:pk>/invite/", views.wrap_up_invite, name="wrap_up_invite"),
    path("enrolments/<int:pk>/edit/", views.enrolment_edit, name="enrolment_edit"),
    path("enrolments/<int:pk>/remove/", views.enrolment_remove, name="enrolment_remove"),
    path("enrolments/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("enrolments/<int:pk>/action-plan/", views.action_plan, name="action_plan"),
    *import_urls.urlpatterns,
]
