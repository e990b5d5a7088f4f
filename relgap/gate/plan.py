"""Sizing a nightly gate: the smallest pass^k drop it can detect, and the runs it needs.

The regression gate compares per-task unbiased pass^k estimates of two runs with a paired,
one-sided t-test over ``T`` shared tasks. A task's observed difference is its true change
``delta_t`` plus the sampling noise of both estimates, so under a drop

    Var(d) = omega^2 + 2 Var(hat pass^k | p, n)

where ``omega^2`` is the between-task variance of the true change (Miller 2024,
arXiv 2411.00640, section 5: a drop spread evenly over tasks has ``omega^2`` near 0; a drop
concentrated on a few tasks that break has a large one) and the noise term is the
estimator's variance, computed exactly by summing over the binomial outcomes and
integrated over the Beta distribution of task difficulty on a grid. Under no change
``omega^2 = 0``. The t-test estimates ``sd(d)`` from the data, so its power at a mean drop
``D`` is that of a noncentral t: ``P(T_{T-1}(ncp) > t_{1-alpha, T-1})`` with
``ncp = D sqrt(T) / sd(d)``; the minimum detectable drop solves it for the wanted power.

More trials shrink only the noise term: with ``omega^2 > 0`` the detectable drop cannot fall
below its value at infinitely many trials (``floor``), and only more tasks help.
Simulated against the gate itself (tests/gate/test_gate_plan_power.py), the promised 80 %
power holds within 5 points for spread and concentrated drops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats as sps
from scipy.optimize import brentq
from scipy.special import comb

from relgap.errors import ConfigError
from relgap.stats.counts import GroupTasks

# A typical agent suite when no pilot run is given: mean success 0.67, U-shaped (many tasks
# nearly always pass or fail) - intra-class correlation 1 / (a + b + 1) = 0.36.
DEFAULT_A, DEFAULT_B = 1.2, 0.6
_GRID = (np.arange(2000) + 0.5) / 2000


def estimator_variance(p: np.ndarray, n: int, k: int) -> np.ndarray:
    """Var of the unbiased pass^k estimate C(c,k)/C(n,k) with c ~ Binomial(n, p), per p."""
    c = np.arange(n + 1)
    value = comb(c, k) / comb(n, k)  # zero for c < k
    probs = sps.binom.pmf(c[None, :], n, p[:, None])
    mean = probs @ value
    return probs @ value**2 - mean**2


@lru_cache(maxsize=64)
def _weights(a: float, b: float) -> np.ndarray:
    w = sps.beta.pdf(_GRID, a, b)
    return w / w.sum()


@lru_cache(maxsize=256)
def _noise_on_grid(n: int, k: int) -> np.ndarray:
    return estimator_variance(_GRID, n, k)


def sd_of_null_difference(n: int, k: int, a: float, b: float) -> float:
    """Standard deviation of a task's pass^k difference between two runs of the same model (noise only)."""
    return math.sqrt(2 * float(_weights(a, b) @ _noise_on_grid(n, k)))


SHAPES = ("spread", "concentrated")


@dataclass(frozen=True)
class _Design:
    """How a drop of a given size spreads over tasks, and what that does to sd(d)."""

    k: int
    a: float
    b: float
    shape: str = "spread"
    omega2: float | None = None  # given: fixed, whatever the drop

    def max_drop(self) -> float:
        return float(_weights(self.a, self.b) @ _GRID**self.k)  # pass^k itself

    def sd(self, drop: float, n: int | None) -> tuple[float, float]:
        """``(sd(d), omega^2)`` at a true mean drop ``drop`` with ``n`` trials (None: inf)."""
        w = _weights(self.a, self.b)
        ev = _noise_on_grid(n, self.k) if n is not None else np.zeros_like(_GRID)
        base = float(w @ ev)
        m1, m2 = self.max_drop(), float(w @ _GRID ** (2 * self.k))
        if self.omega2 is not None:
            return math.sqrt(self.omega2 + 2 * base), self.omega2
        share = min(max(drop / m1, 0.0), 1.0)
        if self.shape == "spread":  # every task keeps the same share of its pass^k
            moved = _GRID * (1 - share) ** (1 / self.k)
            current = float(w @ np.interp(moved, _GRID, ev))
            omega2 = share**2 * (m2 - m1**2)
        else:  # a random share of tasks breaks (pass^k 0), the rest are unchanged
            current = (1 - share) * base
            omega2 = share * m2 - (share * m1) ** 2
        return math.sqrt(omega2 + base + current), omega2

    def power(self, drop: float, tasks: int, n: int | None, alpha: float) -> float:
        return power_of_t_test(drop, tasks, self.sd(drop, n)[0], alpha)

    def mdd(self, tasks: int, n: int | None, alpha: float, power: float) -> float:
        """The smallest mean drop detected with ``power``; inf if none up to pass^k itself."""
        top = self.max_drop() * (1 - 1e-9)
        if self.power(top, tasks, n, alpha) < power:
            return math.inf
        if self.power(1e-12, tasks, n, alpha) >= power:  # no noise and sd(d) ∝ drop
            return 0.0
        return float(brentq(lambda x: self.power(x, tasks, n, alpha) - power, 1e-12, top))


