"""Reads that filter by permission, and the list pages' reads."""
