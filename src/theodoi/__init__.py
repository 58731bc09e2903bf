"""Theo Dõi: the task-tracking system of Vietnam Social Security."""
