"""allauth adapter: sign-up is closed; people join through an invitation link."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Never: invitations have their own accept page, so allauth's sign-up stays closed."""
        return False
