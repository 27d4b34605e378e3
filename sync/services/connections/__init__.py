"""Partner-org connections: set-up, checks and lifecycle."""
