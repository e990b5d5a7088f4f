"""Running a suite: configuration, the trial plan, one trial end to end, and the runner.

``trial.run_trial`` plays one trial with no I/O; ``runner.Runner`` schedules trials
concurrently with retries, rate limits, an optional cache and resume, storing each as it ends.
"""
