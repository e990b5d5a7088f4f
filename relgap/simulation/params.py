"""The simulated model family, in one readable table.

THESE ARE SIMULATIONS, NOT MODELS. They play suite tasks through the same tool-calling
protocol as a hosted model, starting from the suite's reference script and injecting the
suite's realistic mistakes. Their numbers illustrate how relgap measures a capability-
reliability gap; they say nothing about any real model.

How a simulated model decides whether it will get a task right: every (model, task) pair gets
a seeded latent success probability

    logit p = skill - tier_penalty[tier] + spread * z_task + noise * w_(family, task)

where ``z_task`` is a per-task ease shared by all models (hard tasks are hard for everyone)
and ``w`` a per-(family, task) quirk, both standard normal draws seeded by the names. So
within a tier some tasks are consistently easy (p near 1), some consistently impossible
(p near 0) and some flaky. A larger ``spread`` pushes p towards 0 or 1: the model is more
*consistent*, which is what the reasoning settings do here. A trial then makes a mistake at
each script step with the per-step rate that makes its overall success chance exactly p.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SimParams:
    """One simulated model: its skill, consistency, token use, price and latency (see above)."""

    name: str
    family: str
    reasoning_effort: str | None
    skill: float  # logit of success on an average tier-1 task
    tier_penalty: tuple[float, float, float, float]  # subtracted per tier 1..4
    spread: float  # weight of the shared per-task ease: larger = more consistent
    noise: float  # weight of the model-specific per-task quirk
    output_tokens: int  # visible output tokens per step (mean)
    reasoning_tokens: int  # hidden reasoning tokens per step (mean)
    usd_per_mtok_in: float  # simulated price, USD per million input tokens
    usd_per_mtok_out: float  # simulated price, USD per million output tokens
    latency_ms: float  # simulated latency per call (only slept when asked to)
    perfect: bool = False  # the oracle: never errs


SIM_MODELS: dict[str, SimParams] = {
    p.name: p
    for p in [
        # name                family          effort    skill tier penalties          spread noise out reas  $in   $out  ms
        SimParams("sim/oracle", "sim/oracle", None, 0.0, (0, 0, 0, 0), 0.0, 0.0, 60, 0, 0.0, 0.0, 0, perfect=True),
        SimParams("sim/fast", "sim/fast", None, 2.0, (0.0, 1.0, 2.0, 3.0), 1.6, 1.2, 70, 0, 0.15, 0.60, 400),
        SimParams("sim/reasoner-low", "sim/reasoner", "low", 2.6, (0.0, 0.9, 1.8, 2.7), 2.1, 1.0, 70, 150, 1.10, 4.40, 1200),
        SimParams("sim/reasoner-medium", "sim/reasoner", "medium", 3.2, (0.0, 0.8, 1.6, 2.4), 2.6, 1.0, 70, 450, 1.10, 4.40, 2500),
        SimParams("sim/reasoner-high", "sim/reasoner", "high", 3.9, (0.0, 0.7, 1.4, 2.1), 3.1, 1.0, 70, 1100, 1.10, 4.40, 5000),
    ]
}  # fmt: skip

# `sim/reasoner` takes its effort from the reasoning_effort setting (a --variant sweep).
REASONER_EFFORTS = {
    "low": "sim/reasoner-low",
    "medium": "sim/reasoner-medium",
    "high": "sim/reasoner-high",
}
SIM_FAMILIES = ["sim/reasoner"]
DEMO_MODELS = ["sim/fast", "sim/reasoner-low", "sim/reasoner-medium", "sim/reasoner-high"]
