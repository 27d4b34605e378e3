"""Reads of Partner Connect state."""
