"""allauth adapter: sign-up is closed except through an invitation."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Only a person holding a valid invitation may sign up."""
        return bool(request.session.get("invitation_id"))
