"""Account administration: deactivating users, resetting passwords, two-factor devices."""

from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

# No 0/O, 1/l/I: a temporary password is read out over the telephone or copied from a note.
TEMPORARY_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class AccountRuleError(Exception):
    """An account change the rules refuse; the message is shown to the user as is."""


def user_sessions_end(*, user: User) -> int:
    """Delete every open session of the user; returns how many there were.

    Sessions are stored signed and encoded, so the owner of each is read by decoding it; an office has
    a few hundred open sessions at most.
    """
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(*, user: User, actor: User) -> None:
    """Refuse the user every further login and end the sessions already open."""
    if user.pk == actor.pk:
        raise AccountRuleError(_("You cannot deactivate your own account."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_sessions_end(user=user)


@transaction.atomic
def user_reset_password(*, user: User, actor: User) -> str:
    """Give the user a temporary password, to be changed at next login; returns it to show once."""
    if user.pk == actor.pk:
        raise AccountRuleError(_("Change your own password from your account page."))
    while True:
        groups = [get_random_string(4, TEMPORARY_PASSWORD_ALPHABET) for _index in range(3)]
        password = "-".join(groups)
        try:
            password_validation.validate_password(password, user)
        except password_validation.ValidationError:  # pragma: no cover - a random clash, try again
            continue
        break
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    user_sessions_end(user=user)
    return password


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator (created on first call), shown as a QR code to enrol."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def totp_device_confirmed(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def totp_confirm(*, user: User, token: str) -> TOTPDevice:
    """Confirm the pending authenticator with a code it shows; two-factor login is on from then."""
    if not user.is_administrator:
        raise AccountRuleError(_("Two-factor authentication is for administrators."))
    device = totp_device_pending(user=user)
    if not device.verify_token(token.strip()):
        raise AccountRuleError(_("The code is not correct. Enter the 6 digits your app shows now."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device


@transaction.atomic
def totp_disable(*, user: User, token: str) -> None:
    """Switch two-factor login off; a current code proves the authenticator is at hand."""
    device = totp_device_confirmed(user=user)
    if device is None or not device.verify_token(token.strip()):
        raise AccountRuleError(_("The code is not correct. Enter the 6 digits your app shows now."))
    TOTPDevice.objects.filter(user=user).delete()


@transaction.atomic
def totp_remove(*, user: User) -> bool:
    """An administrator's rescue for a lost telephone: the user logs in with the password alone again."""
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    return bool(removed)
