from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The user name or password is not correct. Both are case-sensitive."),
        "inactive": _("This account has been deactivated. Ask an administrator."),
    }
