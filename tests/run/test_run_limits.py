from __future__ import annotations

import random

from relgap.errors import ProviderError
from relgap.run.limits import Pacer
from relgap.run.retry import RetryPolicy


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_pacer_spreads_requests_evenly_so_no_sliding_minute_exceeds_the_limit():
    clock = FakeClock()
    pacer = Pacer(120, clock=clock)
    starts = [clock.now + pacer.reserve() for _ in range(360)]
    # 120 per minute = one every 0.5 s, no burst.
    assert starts[:3] == [100.0, 100.5, 101.0]
    for i, t in enumerate(starts):
        in_window = sum(1 for u in starts if t - 60 < u <= t)
        assert in_window <= 120, (i, in_window)


def test_pacer_books_tokens_in_proportion_and_caps_one_booking_at_a_minute():
    clock = FakeClock()
    pacer = Pacer(60_000, clock=clock)  # 1000 tokens a second
    assert pacer.reserve(5_000) == 0.0
    assert abs(pacer.reserve(1) - 5.0) < 1e-9
    huge = Pacer(1_000, clock=clock)
    huge.reserve(50_000)  # bigger than a minute's worth: books one minute, not fifty
    assert abs(huge.reserve(1) - 60.0) < 1e-9


def test_pacer_does_not_save_up_idle_time():
    clock = FakeClock()
    pacer = Pacer(60, clock=clock)
    pacer.reserve()
    clock.now += 3600  # an idle hour gives no burst credit
    assert pacer.reserve() == 0.0
    assert abs(pacer.reserve() - 1.0) < 1e-9


def test_retry_delay_grows_and_honours_retry_after():
    policy = RetryPolicy(max_retries=5, base_delay_s=1.0, max_delay_s=30.0)
    rng = random.Random(0)
    plain = ProviderError("500", transient=True, kind="server_error")
    delays = [policy.delay(a, plain, rng) for a in range(6)]
    assert all(2**a / 2 <= d <= 2**a for a, d in enumerate(delays[:5]))
    assert delays[5] <= 30.0
    told = ProviderError("429", transient=True, kind="rate_limit", retry_after=7.0)
    assert policy.delay(0, told, rng) >= 7.0
    assert policy.delay(0, ProviderError("429", transient=True, retry_after=600), rng) == 30.0
