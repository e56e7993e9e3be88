"""Reporting periods as written in reports and targets: `2026Q3`, `2026H1`, `2026`."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^\s*(\d{4})\s*(?:([QqHh])\s*([1-4]))?\s*$")


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    code: str

    @classmethod
    def parse(cls, text: str) -> "Period":
        match = _PATTERN.match(text or "")
        if not match:
            raise ValidationError(
                _("“%(value)s” is not a period: write 2026Q3 for a quarter, 2026H1 for a half-year or 2026."),
                code="invalid_period",
                params={"value": text},
            )
        year, kind, number = int(match[1]), (match[2] or "").upper(), int(match[3] or 0)
        if kind == "H" and number > 2:
            raise ValidationError(
                _("A year has two halves: write 2026H1 or 2026H2."),
                code="invalid_period",
                params={"value": text},
            )
        if kind == "Q":
            first_month, months = 3 * (number - 1) + 1, 3
        elif kind == "H":
            first_month, months = 6 * (number - 1) + 1, 6
        else:
            first_month, months = 1, 12
        start = datetime.date(year, first_month, 1)
        last_month = first_month + months - 1
        end = (
            datetime.date(year, 12, 31)
            if last_month == 12
            else datetime.date(year, last_month + 1, 1) - datetime.timedelta(days=1)
        )
        return cls(start=start, end=end, code=f"{year}{kind}{number}" if kind else str(year))

    def __str__(self) -> str:
        return self.code

    @property
    def kind(self) -> str:
        return {"Q": "quarter", "H": "half"}.get(self.code[4:5], "year")

    def previous(self) -> "Period":
        """The period of the same kind just before this one (2026Q1 → 2025Q4)."""
        return Period.containing(self.start - datetime.timedelta(days=1), kind=self.kind)

    def quarters(self) -> list["Period"]:
        return [
            Period.parse(f"{self.start.year}Q{quarter}")
            for quarter in range(1, 5)
            if self.start <= Period.parse(f"{self.start.year}Q{quarter}").start <= self.end
        ]

    @classmethod
    def containing(cls, day: datetime.date, *, kind: str = "quarter") -> "Period":
        if kind == "quarter":
            return cls.parse(f"{day.year}Q{(day.month - 1) // 3 + 1}")
        if kind == "half":
            return cls.parse(f"{day.year}H{1 if day.month <= 6 else 2}")
        return cls.parse(str(day.year))
