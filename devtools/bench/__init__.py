"""Benchmarks: visibility, export and two-way updates."""
