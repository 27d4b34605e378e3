"""Export of vendor records into a partner org: start, run, chunk, status, notify."""
