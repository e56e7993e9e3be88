from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import CURRENT_PROVINCES, AdministrativeUnit


class User(AbstractUser):
    class Role(models.TextChoices):
        MINISTRY = "ministry", _("Ministry staff")
        OFFICER = "officer", _("Provincial officer")
        ADMIN = "admin", _("Administrator")

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OFFICER)
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
        limit_choices_to=CURRENT_PROVINCES,
        help_text=_("Provincial officers see and change only this province's data."),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_(
            "Set when an administrator resets the password: the user chooses a new one at next login."
        ),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="officer") | models.Q(province__isnull=False),
                name="officer_has_province",
                violation_error_message=_("A provincial officer must have a province."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Vietnamese names are written family name first: "Nguyễn Thị Lan".
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    def save(self, *args, **kwargs):
        # Administrators work in the Django admin for users and reference data.
        if self.role == self.Role.ADMIN:
            self.is_staff = True
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.role == self.Role.OFFICER and not self.province_id:
            raise ValidationError({"province": _("A provincial officer must have a province.")})
        if self.province_id and not self.province.is_province:
            raise ValidationError({"province": _("Choose a province or centrally-governed city.")})
        if self.role != self.Role.OFFICER:
            self.province = None

    def has_perm(self, perm, obj=None) -> bool:
        # Administrators manage users, reference data, targets and quotas in the admin site: every model
        # permission, like a superuser, while the admin classes still refuse what nobody may do (editing
        # the stage history or the audit trail).
        if self.is_active and self.role == self.Role.ADMIN:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self.is_active and self.role == self.Role.ADMIN:
            return True
        return super().has_module_perms(app_label)

    @property
    def has_national_scope(self) -> bool:
        """Ministry staff and administrators read every province; officers only their own."""
        return self.role in (self.Role.MINISTRY, self.Role.ADMIN) or self.is_superuser

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser

    @property
    def is_officer(self) -> bool:
        return self.role == self.Role.OFFICER and not self.is_superuser
