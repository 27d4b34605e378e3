"""The demo data set: partner companies, people, records and shares, built deterministically."""
