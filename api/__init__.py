"""The REST API under /api/v1/: the same selectors and services as the site, for REST clients."""
