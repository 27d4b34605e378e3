"""Personal API tokens: the service, the site's pages and their form."""
