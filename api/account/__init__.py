"""API: the caller's own account."""
