from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Each entry: (label, URL name, who sees it). Apps add their entries here as they grow.
NAVIGATION = [
    (_("Home"), "home", "all"),
    (_("People"), "directory:person_list", "all"),
    (_("Programmes"), "trainings:programme_list", "all"),
    (_("Plans"), "trainings:plan_list", "all"),
    (_("Courses"), "trainings:course_list", "all"),
    (_("Candidates"), "candidates:pipeline", "all"),
    (_("Dashboards"), "reports:national", "all"),
    (_("Reports"), "reports:quarterly_list", "all"),
    (_("Administration"), "admin:index", "admin"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav_items": []}
    items = []
    for label, url_name, audience in NAVIGATION:
        if audience == "admin" and not user.is_administrator:
            continue
        url = reverse(url_name)
        matches = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": matches})
    # One entry is current: the longest address that matches (/reports/quarterly/ is not the dashboards).
    current = max((item for item in items if item["active"]), key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is current
    return {"nav_items": items}
