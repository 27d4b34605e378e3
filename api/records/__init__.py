"""API: leads, opportunities, accounts, contacts and notes."""