def power_of_t_test(drop: float, tasks: int, sd_diff: float, alpha: float = 0.05) -> float:
    """Power of the one-sided paired t-test over ``tasks`` at a true mean drop ``drop``."""
    df = tasks - 1
    crit = sps.t.ppf(1 - alpha, df)
    if sd_diff <= 0:
        return 1.0 if drop > 0 else 0.0
    return float(sps.nct.sf(crit, df, drop * math.sqrt(tasks) / sd_diff))


@dataclass(frozen=True)
class GatePlan:
    """What a gate of ``tasks`` x ``trials`` detects at ``k``: its MDD and the noise behind it."""

    tasks: int
    trials: int
    k: int
    alpha: float
    power: float
    a: float
    b: float
    sd_diff: float  # sd of per-task differences at the MDD: sqrt(omega2 + noise)
    mdd: float  # inf when no drop up to pass^k itself is detected with this power
    omega2: float = 0.0  # between-task variance of the true change at the MDD
    sd_noise: float = 0.0  # the sd under no change (sampling noise of both runs)
    floor: float = 0.0  # the detectable drop with infinitely many trials
    shape: str = "spread"  # how the drop spreads over tasks ("given" for a fixed omega2)


def _design(k: int, a: float, b: float, shape: str, omega2: float | None) -> _Design:
    if omega2 is not None and not 0 <= omega2 < 1:
        raise ConfigError(f"--omega2 is a variance of pass^k changes, in [0, 1) (got {omega2})")
    if shape not in SHAPES:
        raise ConfigError(f"--shape must be one of {', '.join(SHAPES)} (got {shape!r})")
    return _Design(k, a, b, shape, omega2)


def plan_gate(tasks: int, trials: int, k: int, *, alpha: float = 0.05, power: float = 0.8,
              a: float = DEFAULT_A, b: float = DEFAULT_B, shape: str = "spread",
              omega2: float | None = None) -> GatePlan:  # fmt: skip
    """What the gate detects with ``tasks`` x ``trials``.

    Args:
        tasks: tasks in each run (at least 2).
        trials: trials per task.
        k: the k of the gated pass^k (1 to ``trials``).
        alpha: one-sided level of the regression test.
        power: probability of detecting the minimum detectable drop.
        a: first Beta parameter of the per-task success rates assumed.
        b: second Beta parameter.
        shape: how a drop spreads over tasks when ``omega2`` is not given: ``"spread"``
            (every task keeps the same share of its pass^k) or ``"concentrated"`` (a random
            share of tasks breaks to 0); ``omega2`` and the current run's noise follow.
        omega2: the between-task variance of the true change, if known (e.g. from
            :func:`omega2_from_pair` on a pilot pair); then the noise is the null noise.
    """
    if tasks < 2:
        raise ConfigError(f"--tasks must be at least 2 (got {tasks})")
    if not 1 <= k <= trials:
        raise ConfigError(f"--k must be between 1 and --trials ({trials}); got {k}")
    design = _design(k, a, b, shape, omega2)
    mdd = design.mdd(tasks, trials, alpha, power)
    at = mdd if math.isfinite(mdd) else design.max_drop()
    sd, om = design.sd(at, trials)
    noise = sd_of_null_difference(trials, k, a, b)
    floor = design.mdd(tasks, None, alpha, power)
    label = "given" if omega2 is not None else shape
    return GatePlan(tasks, trials, k, alpha, power, a, b, sd, mdd, om, noise, floor, label)


