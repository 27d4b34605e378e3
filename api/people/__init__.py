"""API for partner and vendor admins: team, seats, invitations, partner accounts, shares."""
