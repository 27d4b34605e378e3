"""Turn Salesforce answers (JSON and Bulk API CSV) into the seam's typed values."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict, deque
from typing import Any

from salesforce.errors import SalesforceCallFailed
from salesforce.types import (
    FieldDescribe,
    Identity,
    ObjectDescribe,
    RecordError,
    RecordResult,
)

_API_USAGE = re.compile(r"(?:^|[;,\s])api-usage=(\d+)/(\d+)")
_BULK_ERROR = re.compile(r"^([A-Z][A-Z0-9_]*):(.*)$", re.DOTALL)
_FIELD_LIST = re.compile(r"^[\w.]*(?:\s*,\s*[\w.]+)*\s*$")

UNPROCESSED = RecordResult(
    ok=False,
    id=None,
    created=False,
    errors=[RecordError("BULK_UNPROCESSED", "The Bulk API job did not process this record.", [])],
)


def api_usage_parse(header: str | None) -> tuple[int, int] | None:
    """Return (used, limit) from a Sforce-Limit-Info header such as ``api-usage=18/5000``."""
    match = _API_USAGE.search(header or "")
    return (int(match[1]), int(match[2])) if match else None


def identity_parse(token_body: Any, instance: str) -> Identity:
    """Return the integration user and org from the token answer's ``id`` URL."""
    id_url = token_body.get("id", "") if isinstance(token_body, dict) else ""
    parts = str(id_url).rstrip("/").split("/")
    if len(parts) < 3 or parts[-3] != "id":
        raise SalesforceCallFailed(
            "The token answer did not say which user the client runs as.",
            error_code="INVALID_TOKEN_RESPONSE",
        )
    return Identity(user_id=parts[-1], org_id=parts[-2], instance_url=f"https://{instance}")


def collection_results(answer: Any, expected: int) -> list[RecordResult]:
    """Return one RecordResult per record of an sObject Collections answer, in input order."""
    if not isinstance(answer, list) or len(answer) != expected:
        raise SalesforceCallFailed(
            f"Salesforce answered {len(answer) if isinstance(answer, list) else 'no'} results "
            f"for {expected} records.",
            error_code="INVALID_RESPONSE",
        )
    return [
        RecordResult(
            ok=bool(item.get("success")),
            id=item.get("id") or None,
            created=bool(item.get("created", False)),
            errors=[
                RecordError(
                    status_code=str(error.get("statusCode") or error.get("errorCode") or ""),
                    message=str(error.get("message") or ""),
                    fields=[str(name) for name in error.get("fields") or []],
                )
                for error in item.get("errors") or []
            ],
        )
        for item in answer
    ]


def field_describe_parse(raw: dict[str, Any]) -> FieldDescribe:
    """Return a FieldDescribe from one entry of a describe answer's ``fields``."""
    picklist = [entry for entry in raw.get("picklistValues") or [] if entry.get("active", True)]
    default = next((entry["value"] for entry in picklist if entry.get("defaultValue")), None)
    return FieldDescribe(
        name=raw["name"],
        label=raw.get("label") or raw["name"],
        type=raw.get("type") or "",
        length=int(raw.get("length") or 0),
        precision=int(raw.get("precision") or 0),
        scale=int(raw.get("scale") or 0),
        nillable=bool(raw.get("nillable")),
        createable=bool(raw.get("createable")),
        updateable=bool(raw.get("updateable")),
        external_id=bool(raw.get("externalId")),
        unique=bool(raw.get("unique")),
        defaulted_on_create=bool(raw.get("defaultedOnCreate")),
        picklist_values=[entry["value"] for entry in picklist],
        default_picklist_value=default,
        reference_to=list(raw.get("referenceTo") or []),
        digits=int(raw.get("digits") or 0),
        calculated=bool(raw.get("calculated")),
        auto_number=bool(raw.get("autoNumber")),
        compound_field_name=raw.get("compoundFieldName") or None,
    )


def object_describe_parse(answer: Any) -> ObjectDescribe:
    """Return an ObjectDescribe from a ``sobjects/<Type>/describe`` answer."""
    fields = [field_describe_parse(raw) for raw in answer.get("fields") or []]
    return ObjectDescribe(
        name=answer["name"],
        label=answer.get("label") or answer["name"],
        custom=bool(answer.get("custom")),
        fields={described.name: described for described in fields},
    )


def bulk_error_parse(text: str) -> RecordError:
    """Return the error of a failedResults row: ``CODE:message:field1,field2 --``."""
    match = _BULK_ERROR.match(text.strip())
    if not match:
        return RecordError(status_code="UNKNOWN_EXCEPTION", message=text.strip(), fields=[])
    code, rest = match[1], match[2].strip()
    fields: list[str] = []
    if rest.endswith("--"):
        # Salesforce ends the message with ":<fields> --", the field list possibly empty.
        rest = rest.removesuffix("--").rstrip()
        message, separator, names = rest.rpartition(":")
        if separator and _FIELD_LIST.match(names):
            rest = message.strip()
            fields = [name.strip() for name in names.split(",") if name.strip()]
    return RecordError(status_code=code, message=rest, fields=fields)


def bulk_results(
    keys: list[str], external_id_field: str, successful: str, failed: str
) -> list[RecordResult]:
    """Map successfulResults and failedResults CSVs back onto the input keys, in input order."""
    by_key: defaultdict[str, deque[RecordResult]] = defaultdict(deque)
    for row in csv.DictReader(io.StringIO(successful)):
        by_key[row.get(external_id_field, "")].append(
            RecordResult(
                ok=True,
                id=row.get("sf__Id") or None,
                created=(row.get("sf__Created") or "").lower() == "true",
                errors=[],
            )
        )
    for row in csv.DictReader(io.StringIO(failed)):
        by_key[row.get(external_id_field, "")].append(
            RecordResult(
                ok=False,
                id=row.get("sf__Id") or None,
                created=False,
                errors=[bulk_error_parse(row.get("sf__Error") or "")],
            )
        )
    return [by_key[key].popleft() if by_key[key] else UNPROCESSED for key in keys]
