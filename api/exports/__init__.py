"""API: Partner Connect exports, their items, record maps and connected records."""
