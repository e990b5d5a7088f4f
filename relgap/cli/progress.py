"""A rich progress bar fed by the runner's counters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from relgap.records import TrialRecord
    from relgap.run.runner import RunProgress


class RunDisplay:
    """Shows done/total, pass rate so far, spend and retries while a run goes."""

    def __init__(self, console: Console, label: str = "trials", *, simulated: bool = False) -> None:
        self.console = console
        self.bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[stats]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.task_id = self.bar.add_task(label, total=None, stats="")
        self.counters: RunProgress | None = None
        self.spend_label = "simulated spend" if simulated else "spend"

    def attach(self, counters: RunProgress) -> None:
        """Read the run's counters from ``counters`` on every record."""
        self.counters = counters

    def on_record(self, _record: TrialRecord | None) -> None:
        """Advance the bar and refresh the pass rate, spend and retries after a trial."""
        c = self.counters
        if c is None:
            return
        rate = "-" if c.pass_rate is None else f"{c.pass_rate:.0%}"
        spend = f"${c.spent_usd:.4f}" + (f" (+{c.unknown_cost} unpriced)" if c.unknown_cost else "")
        stats = f"pass {rate}  errors {c.errors}  retries {c.retries}  {self.spend_label} {spend}"
        self.bar.update(self.task_id, total=c.total, completed=c.already_done + c.done, stats=stats)

    def start(self) -> None:
        """Show the bar: the run passed its checks and its first trial starts now."""
        self.on_record(None)
        self.bar.start()

    def __enter__(self) -> RunDisplay:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar.live.is_started:  # a refused run never showed the bar: nothing to close
            self.bar.stop()
