"""Personal API tokens: knox tokens (stored as a SHA-512 digest) with a name the owner gives."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    """A personal API token; the secret is shown once at creation and never stored."""

    # knox's own field, declared again so type checkers see the relation.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="auth_token_set", on_delete=models.CASCADE
    )
    name = models.CharField(max_length=100, help_text="What the token is for, to tell it apart.")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"


class IdempotencyKey(models.Model):
    """A POST's ``Idempotency-Key`` and the response it got, so a retry gets the same answer.

    Scoped to the user and the endpoint; a retry with the same key and a different body is
    refused rather than answered with the first response.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    endpoint = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "endpoint", "key"], name="api_idempotency_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"
