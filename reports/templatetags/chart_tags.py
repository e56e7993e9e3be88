"""Template filters for the server-drawn SVG charts."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_STYLE_TAG = re.compile(r"<style(?=[\s>])")


@register.filter
def with_nonce(svg: SafeString, nonce) -> SafeString:
    """Give the chart's `<style>` element the request's CSP nonce, so that the page may apply it.

    The Content-Security-Policy refuses inline styles without the nonce; a chart is drawn once and
    cached for every request, so the nonce is added here, per page, and never stored with the chart.
    """
    # The nonce is lazy and is false until first read: test for absence (no CSP middleware), not falsity.
    if nonce is None or nonce == "":
        return svg
    return mark_safe(_STYLE_TAG.sub(f'<style nonce="{escape(str(nonce))}"', str(svg)))
