"""The one place PDFs are made: an HTML template rendered by WeasyPrint, with fonts read from disk.

PDF templates live in `templates/<app>/pdf/`, link `css/pdf-fonts.css` with `{% pdf_static %}` (which
declares the embedded Noto Serif of `static/fonts/`, full Vietnamese coverage) and use the family
"WomenLead Serif". Resources are fetched only from `data:` URIs and from files under the static folders:
no network, and a template cannot pull in any other file of the server.
"""

import logging
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, path2url

# WeasyPrint warns about every CSS property it ignores and fontTools chatters while subsetting; real
# errors still get through. Settings that configure these loggers explicitly win.
for _name in ("weasyprint", "fontTools"):
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.ERROR)


def static_roots() -> list[Path]:
    """The folders a PDF may read files from: the project's and the apps' static folders."""
    roots = []
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, tuple | list) else entry))
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    roots.extend(Path(config.path) / "static" for config in apps.get_app_configs())
    return [root.resolve() for root in roots]


def static_file_url(path: str) -> str:
    """The file:// URL of a static file, for WeasyPrint; a missing file is a deployment error."""
    found = finders.find(path)
    if not found and settings.STATIC_ROOT and (Path(settings.STATIC_ROOT) / path).is_file():
        found = str(Path(settings.STATIC_ROOT) / path)
    if not found:
        # A missing font would silently fall back to a face without Vietnamese diacritics.
        raise ImproperlyConfigured(f"Static file {path!r}, needed by a PDF, was not found.")
    return path2url(str(Path(found).resolve()))


class StaticOnlyFetcher(URLFetcher):
    """Fetch `data:` URIs and files under the static folders (`roots`, by default static_roots());
    refuse everything else. A process without Django's app registry (a layout child) passes `roots`."""

    def __init__(self, roots: list[Path] | None = None, **kwargs):
        super().__init__(allowed_protocols={"data", "file"}, **kwargs)
        self.roots = static_roots() if roots is None else roots

    def fetch(self, url, headers=None):
        if url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"A PDF may read static files only, not {path}")
        return super().fetch(url, headers)


def lay_out_pdf(
    html: str, *, base_url: str | None = None, roots: list[Path] | None = None
) -> tuple[bytes, int]:
    """Lay out `html` with WeasyPrint, reading only from `roots` (default: the static folders): the PDF
    and its number of pages. Relative URLs resolve against `base_url`, by default the first root."""
    roots = static_roots() if roots is None else roots
    if base_url is None:
        base_url = path2url(roots[0])
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher(roots)).render(
        font_config=FontConfiguration()
    )
    return document.write_pdf(), len(document.pages)


def render_pdf(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render a Django template to PDF bytes; relative URLs resolve against the static folder."""
    pdf, _pages = lay_out_pdf(render_to_string(template_name, context), base_url=base_url)
    return pdf
