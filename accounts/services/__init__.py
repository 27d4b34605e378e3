"""Writes for users, partner companies, memberships, seats and invitations."""
