"""Signals the accounts app sends; apps above it connect to them in their ready()."""

from django.dispatch import Signal

# People or companies changed in a way that can change who sees which record: a role, a flag, a
# membership's or company's activity, or the partner hierarchy. Sent inside the service's
# transaction with ``partner_account_ids`` and ``user_ids`` (sets of ids; either may be empty);
# the record-access rows are refreshed by the vendor records app before the transaction commits.
people_changed = Signal()
