from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import User

# django-otp's device admin is in English and would show every administrator's secret key: an
# administrator enrols from "My account", and the user list's action below switches it off for a lost
# telephone.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "province", "is_active", "last_login"]
    list_filter = ["role", "is_active", "province"]
    list_select_related = ["province"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (gettext_lazy("Role and scope"), {"fields": ("role", "province", "organisation")}),
        (gettext_lazy("Password"), {"fields": ("must_change_password",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (
            gettext_lazy("Role and scope"),
            {"fields": ("role", "province", "first_name", "last_name", "email")},
        ),
    )
    autocomplete_fields = ["organisation"]
    actions = ["deactivate_users", "reset_passwords", "switch_off_two_factor"]

    def get_readonly_fields(self, request, obj=None):
        # The rule of services.user_deactivate, on the change form too: nobody switches off her own account.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "is_active"] if obj is not None and obj.pk == request.user.pk else fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Unticking "active" ends the sessions already open, not only the next login.
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.user_sessions_end(user=obj)

    @admin.action(description=gettext_lazy("Deactivate the selected users"))
    def deactivate_users(self, request, queryset):
        for user in queryset:
            try:
                services.user_deactivate(user=user, actor=request.user)
            except services.AccountRuleError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, _("%(user)s is deactivated.") % {"user": user.username})

    @admin.action(description=gettext_lazy("Reset the passwords of the selected users"))
    def reset_passwords(self, request, queryset):
        for user in queryset:
            try:
                password = services.user_reset_password(user=user, actor=request.user)
            except services.AccountRuleError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "Temporary password of %(user)s: %(password)s. Give it to them in person: "
                        "they choose a new one at their next login. It is not shown again."
                    )
                    % {"user": user.username, "password": password},
                    messages.WARNING,
                )

    @admin.action(description=gettext_lazy("Switch off two-factor authentication (lost telephone)"))
    def switch_off_two_factor(self, request, queryset):
        for user in queryset:
            if services.totp_remove(user=user):
                self.message_user(
                    request,
                    _("Two-factor authentication of %(user)s is off; they can set it up again.")
                    % {"user": user.username},
                )