def trials_needed(tasks: int, k: int, drop: float, *, alpha: float = 0.05, power: float = 0.8,
                  a: float = DEFAULT_A, b: float = DEFAULT_B, limit: int = 1000,
                  shape: str = "spread", omega2: float | None = None) -> int | None:  # fmt: skip
    """The fewest trials per task for which the gate detects a pass^k drop of ``drop``.

    ``None`` if even ``limit`` trials are not enough (add tasks instead).
    """
    if not 0 < drop < 1:
        raise ConfigError(f"--drop is a drop in pass^k, between 0 and 1 (got {drop})")
    design = _design(k, a, b, shape, omega2)

    def ok(n: int) -> bool:
        return design.power(drop, tasks, n, alpha) >= power

    lo, hi = k, limit
    if not ok(hi):
        return None
    while lo < hi:  # power grows with trials
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(mid) else (mid + 1, hi)
    return lo


def tasks_needed(trials: int, k: int, drop: float, *, alpha: float = 0.05, power: float = 0.8,
                 a: float = DEFAULT_A, b: float = DEFAULT_B, shape: str = "spread",
                 omega2: float | None = None, limit: int = 1_000_000) -> int | None:  # fmt: skip
    """The fewest tasks for which the gate, at ``trials`` per task, detects ``drop``."""
    if not 0 < drop < 1:
        raise ConfigError(f"--drop is a drop in pass^k, between 0 and 1 (got {drop})")
    design = _design(k, a, b, shape, omega2)
    sd = design.sd(drop, trials)[0]

    def ok(t: int) -> bool:
        return power_of_t_test(drop, t, sd, alpha) >= power

    hi = 2
    while not ok(hi):
        if hi >= limit:
            return None
        hi = min(limit, hi * 2)
    lo = max(2, hi // 2)
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(mid) else (mid + 1, hi)
    return lo


def best_split(k: int, drop: float, *, alpha: float = 0.05, power: float = 0.8,
               a: float = DEFAULT_A, b: float = DEFAULT_B, shape: str = "spread",
               omega2: float | None = None, max_trials: int = 64,
               max_tasks: int | None = None) -> tuple[int, int] | None:  # fmt: skip
    """``(tasks, trials)`` with the fewest trials in all that detects ``drop``.

    Trials per task run from ``k`` to ``max_trials``; ``max_tasks`` caps the tasks (the size
    of the suite). None if no split within the caps reaches the drop.
    """
    best: tuple[int, int] | None = None
    kw = {"alpha": alpha, "power": power, "a": a, "b": b, "shape": shape, "omega2": omega2}
    for n in range(k, max_trials + 1):
        t = tasks_needed(n, k, drop, **kw)  # type: ignore[arg-type]
        if t is None or (max_tasks is not None and t > max_tasks):
            continue
        if best is None or t * n < best[0] * best[1]:
            best = (t, n)
    return best


def omega2_from_pair(a: GroupTasks, b: GroupTasks, k: int) -> tuple[float, int]:
    """Estimate ``omega^2`` of pass^k from two runs over the same tasks (e.g. a pilot pair).

    Per shared task with at least ``2k`` valid trials in both runs, the observed change is
    ``d_t = X_a - X_b`` (unbiased pass^k estimates). Its variance is ``omega^2`` plus the
    noise of both estimates; each task's noise ``Var(X)`` is estimated without bias by
    ``X^2 - C(c, 2k) / C(n, 2k)`` (the second term is unbiased for ``p^(2k)``). So
    ``omega^2 = var(d) - mean(noise_a + noise_b)``, clipped at 0.

    Returns:
        ``(omega2, tasks used)``.

    Raises:
        ConfigError: fewer than three shared tasks with ``2k`` valid trials in both.
    """
    ia, ib = pd.Index(a.task_id), pd.Index(b.task_id)
    common = ia.intersection(ib)
    sa, sb = a.subset(ia.get_indexer(common)), b.subset(ib.get_indexer(common))
    ok = (sa.n >= 2 * k) & (sb.n >= 2 * k)
    if ok.sum() < 3:
        raise ConfigError(
            f"estimating omega^2 of pass^{k} needs at least 3 shared tasks with {2 * k} valid "
            f"trials in both runs; found {int(ok.sum())}"
        )
    sa, sb = sa.subset(ok), sb.subset(ok)

    def parts(g: GroupTasks) -> tuple[np.ndarray, np.ndarray]:
        x = comb(g.c, k) / comb(g.n, k)
        return x, x**2 - comb(g.c, 2 * k) / comb(g.n, 2 * k)

    xa, va = parts(sa)
    xb, vb = parts(sb)
    d = xa - xb
    return max(0.0, float(np.var(d, ddof=1) - np.mean(va + vb))), int(ok.sum())
