"""Writes that change the dashboards' summaries mark their province for a refresh on commit (summaries).

Attendance rows are not watched: the attendance grid rewrites them with `bulk_create`, which sends no
signal, and the new rows' ids are caught by the watermarks on the next dashboard read. Watching their
deletion would also make every grid save fetch the rows it deletes, one signal each.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from candidates.models import Body, Candidacy, QuotaTarget, StageChange, Term
from directory.models import Person
from reports.models import Indicator, ManualValue, Target
from reports.summaries import data_changed, mark_stale
from trainings.models import Course, Enrolment, Programme


def _course_saving(sender, instance: Course, **kwargs) -> None:
    # A course moved to another province leaves its old province's figures stale too.
    if instance.pk:
        instance._reports_old_province_id = (
            Course.objects.filter(pk=instance.pk).values_list("province_id", flat=True).first()
        )


def _course_changed(sender, instance: Course, **kwargs) -> None:
    mark_stale(instance.province_id)
    old = getattr(instance, "_reports_old_province_id", None)
    if old is not None and old != instance.province_id:
        mark_stale(old)


def _enrolment_changed(sender, instance: Enrolment, **kwargs) -> None:
    mark_stale(course_id=instance.course_id)


def _other_change(sender, **kwargs) -> None:
    data_changed()


# Shown on the dashboards without passing through the summaries: a change makes cached dashboards old.
# (A person's gender also enters the summaries' count of women: it is recounted at the next refresh.)
OTHER_MODELS = (
    Candidacy,
    StageChange,
    Body,
    Term,
    QuotaTarget,
    Indicator,
    Target,
    ManualValue,
    Programme,
    Person,
)


def connect() -> None:
    for model in OTHER_MODELS:
        post_save.connect(_other_change, sender=model, dispatch_uid=f"reports_{model.__name__}_saved")
        post_delete.connect(_other_change, sender=model, dispatch_uid=f"reports_{model.__name__}_deleted")
    pre_save.connect(_course_saving, sender=Course, dispatch_uid="reports_course_saving")
    post_save.connect(_course_changed, sender=Course, dispatch_uid="reports_course_saved")
    post_delete.connect(_course_changed, sender=Course, dispatch_uid="reports_course_deleted")
    post_save.connect(_enrolment_changed, sender=Enrolment, dispatch_uid="reports_enrolment_saved")
    post_delete.connect(_enrolment_changed, sender=Enrolment, dispatch_uid="reports_enrolment_deleted")
