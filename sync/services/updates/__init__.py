"""Two-way updates: the outbox, pushes, polls and their schedule."""
