"""Backup and restore of the whole system: the database and the attached files in one archive
(`theodoi backup`, `theodoi restore`; docs/operations.md)."""
