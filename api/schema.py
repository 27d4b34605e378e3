"""The OpenAPI document's error responses: every operation answers errors in one format."""

from __future__ import annotations

from typing import Any

ERROR_COMPONENT = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every response that is not a success (see api/errors.py).",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status code."},
                "code": {"type": "string", "description": "Stable, for programs."},
                "message": {"type": "string", "description": "Fit to show a person."},
                "fields": {
                    "type": "object",
                    "description": "Messages per invalid input field; empty otherwise.",
                    "additionalProperties": {},
                },
            },
            "required": ["status", "code", "message", "fields"],
        }
    },
    "required": ["error"],
}
ERROR_CONTENT = {
    "application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}
}
METHODS = {"get", "put", "patch", "post", "delete", "head", "options", "trace"}


def _with_error_bodies(responses: dict[str, Any]) -> None:
    """Give declared 4xx responses without a body the error body, and add the default."""
    for code, response in responses.items():
        if code.startswith("4") and "content" not in response:
            response["content"] = ERROR_CONTENT
    responses.setdefault(
        "default", {"description": "An error, in the API's error format.", "content": ERROR_CONTENT}
    )


def error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: declare the error format on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method in METHODS:
                _with_error_bodies(operation.setdefault("responses", {}))
    return result
