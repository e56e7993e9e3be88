"""Dashboard charts as SVG drawn on the server with pygal, the same picture for the page and the PDF.

No JavaScript: pygal's config script is not emitted (`js=[]`) and its inline config `<script>` is removed;
tooltips are plain SVG `<title>`s. Output is deterministic (the random chart id and the dated generator
comment are replaced), so that a report rendered twice is the same file. Each chart carries a `<title>`
and a `<desc>`, is marked `role="img"`, and the page gives its numbers as a table for screen readers.
Sizes: 720 × 320 user units, scaled by the page's CSS and fitting an A4 column (170 mm) in WeasyPrint.
"""

import hashlib
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import pygal
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pygal.style import Style

if TYPE_CHECKING:
    from reports.selectors import Dashboard

BRAND = "#8a1c4a"
BRAND_LIGHT = "#d9a7bd"
INK = "#1d1d24"
MUTED = "#5c5f6a"
WIDTH, HEIGHT = 720, 320

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground=INK,
    foreground_strong=INK,
    foreground_subtle=MUTED,
    colors=(BRAND, BRAND_LIGHT, "#1a5fb4", "#1d6b3a", "#8a5a00"),
    font_family="'Noto Sans', 'DejaVu Sans', Arial, sans-serif",
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    value_font_size=12,
    opacity="1",
    opacity_hover="0.85",
    transition="0ms",
)

_SCRIPT = re.compile(r"<script.*?</script>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _config(**extra) -> dict:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": WIDTH,
        "height": HEIGHT,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "print_values": False,
        "show_y_guides": True,
        "truncate_label": 24,
        **extra,
    }


def _finish(chart, *, name: str, title: str, description: str) -> SafeString:
    svg = chart.render(is_unicode=True)
    match = re.search(r'id="chart-([0-9a-f-]+)"', svg)
    if match:
        stable = hashlib.sha1(name.encode()).hexdigest()[:12]
        svg = svg.replace(match.group(1), stable)
    svg = _COMMENT.sub("", _SCRIPT.sub("", svg))
    # The tooltip is empty without pygal's script; its style="" attribute would be refused by the CSP.
    svg = svg.replace(' style="opacity: 0"', "")
    svg = svg.replace(
        'class="pygal-chart"',
        f'class="pygal-chart" role="img" aria-labelledby="chart-{name}-title chart-{name}-desc"',
        1,
    )
    heading = (
        f'<title id="chart-{name}-title">{escape(title)}</title>'
        f'<desc id="chart-{name}-desc">{escape(description)}</desc>'
    )
    svg = re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + heading, svg, count=1)
    return mark_safe(svg)


# --- Value axes -------------------------------------------------------------------------------------------
# pygal picks its own ticks: at national scale a dozen of them ("2000 4000 … 24000") run into each other on
# the funnel's horizontal axis, and a second axis gets fractions (0.4, 0.8 …) for small counts. Every value
# axis here counts things, so it gets at most `TICKS` whole, round steps, grouped the way the language
# writes them (1.000 in Vietnamese, 1,000 in English).
TICKS = 5


def _nice_step(maximum: float, ticks: int = TICKS) -> int:
    """The smallest whole step of 1, 2 or 5 × 10ⁿ that covers `maximum` in at most `ticks` steps."""
    raw = max(maximum, 1) / ticks
    magnitude = 10 ** max(0, math.floor(math.log10(raw)))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return max(1, factor * magnitude)
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _steps(*maxima: float) -> tuple[int, list[int]]:
    """How many steps the axes share (so that a second axis lines up with the first) and each one's step."""
    steps = [_nice_step(maximum) for maximum in maxima]
    count = max(max(1, math.ceil(maximum / step)) for maximum, step in zip(maxima, steps, strict=True))
    return count, steps


def _grouped(language: str):
    separator = "," if (language or "").split("-")[0] == "en" else "."

    def formatter(value) -> str:
        if value is None:
            return ""
        return f"{round(value):,}".replace(",", separator)

    return formatter


def _axis(maximum: float, language: str, *, count: int | None = None, step: int | None = None) -> dict:
    """pygal options for a whole-number value axis from 0, with a few round, grouped labels."""
    if step is None:
        count, (step,) = _steps(maximum)
    top = count * step
    return {
        "range": (0, top),
        "y_labels": [step * i for i in range(count + 1)],
        "y_labels_major_every": 1,
        "value_formatter": _grouped(language),
    }


# Drawing takes 10–20 ms a chart; the same numbers give the same picture, so pictures are kept by their
# inputs (labels included, hence the language) in a small per-process cache.
CACHE_SIZE = 256


