"""API: partner-org connections and their mappings."""
