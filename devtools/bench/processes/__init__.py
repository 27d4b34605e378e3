"""Processes the benchmarks start: the org emulator and a django-q2 worker."""