def _trend_chart(
    *,
    quarters: Sequence[str],
    courses: Sequence[int],
    people: Sequence[int],
    title: str,
    labels: tuple[str, str],
    language: str,
) -> SafeString:
    # Both axes get the same number of steps, so that the second one's labels fall on whole numbers too.
    count, (step, step_2nd) = _steps(max(courses, default=0), max(people, default=0))
    # Past three years, one label a year (its first quarter) rather than thirty labels running together;
    # every quarter stays in the tooltips, the description and the table under the chart.
    yearly = [quarter for quarter in quarters if quarter.endswith("Q1")] if len(quarters) > 12 else []
    chart = pygal.Bar(
        **_config(
            title=title,
            x_label_rotation=-30 if 8 < len(quarters) <= 12 else 0,
            secondary_range=(0, count * step_2nd),
            **({"x_labels_major": yearly, "show_minor_x_labels": False} if yearly else {}),
            **_axis(0, language, count=count, step=step),
        )
    )
    chart.x_labels = list(quarters)
    chart.add(labels[0], list(courses))
    chart.add(labels[1], list(people), secondary=True)
    description = "; ".join(
        f"{quarter}: {course} / {person}"
        for quarter, course, person in zip(quarters, courses, people, strict=True)
    )
    return _finish(chart, name="trend", title=title, description=f"{labels[0]} / {labels[1]}: {description}")


def _ranking_chart(
    *, names: Sequence[str], values: Sequence[int], title: str, label: str, language: str
) -> SafeString:
    shown = list(zip(names, values, strict=True))[:15]
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            height=max(HEIGHT, 40 + 26 * len(shown)),
            show_legend=False,
            **_axis(max((value for _name, value in shown), default=0), language),
        )
    )
    chart.x_labels = [name for name, _value in reversed(shown)]
    chart.add(label, [value for _name, value in reversed(shown)])
    description = "; ".join(f"{name}: {value}" for name, value in shown)
    return _finish(chart, name="ranking", title=title, description=description)


def _funnel_chart(
    *, stages: Sequence[str], reached: Sequence[int], women: Sequence[int], title: str, labels, language: str
) -> SafeString:
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            height=max(HEIGHT, 60 + 28 * len(stages)),
            **_axis(max([*reached, *women], default=0), language),
        )
    )
    chart.x_labels = list(reversed(stages))
    chart.add(labels[0], list(reversed(reached)))
    chart.add(labels[1], list(reversed(women)))
    description = "; ".join(
        f"{stage}: {count} ({woman})" for stage, count, woman in zip(stages, reached, women, strict=True)
    )
    return _finish(chart, name="funnel", title=title, description=description)


@lru_cache(maxsize=CACHE_SIZE)
def _cached(kind: str, arguments: tuple) -> SafeString:
    return {"trend": _trend_chart, "ranking": _ranking_chart, "funnel": _funnel_chart}[kind](
        **dict(arguments)
    )


def _frozen(**arguments) -> tuple:
    return tuple(
        sorted(
            (key, tuple(value) if isinstance(value, list | tuple) else value)
            for key, value in arguments.items()
        )
    )


def trend_chart(*, quarters, courses, people, title: str, labels) -> SafeString:
    return _cached(
        "trend",
        _frozen(
            quarters=quarters,
            courses=courses,
            people=people,
            title=str(title),
            labels=tuple(map(str, labels)),
            language=get_language() or "",
        ),
    )


def ranking_chart(*, names, values, title: str, label: str) -> SafeString:
    return _cached(
        "ranking",
        _frozen(
            names=names, values=values, title=str(title), label=str(label), language=get_language() or ""
        ),
    )


def funnel_chart(*, stages, reached, women, title: str, labels) -> SafeString:
    return _cached(
        "funnel",
        _frozen(
            stages=stages,
            reached=reached,
            women=women,
            title=str(title),
            labels=tuple(map(str, labels)),
            language=get_language() or "",
        ),
    )


def dashboard_charts(board: "Dashboard") -> dict:
    """The dashboard's charts, for its page and for the quarterly report (the same SVG)."""
    charts = {}
    # One quarter makes no trend: its numbers are in the table under the heading.
    if len(board.trend) > 1:
        charts["trend"] = trend_chart(
            quarters=[row.quarter for row in board.trend],
            courses=[row.courses_held for row in board.trend],
            people=[row.reached for row in board.trend],
            title=_("Courses held and participations, by quarter"),
            labels=(_("Courses held"), _("Participations (attended)")),
        )
    if board.ranking:
        charts["ranking"] = ranking_chart(
            names=[row.name for row in board.ranking],
            values=[row.people if row.people is not None else row.reached for row in board.ranking],
            title=_("Provinces by people trained"),
            label=_("People trained"),
        )
    if board.funnel is not None and board.funnel.total:
        charts["funnel"] = funnel_chart(
            stages=[str(row.label) for row in board.funnel.rows],
            reached=[row.reached for row in board.funnel.rows],
            women=[row.women for row in board.funnel.rows],
            title=_("Candidate funnel: reached each stage, and women"),
            labels=(_("Reached"), _("Women")),
        )
    return charts
