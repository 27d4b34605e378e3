"""What every app uses: the admin base, set-based row helpers, error categories, CSV/XLSX safety.

Imports no app.
"""
