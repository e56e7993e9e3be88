"""Settings for the test suite: the real settings, with a fast password hasher and throw-away media."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-suite-only")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="womenlead-test-media-"))  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# The test client and the browser journeys' live server speak plain HTTP; production redirects to HTTPS.
SECURE_SSL_REDIRECT = False
