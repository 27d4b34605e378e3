"""Pages of Partner Connect: setup, exports and jobs, lifecycle, status report."""
