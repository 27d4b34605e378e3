"""Domain errors and their categories.

A service that refuses raises a domain error whose ``message`` is fit to show the user. Every
domain error derives from exactly one category below, and the category decides how an
interface answers: the API's handler reads ``status`` and ``code``; the site's views catch a
category (``NotFound`` becomes the 404 page, ``NotPermitted`` the 403 page, the others a message
on the page the user came from). A new error therefore cannot silently become a 400: it names
its category where it is declared, and a test walks every domain error to check that it does.
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """A rule said no; ``message`` tells the user why. Raise a category's subclass, not this."""

    status: ClassVar[int]
    code: ClassVar[str]

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing is not there, or the actor may not know it is: both read the same (404)."""

    status = 404
    code = "not_found"


class NotPermitted(DomainError):
    """The actor may see the thing but not do this to it (403, with the message)."""

    status = 403
    code = "permission_denied"


class Conflict(DomainError):
    """The state of things does not allow it now: a limit reached, a job busy (409)."""

    status = 409
    code = "conflict"


class Invalid(DomainError):
    """The input breaks a rule; ``problems`` maps a field (``""`` for none) to its message (400)."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or {}


class Unavailable(DomainError):
    """Something the action needs cannot be reached now; trying later may succeed (503)."""

    status = 503
    code = "unavailable"


CATEGORIES: tuple[type[DomainError], ...] = (NotFound, NotPermitted, Conflict, Invalid, Unavailable)


def category_of(error_class: type[DomainError]) -> type[DomainError] | None:
    """The category an error class belongs to (the first in its MRO), or None if it has none."""
    return next((base for base in error_class.__mro__ if base in CATEGORIES), None)
