"""The partner site's pages, one module per area."""
