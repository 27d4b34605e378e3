"""Field mappings: the rules and saving them."""
