"""Template tags for PDF templates: `{% load pdf %}` then `{% pdf_static "css/pdf-fonts.css" %}`."""

from django import template

from directory.pdf import static_file_url

register = template.Library()


@register.simple_tag
def pdf_static(path: str) -> str:
    """The file:// URL of a static file, so that WeasyPrint reads it from disk (never over the network)."""
    return static_file_url(path)
