"""Writes for vendor records: sharing, access rows, edits and notes."""
