"""The wire shapes of a mocked partner org at acme.my.salesforce.com: URLs, a token answer and
Salesforce's REST error body."""

from __future__ import annotations

from typing import Any

import responses

MY_DOMAIN = "acme.my.salesforce.com"
TOKEN_URL = f"https://{MY_DOMAIN}/services/oauth2/token"
DATA = f"https://{MY_DOMAIN}/services/data/v62.0/"
ORG_ID = "00D5g000004ABCDEA2"
USER_ID = "0055g00000ABCDEAA4"
TOKEN_BODY: dict[str, Any] = {
    "access_token": "00D5g000004ABCD!token-1",
    "instance_url": f"https://{MY_DOMAIN}",
    "id": f"https://login.salesforce.com/id/{ORG_ID}/{USER_ID}",
    "token_type": "Bearer",
    "issued_at": "1767225600000",
    "signature": "c2lnbmF0dXJl",
}


def token_ok(rsps: responses.RequestsMock, access_token: str = "00D5g000004ABCD!token-1") -> None:
    """Register one successful client-credentials token answer."""
    rsps.post(TOKEN_URL, json={**TOKEN_BODY, "access_token": access_token})


def sf_error(code: str, message: str, fields: list[str] | None = None) -> list[dict[str, Any]]:
    """A Salesforce REST error body."""
    body: dict[str, Any] = {"message": message, "errorCode": code}
    if fields is not None:
        body["fields"] = fields
    return [body]
