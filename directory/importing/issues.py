"""What an import tells the user: a file it refuses, and the repairs and problems it finds in cells.

Messages are kept as a lazy template and its parameters, and rendered when shown: a preview computed in
one language (or by a background task) reads right in the language of whoever looks at it. The `code`
names the case for programs (tests, counts by kind, storing the errors of an import batch).
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


def render(template: Promise | str, params: dict[str, Any] | None) -> str:
    # `template % params` rather than `str(template) % params`: a lazy ngettext picks its plural form
    # from the params.
    return str(template % params) if params else str(template)


class SpreadsheetError(Exception):
    """The file as a whole cannot be imported; nothing was read from it and nothing is written."""

    def __init__(self, message: Promise | str, code: str, params: dict[str, Any] | None = None):
        self.template = message
        self.code = code
        self.params = params or {}
        super().__init__(code)

    @property
    def message(self) -> str:
        return render(self.template, self.params)

    def __str__(self) -> str:
        return self.message


# Not frozen: a frozen dataclass's __init__ costs four times as much, and an import makes tens of thousands.
@dataclass(slots=True)
class Finding:
    """A repair made to a value, or a problem found in it, before it is tied to a row and column."""

    code: str
    template: Promise | str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.template, self.params)

    def __str__(self) -> str:
        return self.message


@dataclass(slots=True)
class Issue:
    """A repair or a problem at a place in the sheet, as the preview shows it: row 12, column D "Ngày sinh".

    `column` and `header` are empty for an issue about the whole row (a duplicate, a missing name when the
    sheet has no name column).
    """

    sheet_row: int
    column: str
    header: str
    field: str
    code: str
    template: Promise | str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.template, self.params)

    def __str__(self) -> str:
        return self.message
