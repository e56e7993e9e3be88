import time
from base64 import b32encode

import django_otp
import segno
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import LoginForm, TokenForm
from accounts.models import User

# Between the password and the authenticator code, the session (still anonymous) holds who is logging in.
PENDING_LOGIN_KEY = "accounts_pending_login"
# The code must follow the password within this many seconds.
PENDING_LOGIN_SECONDS = 300


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if services.totp_device_confirmed(user=user) is None:
            return super().form_valid(form)
        # The password was right; the session begins only once the authenticator's code is right too.
        self.request.session[PENDING_LOGIN_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "since": time.time(),
        }
        return redirect("login_verify")


def _pending_user(request: HttpRequest) -> tuple[User, dict] | tuple[None, None]:
    pending = request.session.get(PENDING_LOGIN_KEY)
    if not pending or time.time() - pending["since"] > PENDING_LOGIN_SECONDS:
        return None, None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@login_not_required
@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    """Second step of an administrator's login with two-factor authentication on."""
    user, pending = _pending_user(request)
    device = services.totp_device_confirmed(user=user) if user else None
    if device is None:
        request.session.pop(PENDING_LOGIN_KEY, None)
        messages.error(request, _("Your login has expired. Enter your user name and password again."))
        return redirect("login")
    form = TokenForm(request.POST or None)
    if form.is_valid():
        verified = django_otp.verify_token(user, device.persistent_id, form.cleaned_data["token"].strip())
        if verified is not None:
            del request.session[PENDING_LOGIN_KEY]
            auth_login(request, user, backend=pending["backend"])
            django_otp.login(request, verified)
            target = pending["next"]
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return redirect(target)
        form.add_error("token", _("The code is not correct. Enter the 6 digits your app shows now."))
    return render(request, "accounts/login_verify.html", {"form": form})


@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    """The user's own account: password, and two-factor authentication for administrators."""
    two_factor = services.totp_device_confirmed(user=request.user) is not None
    return render(request, "accounts/account.html", {"two_factor": two_factor})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        # The form saves the user: the flag set by an administrator's reset goes with the new password.
        form.user.must_change_password = False
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app by QR code, or switch two-factor login off."""
    if not request.user.is_administrator:
        raise PermissionDenied
    confirmed = services.totp_device_confirmed(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        try:
            if confirmed is None:
                device = services.totp_confirm(user=request.user, token=token)
                django_otp.login(request, device)
                messages.success(
                    request, _("Two-factor authentication is on: each login now asks for a code.")
                )
            else:
                services.totp_disable(user=request.user, token=token)
                messages.success(request, _("Two-factor authentication is off."))
        except services.AccountRuleError as error:
            form.add_error("token", str(error))
        else:
            return redirect("account")
    context = {"form": form, "confirmed": confirmed is not None}
    if confirmed is None:
        device = services.totp_device_pending(user=request.user)
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
            omitsize=True, border=2, dark="#1d1d24"
        )
        # Grouped by four for typing it in by hand when the camera cannot be used.
        secret = b32encode(device.bin_key).decode()
        context["secret"] = " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))
    return render(request, "accounts/two_factor.html", context)


def locked_out(request: HttpRequest, original_response, credentials) -> HttpResponse:
    """The page django-axes shows instead of the login form while a user name is locked out."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
    }
    return render(request, "accounts/locked_out.html", context, status=429)


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site's login page, replaced: its own form would skip the two-factor step.

    A visitor is sent to the site's login (and back afterwards); an administrator already logged in goes to
    the admin site; anyone else logged in is refused rather than sent round in a loop.
    """
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied
        return redirect("admin:index")
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{reverse('login')}?{query}" if query else reverse("login"))
