"""Every mapping from a per-record result to outbound status, and from it to Export Status."""

from __future__ import annotations

import pytest

from salesforce import RecordError, RecordResult
from sync.models import ExportStatus, ItemStatus, OutboundStatus
from sync.payloads import Payload
from sync.services.export.chunk import outcome_of_result
from sync.services.export.status import (
    FIELD_MAP_ERROR_CODES,
    advice_for,
    export_status_for,
    outbound_for_error,
    outbound_for_success,
)

OS = OutboundStatus
PAYLOAD = Payload(1, {"X__c": "1"}, "digest")
PARTIAL = Payload(1, {"X__c": "1"}, "digest", left_out=["rating"])


def _failed(code: str, fields: list[str] | None = None) -> RecordResult:
    return RecordResult(False, None, False, [RecordError(code, f"{code} says no", fields or [])])


@pytest.mark.parametrize(
    "code",
    [
        "INVALID_FIELD",
        "INVALID_FIELD_FOR_INSERT_UPDATE",
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        "INVALID_CROSS_REFERENCE_KEY",
        "FIELD_INTEGRITY_EXCEPTION",
    ],
)
def test_field_mapping_and_owner_errors_are_subscribe_field_map_errors(code):
    assert code in FIELD_MAP_ERROR_CODES
    outcome = outcome_of_result(_failed(code, ["Email"]), PAYLOAD)
    assert outcome.status == ItemStatus.FAILED
    assert outcome.outbound == OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR
    assert (outcome.code, outcome.message, outcome.fields) == (code, f"{code} says no", ["Email"])


@pytest.mark.parametrize(
    "code",
    [
        "REQUIRED_FIELD_MISSING",
        "STRING_TOO_LONG",
        "INVALID_TYPE_ON_FIELD_IN_RECORD",
        "INVALID_EMAIL_ADDRESS",
        "FIELD_CUSTOM_VALIDATION_EXCEPTION",
    ],
)
def test_a_refusal_of_the_records_own_data_is_a_record_error(code):
    # The record's value is wrong, not the mapping: filed as the partner org's record error.
    outcome = outcome_of_result(_failed(code, ["Email"]), PAYLOAD)
    assert outcome.status == ItemStatus.FAILED
    assert outcome.outbound == OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR
    assert (outcome.code, outcome.message, outcome.fields) == (code, f"{code} says no", ["Email"])


@pytest.mark.parametrize("code", ["DUPLICATES_DETECTED", "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY"])
def test_any_other_record_error_is_a_subscribe_unknown_error(code):
    outcome = outcome_of_result(_failed(code), PAYLOAD)
    assert outcome.outbound == OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR
    assert outbound_for_error(code) == OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR


def test_a_locked_row_leaves_the_record_pending_for_the_retry():
    outcome = outcome_of_result(_failed("UNABLE_TO_LOCK_ROW"), PAYLOAD)
    assert outcome.status == ItemStatus.PENDING
    assert outcome.outbound is None


def test_created_and_updated_records_are_export_success_with_their_id():
    created = outcome_of_result(RecordResult(True, "00Q000000000001AAA", True, []), PAYLOAD)
    updated = outcome_of_result(RecordResult(True, "00Q000000000001AAA", False, []), PAYLOAD)
    for outcome in (created, updated):
        assert outcome.status == ItemStatus.SENT
        assert outcome.outbound == OS.EXPORT_SUCCESS
        assert outcome.external_id == "00Q000000000001AAA"
    assert created.created is True
    assert updated.created is False


def test_a_success_with_fields_left_out_is_partial():
    outcome = outcome_of_result(RecordResult(True, "00Q000000000001AAA", True, []), PARTIAL)
    assert outcome.outbound == OS.EXPORT_SUCCESS_PARTIAL
    assert outcome.message == "Left out: rating."
    assert outbound_for_success(partial=True) == OS.EXPORT_SUCCESS_PARTIAL
    assert outbound_for_success(partial=False, skipped=True) == OS.EXPORT_SUCCESS_SKIPPED


@pytest.mark.parametrize(
    ("outbound", "expected"),
    [
        (OS.EXPORT_IN_PROGRESS, ExportStatus.IN_PROGRESS),
        (OS.EXPORT_SUCCESS, ExportStatus.EXPORTED),
        (OS.EXPORT_SUCCESS_SKIPPED, ExportStatus.EXPORTED),
        (OS.EXPORT_SUCCESS_PARTIAL, ExportStatus.PARTIAL),
        (OS.EXPORT_PUBLISH_FIELD_MAP_ERROR, ExportStatus.FAILED),
        (OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR, ExportStatus.FAILED),
        (OS.EXPORT_PUBLISH_EVENT_ERROR, ExportStatus.FAILED),
        (OS.EXPORT_PUBLISH_UNKNOWN_ERROR, ExportStatus.FAILED),
        (OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR, ExportStatus.FAILED),
        (OS.EXPORT_PUBLISH_CONNECTION_ERROR, ExportStatus.FAILED),
    ],
)
def test_export_status_derives_from_every_export_outbound_status(outbound, expected):
    assert export_status_for(outbound, current=ExportStatus.IN_PROGRESS) == expected


@pytest.mark.parametrize("outbound", [s for s in OS if s.startswith("Update")])
@pytest.mark.parametrize("current", [ExportStatus.EXPORTED, ExportStatus.PARTIAL])
def test_update_statuses_do_not_change_export_status_once_exported(outbound, current):
    assert export_status_for(outbound, current=current) == current


def test_a_skipped_re_export_of_a_partial_payload_stays_partially_exported():
    status = export_status_for(OS.EXPORT_SUCCESS_SKIPPED, current="in_progress", partial=True)
    assert status == ExportStatus.PARTIAL


@pytest.mark.parametrize("outbound", [s for s in OS if s.startswith("Export") and "Error" in s])
def test_every_export_error_has_advice(outbound):
    assert advice_for(outbound)
