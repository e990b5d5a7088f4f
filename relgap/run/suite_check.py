"""`relgap suite check`: is a suite sound, and does it measure the model rather than the harness?

Only the :class:`~relgap.suite.base.Suite` API is used, so any suite can be checked:

- ``reference``: the reference solution passes every task through the real conversation loop,
  with the scripted user (and with an LLM user when one is given). This is also the proof that
  every task's expected state is reachable with the suite's tools.
- ``baseline:<name>``: each built-in baseline agent (:mod:`relgap.agent.baselines`) passes at
  most its limit's share of tasks (defaults :data:`DEFAULT_BASELINE_LIMITS`, a suite's
  ``baseline_limits`` and the caller's ``limits`` override them in that order).
- ``regeneration``: the suite's data regenerates byte for byte (``Suite.check_regeneration``;
  skipped when the suite has no generator).
- ``ids``: every id a task refers to exists (``Suite.check_ids``; skipped when not provided).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from relgap.agent.baselines import BASELINE_NAMES, baseline_agent, reference_agent
from relgap.errors import ConfigError
from relgap.providers.base import GenerateSettings, Provider
from relgap.records import Outcome, TrialRecord
from relgap.run.trial import TrialSpec, UserFactory, run_trial, scripted_user
from relgap.suite.base import Suite, Task

DEFAULT_BASELINE_LIMITS: dict[str, float] = {"no-tools": 0.02, "text-only": 0.02, "careless": 0.35}

Status = Literal["pass", "fail", "skip"]


@dataclass(frozen=True)
class CheckResult:
    """One row of the check table."""

    name: str
    status: Status
    detail: str
    tasks: tuple[
        str, ...
    ] = ()  # the tasks concerned (failed by the reference, passed by a baseline)


@dataclass(frozen=True)
class BaselineResult:
    """How one baseline agent did: the tasks it passed, out of how many, against its limit."""

    name: str
    passed: tuple[str, ...]
    total: int
    limit: float
    errors: int = 0

    @property
    def rate(self) -> float:
        """The share of tasks the baseline passed (0 for a suite without tasks)."""
        return len(self.passed) / self.total if self.total else 0.0

    @property
    def ok(self) -> bool:
        """Whether the baseline passed no more than its limit allows."""
        return self.rate <= self.limit


@dataclass(frozen=True)
class SuiteCheck:
    """Everything ``relgap suite check`` found; ``ok`` when no row failed."""

    suite: str
    tasks: int
    results: tuple[CheckResult, ...]
    baselines: tuple[BaselineResult, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Whether no row of the check failed."""
        return all(r.status != "fail" for r in self.results)


def baseline_limits(suite: Suite, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The limit of each baseline: relgap's defaults, then the suite's, then ``overrides``."""
    limits = {**DEFAULT_BASELINE_LIMITS, **suite.baseline_limits, **(overrides or {})}
    for name, value in limits.items():
        if name not in BASELINE_NAMES:
            raise ConfigError(
                f"unknown baseline agent '{name}' (known: {', '.join(BASELINE_NAMES)})"
            )
        if not 0.0 <= value <= 1.0:
            raise ConfigError(f"the limit of baseline '{name}' must be in [0, 1], got {value}")
    return limits


async def _play(
    suite: Suite, task: Task, provider: Provider, name: str, user: UserFactory, seed: int
) -> TrialRecord:
    spec = TrialSpec("suite-check", suite, task, name, "default", GenerateSettings(), 0, seed)
    return await run_trial(spec, provider, user=user)


async def _reference(
    suite: Suite, tasks: Sequence[Task], user: UserFactory, label: str
) -> CheckResult:
    failed: list[str] = []
    errors: list[str] = []
    for i, task in enumerate(tasks):
        record = await _play(suite, task, reference_agent(suite, task), "reference", user, 7 + i)
        if record.outcome is Outcome.ERROR:
            errors.append(f"{task.id} ({record.error})")
        elif not record.passed:
            failed.append(f"{task.id}: {', '.join(record.failed_checks) or record.stop_reason}")
    name = f"reference ({label})"
    if errors:
        return CheckResult(name, "fail", f"{len(errors)} trial(s) hit an error: {errors[0]}",
                           tuple(errors))  # fmt: skip
    if failed:
        return CheckResult(name, "fail", f"fails {len(failed)}/{len(tasks)}: {failed[0]}",
                           tuple(failed))  # fmt: skip
    return CheckResult(name, "pass", f"passes {len(tasks)}/{len(tasks)} tasks")


async def _baseline(suite: Suite, tasks: Sequence[Task], name: str, limit: float) -> BaselineResult:
    passed: list[str] = []
    errors = 0
    for i, task in enumerate(tasks):
        record = await _play(suite, task, baseline_agent(name, suite, task), name,
                             scripted_user, 7 + i)  # fmt: skip
        errors += record.outcome is Outcome.ERROR
        if record.passed:
            passed.append(task.id)
    return BaselineResult(name, tuple(passed), len(tasks), limit, errors)


def _baseline_row(result: BaselineResult) -> CheckResult:
    detail = (
        f"passes {len(result.passed)}/{result.total} tasks ({result.rate:.1%}; "
        f"limit {result.limit:.0%})"
    )
    if result.errors:
        detail += f"; {result.errors} trial(s) hit an error"
    status: Status = "pass" if result.ok and not result.errors else "fail"
    return CheckResult(f"baseline: {result.name}", status, detail, result.passed)


def _hook_row(name: str, problems: list[str] | None, what: str) -> CheckResult:
    if problems is None:
        return CheckResult(name, "skip", "the suite does not provide this check")
    if problems:
        return CheckResult(name, "fail", f"{len(problems)} problem(s): {problems[0]}",
                           tuple(problems))  # fmt: skip
    return CheckResult(name, "pass", what)


async def check_suite(
    suite: Suite,
    *,
    limits: Mapping[str, float] | None = None,
    llm_user: UserFactory | None = None,
    llm_user_label: str = "LLM user",
    baselines: Sequence[str] = BASELINE_NAMES,
) -> SuiteCheck:
    """Run every check on ``suite``. ``llm_user`` adds a reference run with that user."""
    tasks = list(suite.tasks())
    bounds = baseline_limits(suite, limits)
    results = [
        _hook_row("regeneration", suite.check_regeneration(), "data regenerates byte for byte"),
        _hook_row("ids", suite.check_ids(), "every id a task refers to exists"),
        await _reference(suite, tasks, scripted_user, "scripted user"),
    ]
    if llm_user is not None:
        results.append(await _reference(suite, tasks, llm_user, llm_user_label))
    found = [await _baseline(suite, tasks, name, bounds[name]) for name in baselines]
    results += [_baseline_row(b) for b in found]
    return SuiteCheck(suite.name, len(tasks), tuple(results), tuple(found))
