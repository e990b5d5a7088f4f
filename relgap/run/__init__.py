"""Running a suite: configuration, the build step, the trial plan, one trial, the runner.

``config.resolve_run_config`` turns a config file and flags into a ``RunConfig``;
``build`` turns its names into objects (suite, tasks, providers and their wrappers);
``trial.run_trial`` plays one trial with no I/O; ``runner.Runner`` schedules trials
concurrently with retries, rate limits, an optional cache and resume, storing each as it ends.
"""
