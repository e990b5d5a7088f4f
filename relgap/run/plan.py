"""Turn a run's configuration into the ordered list of trials to play."""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from relgap.errors import ConfigError
from relgap.providers.base import GenerateSettings
from relgap.run.trial import TrialSpec
from relgap.suite.base import Suite, Task

# --variant keys and the GenerateSettings field each sets.
VARIANT_KEYS = {
    "effort": "reasoning_effort",
    "reasoning_effort": "reasoning_effort",
    "thinking": "thinking_budget",
    "thinking_budget": "thinking_budget",
    "budget_tokens": "thinking_budget",
    "temperature": "temperature",
    "max_tokens": "max_tokens",
}
_INT_FIELDS = {"thinking_budget", "max_tokens"}
_EFFORTS = {"none", "minimal", "low", "medium", "high", "xhigh", "max"}


@dataclass(frozen=True)
class Variant:
    """One point of a settings sweep: its label in records (``effort=high``) and settings."""

    label: str
    settings: GenerateSettings


DEFAULT_VARIANT = Variant("default", GenerateSettings())


def _convert(key: str, field: str, raw: str) -> object:
    try:
        value: object = int(raw) if field in _INT_FIELDS else raw
        if field == "temperature":
            value = float(raw)
    except ValueError:
        raise ConfigError(f"--variant {key}: '{raw}' is not a number") from None
    if field == "reasoning_effort" and raw not in _EFFORTS:
        raise ConfigError(f"--variant {key}: '{raw}' is not one of {', '.join(sorted(_EFFORTS))}")
    if field == "temperature" and not 0 <= float(raw) < float("inf"):  # NaN fails too
        raise ConfigError(f"--variant {key}: '{raw}' is not a finite temperature of 0 or more")
    if field == "max_tokens" and int(raw) < 1:
        raise ConfigError(f"--variant {key}: '{raw}' must be at least 1")
    if field == "thinking_budget" and int(raw) < 0:
        raise ConfigError(f"--variant {key}: '{raw}' must be 0 or more")
    return value


def _axis(spec: str, key: str, field: str, values: str) -> list[tuple[str, str, object]]:
    axis = [(key, field, _convert(key, field, v.strip())) for v in values.split(",")]
    seen: set[object] = set()
    for _, _, value in axis:
        if value in seen:
            raise ConfigError(
                f"--variant '{spec}': {value!r} is given twice (each value is one variant)"
            )
        seen.add(value)
    return axis


def parse_variants(specs: Sequence[str], base: GenerateSettings | None = None) -> list[Variant]:
    """``["effort=low,medium,high", "temperature=0"]`` -> the cross product of settings."""
    base = base or GenerateSettings()
    if not specs:
        return [Variant("default", base)]
    axes: list[list[tuple[str, str, object]]] = []
    fields: set[str] = set()
    for spec in specs:
        key, sep, values = spec.partition("=")
        key = key.strip()
        if not sep or not values.strip():
            raise ConfigError(f"--variant '{spec}': expected KEY=VALUE[,VALUE...]")
        if key not in VARIANT_KEYS:
            raise ConfigError(
                f"--variant '{spec}': unknown key '{key}' (known: {', '.join(VARIANT_KEYS)})"
            )
        field = VARIANT_KEYS[key]
        if field in fields:
            raise ConfigError(f"--variant '{spec}': {field} is already varied by another --variant")
        fields.add(field)
        axes.append(_axis(spec, key, field, values))
    variants = []
    for combo in itertools.product(*axes):
        label = ",".join(f"{key}={value}" for key, _, value in combo)
        changes = {field: value for _, field, value in combo}
        variants.append(Variant(label, _replace(base, changes)))
    return variants


def _replace(settings: GenerateSettings, changes: dict[str, object]) -> GenerateSettings:
    return replace(settings, **changes)  # type: ignore[arg-type]


def trial_seed(run_seed: int, model: str, variant: str, task_id: str, trial: int) -> int:
    """A stable 31-bit seed per trial: the same run seed replays the same trials."""
    text = f"{run_seed}|{model}|{variant}|{task_id}|{trial}"
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big") >> 1


def select_tasks(
    suite: Suite, task_ids: Sequence[str] = (), tiers: Sequence[int] = ()
) -> list[Task]:
    """The suite's tasks that ``--tasks`` and ``--tier`` select; ConfigError for unknown ones."""
    tasks = list(suite.tasks())
    if task_ids:
        known = {t.id: t for t in tasks}
        unknown = [t for t in task_ids if t not in known]
        if unknown:
            raise ConfigError(f"suite '{suite.name}' has no task {', '.join(map(repr, unknown))}")
        tasks = [known[t] for t in dict.fromkeys(task_ids)]
    if tiers:
        present = {t.tier for t in suite.tasks()}
        bad = [t for t in tiers if t not in present]
        if bad:
            raise ConfigError(
                f"suite '{suite.name}' has no tier {bad[0]} (tiers: {sorted(present)})"
            )
        tasks = [t for t in tasks if t.tier in set(tiers)]
    if not tasks:
        raise ConfigError("no task matches the given --tasks and --tier")
    return tasks


def plan_trials(
    run_id: str,
    suite: Suite,
    tasks: Sequence[Task],
    models: Sequence[str],
    variants: Sequence[Variant],
    trials: int,
    seed: int,
) -> list[TrialSpec]:
    """Every trial, interleaved, so that a run stopped early holds a balanced sample.

    Each task gets its first trials before any gets its last, and models alternate.

    Within each round the task order is a seeded shuffle: a run cut mid-round (a budget,
    a kill) holds a random subset of tasks for its last round, not the suite's last tier.
    """
    return list(iter_trials(run_id, suite, tasks, models, variants, trials, seed))


def iter_trials(
    run_id: str,
    suite: Suite,
    tasks: Sequence[Task],
    models: Sequence[str],
    variants: Sequence[Variant],
    trials: int,
    seed: int,
) -> Iterator[TrialSpec]:
    """:func:`plan_trials`, lazily: a huge ``--trials`` costs no memory up front."""
    if trials < 1:
        raise ConfigError(f"--trials must be at least 1 (got {trials})")
    for trial in range(trials):
        order = list(tasks)
        random.Random(f"{seed}|round|{trial}").shuffle(order)
        for task in order:
            for model in models:
                for variant in variants:
                    yield TrialSpec(
                        run_id=run_id,
                        suite=suite,
                        task=task,
                        model=model,
                        variant=variant.label,
                        settings=variant.settings,
                        trial=trial,
                        seed=trial_seed(seed, model, variant.label, task.id, trial),
                    )
