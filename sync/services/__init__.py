"""Partner Connect services: every change to connections, mappings and exports."""
