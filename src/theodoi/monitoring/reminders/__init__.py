"""The daily reminder job, one module per kind of reminder (`job.py` runs them)."""

from theodoi.monitoring.reminders.job import RunResult, run_reminders

__all__ = ["RunResult", "run_reminders"]
