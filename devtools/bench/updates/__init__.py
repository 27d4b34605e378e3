"""Benchmark of two-way updates."""
