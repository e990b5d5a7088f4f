"""The console commands print their results on: tables are never cut, even in a CI log.

Without a terminal (a pipe, a file, a CI log) rich assumes 80 columns and squeezes wider
tables until cells read "re" or "sim/reas…". :class:`ResultConsole` widens itself to each
table's natural width instead; text still wraps at the usual width.
"""

from __future__ import annotations

import sys
from typing import Any, TypeGuard

from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table

_UNBOUNDED = 100_000


def _is_table(renderable: object) -> TypeGuard[RenderableType]:
    # The report's MainTable counts as a table too. Looked up rather than imported: importing
    # the report package loads pandas and the statistics, which `relgap models` never needs,
    # and a MainTable can only exist once its module has been imported.
    terminal = sys.modules.get("relgap.report.terminal")
    return isinstance(renderable, Table) or (
        terminal is not None and isinstance(renderable, terminal.MainTable)
    )


def table_width(console: Console, renderable: object) -> int:
    """The width the widest table inside ``renderable`` needs to show every cell whole."""
    if isinstance(renderable, Group):
        return max((table_width(console, r) for r in renderable.renderables), default=0)
    if _is_table(renderable):
        options = console.options.update_width(_UNBOUNDED)
        return Measurement.get(console, options, renderable).maximum
    return 0


class ResultConsole(Console):
    """A :class:`~rich.console.Console` that, without a terminal, prints every table whole."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print as rich does, widened to the widest table when there is no terminal."""
        if self.is_terminal:
            super().print(*objects, **kwargs)
            return
        narrow = self.width
        self.width = max(narrow, *(table_width(self, o) for o in objects), 0)
        try:
            super().print(*objects, **kwargs)
        finally:
            self.width = narrow


def result_console() -> ResultConsole:
    """The stdout console of a command that prints tables."""
    return ResultConsole()
