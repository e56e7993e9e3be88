from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts import views as account_views
from config.health import health
from reports import views as report_views

admin.site.site_header = "WomenLead"
admin.site.site_title = "WomenLead"

urlpatterns = [
    path("", report_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("people/", include("directory.urls")),
    path("trainings/", include("trainings.urls")),
    path("candidates/", include("candidates.urls")),
    path("reports/", include("reports.urls")),
    # The audit trail: administrators only (Administration page).
    path("audit/", include("audit.urls")),
    # Downloads follow the course's scope; /certificates/verify/ is public (the QR code leads there).
    path("certificates/", include("trainings.certificate_urls")),
    # The login page has the language switch too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # The admin's own login would skip the two-factor step and the lockout page: one login for the site.
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    # Public, for load balancers and monitoring: no data, only whether the database answers.
    path("health/", health, name="health"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
