from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Serve static files from the apps, as runserver does: no collectstatic, no warning about var/static.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
