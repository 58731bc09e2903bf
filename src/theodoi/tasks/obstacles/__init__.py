"""Difficulties and proposals raised on tasks ("khó khăn, vướng mắc", Regulation 1142
Art. 9.1.b, 10.3): who may do what (`rules`), the writes (`services`), the reads (`reads`,
with `obstacles_of_period` for the periodic report), the pages (`forms`, `views`) and the
queue's XLSX (`export`). The table is `tasks.models.Obstacle`; docs/tasks.md explains the
choices."""
