from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

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
    # Downloads follow the course's scope; /certificates/verify/ is public (the QR code leads there).
    path("certificates/", include("trainings.certificate_urls")),
    # The login page has the language switch too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
