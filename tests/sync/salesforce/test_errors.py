"""Error translation: every library and HTTP failure becomes one of our errors."""

from __future__ import annotations

from typing import Any, cast

import pytest
import requests
import responses
from simple_salesforce import exceptions as sf_exceptions  # noqa: TID251 (its errors are input here)

from salesforce import (
    SalesforceAuthFailed,
    SalesforceCallFailed,
    SalesforceClient,
    SalesforceError,
    SalesforceLimitReached,
    SalesforceRecordRejected,
    SalesforceTransient,
    error_translate,
)
from tests.helpers.salesforce import DATA, TOKEN_URL, sf_error, token_ok

LIMITS_URL = f"{DATA}limits/"


def body(errors: list[dict[str, object]]) -> bytes:
    """simple-salesforce hands its errors the parsed JSON body, whatever its annotation says."""
    return cast(bytes, errors)


EXPIRED = sf_error("INVALID_SESSION_ID", "Session expired or invalid")


def test_a_401_logs_in_again_once_and_retries_the_call(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps, access_token="first")
    rsps.get(LIMITS_URL, status=401, json=EXPIRED)
    token_ok(rsps, access_token="second")
    rsps.get(LIMITS_URL, json={"DailyApiRequests": {"Max": 15000, "Remaining": 10}})

    assert client.limits()["DailyApiRequests"]["Remaining"] == 10

    assert [call.request.url for call in rsps.calls] == [
        TOKEN_URL,
        LIMITS_URL,
        TOKEN_URL,
        LIMITS_URL,
    ]
    assert rsps.calls[1].request.headers["Authorization"] == "Bearer first"
    assert rsps.calls[3].request.headers["Authorization"] == "Bearer second"
    assert client.requests_made == 4


def test_a_second_401_after_the_re_login_raises_auth_failed(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(LIMITS_URL, status=401, json=EXPIRED)
    token_ok(rsps)
    rsps.get(LIMITS_URL, status=401, json=EXPIRED)

    with pytest.raises(SalesforceAuthFailed) as raised:
        client.limits()

    assert raised.value.error_code == "INVALID_SESSION_ID"
    assert raised.value.status == 401
    assert client.requests_made == 4


def test_a_401_and_a_refused_re_login_raise_auth_failed_without_another_call(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(LIMITS_URL, status=401, json=EXPIRED)
    rsps.post(
        TOKEN_URL,
        status=400,
        json={"error": "invalid_client", "error_description": "invalid client credentials"},
    )

    with pytest.raises(SalesforceAuthFailed) as raised:
        client.limits()

    assert raised.value.error_code == "invalid_client"
    assert client.requests_made == 3


def test_the_re_login_happens_once_per_refusal_not_once_per_client(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(LIMITS_URL, status=401, json=EXPIRED)
    token_ok(rsps)
    rsps.get(LIMITS_URL, json={})
    rsps.get(LIMITS_URL, status=401, json=EXPIRED)
    token_ok(rsps)
    rsps.get(LIMITS_URL, json={"ok": 1})

    client.limits()
    assert client.limits() == {"ok": 1}
    assert client.requests_made == 7


def test_403_request_limit_exceeded_is_limit_reached(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(
        LIMITS_URL,
        status=403,
        json=sf_error("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
    )

    with pytest.raises(SalesforceLimitReached) as raised:
        client.limits()

    assert raised.value.error_code == "REQUEST_LIMIT_EXCEEDED"
    assert raised.value.status == 403
    assert "TotalRequests Limit exceeded." in raised.value.message
    assert client.requests_made == 2


def test_a_403_with_another_error_code_is_not_limit_reached(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(
        LIMITS_URL,
        status=403,
        json=sf_error("INSUFFICIENT_ACCESS", "The REST API is not enabled for this Organization."),
    )

    with pytest.raises(SalesforceError) as raised:
        client.limits()

    assert type(raised.value) is SalesforceCallFailed
    assert raised.value.error_code == "INSUFFICIENT_ACCESS"


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_transient(
    rsps: responses.RequestsMock, client: SalesforceClient, status: int
) -> None:
    token_ok(rsps)
    rsps.get(LIMITS_URL, status=status, body="<html>Service Unavailable</html>")

    with pytest.raises(SalesforceTransient) as raised:
        client.limits()

    assert raised.value.status == status
    assert raised.value.error_code == "SERVER_ERROR"
    assert client.requests_made == 2


def test_a_503_with_a_salesforce_body_keeps_its_error_code(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(LIMITS_URL, status=503, json=sf_error("SERVER_UNAVAILABLE", "Try again later"))

    with pytest.raises(SalesforceTransient) as raised:
        client.limits()

    assert raised.value.error_code == "SERVER_UNAVAILABLE"


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        (requests.ReadTimeout("read timed out"), "TIMEOUT"),
        (requests.ConnectTimeout("connect timed out"), "TIMEOUT"),
        (requests.ConnectionError("Connection aborted. RemoteDisconnected"), "CONNECTION_ERROR"),
        (requests.exceptions.ChunkedEncodingError("connection broken"), "CONNECTION_ERROR"),
    ],
)
def test_timeouts_and_dropped_connections_are_transient_and_counted(
    rsps: responses.RequestsMock, client: SalesforceClient, failure: Exception, code: str
) -> None:
    token_ok(rsps)
    rsps.get(LIMITS_URL, body=failure)

    with pytest.raises(SalesforceTransient) as raised:
        client.limits()

    assert raised.value.error_code == code
    assert raised.value.__cause__ is failure
    assert client.requests_made == 2


def test_unable_to_lock_row_on_the_whole_call_is_transient(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.patch(
        f"{DATA}composite/sobjects/Lead/Vendor_Record_Id__c",
        status=400,
        json=sf_error("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record"),
    )

    with pytest.raises(SalesforceTransient) as raised:
        client.upsert_many("Lead", "Vendor_Record_Id__c", [{"Vendor_Record_Id__c": "L-1"}])

    assert raised.value.error_code == "UNABLE_TO_LOCK_ROW"


def test_400_malformed_query_is_call_failed(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(
        f"{DATA}query/",
        status=400,
        json=sf_error("MALFORMED_QUERY", "unexpected token: FORM"),
    )

    with pytest.raises(SalesforceCallFailed) as raised:
        client.query("SELECT Id FORM Lead")

    assert raised.value.error_code == "MALFORMED_QUERY"
    assert raised.value.status == 400
    assert "unexpected token: FORM" in raised.value.message


def test_a_whole_collection_refused_for_an_unknown_field_is_call_failed(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.patch(
        f"{DATA}composite/sobjects/Lead/Vendor_Record_Id__c",
        status=400,
        json=sf_error("INVALID_FIELD", "No such column 'Foo__c' on sobject of type Lead"),
    )

    with pytest.raises(SalesforceCallFailed) as raised:
        client.upsert_many("Lead", "Vendor_Record_Id__c", [{"Vendor_Record_Id__c": "L-1"}])

    assert raised.value.error_code == "INVALID_FIELD"


def test_a_400_on_a_single_record_endpoint_is_record_rejected_with_fields() -> None:
    library_error = sf_exceptions.SalesforceMalformedRequest(
        f"{DATA}sobjects/Lead/Vendor_Record_Id__c/L-1",
        400,
        "Lead",
        body(
            sf_error(
                "REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]", ["LastName"]
            )
        ),
    )

    error = error_translate(library_error)

    assert isinstance(error, SalesforceRecordRejected)
    assert error.error_code == "REQUIRED_FIELD_MISSING"
    assert error.fields == ["LastName"]
    assert "Required fields are missing" in error.message


def test_a_400_on_describe_is_not_a_record_rejection() -> None:
    library_error = sf_exceptions.SalesforceMalformedRequest(
        f"{DATA}sobjects/Lead/describe/", 400, "describe", body(sf_error("INVALID_TYPE", "bad"))
    )

    assert type(error_translate(library_error)) is SalesforceCallFailed


def test_request_limit_exceeded_is_read_from_the_body_whatever_the_status() -> None:
    library_error = sf_exceptions.SalesforceGeneralError(
        f"{DATA}limits/",
        429,
        "limits",
        body(sf_error("REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrg")),
    )

    assert isinstance(error_translate(library_error), SalesforceLimitReached)


def test_a_failed_bulk_job_is_call_failed() -> None:
    error = error_translate(
        sf_exceptions.SalesforceOperationError("Job failure. Response content: InvalidBatch")
    )

    assert type(error) is SalesforceCallFailed
    assert error.error_code == "BULK_JOB_FAILED"


def test_an_unreadable_answer_is_transient(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(LIMITS_URL, body="<html>gateway page</html>", content_type="text/html")

    with pytest.raises(SalesforceTransient) as raised:
        client.limits()

    assert raised.value.error_code == "INVALID_RESPONSE"


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 300, "json": [{"errorCode": "MULTIPLE_CHOICES", "message": "several"}]},
        {"status": 404, "json": sf_error("NOT_FOUND", "The requested resource does not exist")},
        {"status": 405, "body": "Method Not Allowed"},
        {"status": 415, "json": {"message": "Unsupported"}},
        {"body": requests.exceptions.InvalidURL("bad url")},
        {"body": requests.exceptions.TooManyRedirects("loop")},
    ],
)
def test_no_library_or_requests_exception_escapes(
    rsps: responses.RequestsMock, client: SalesforceClient, answer: dict[str, Any]
) -> None:
    token_ok(rsps)
    rsps.get(LIMITS_URL, **answer)

    with pytest.raises(SalesforceError) as raised:
        client.limits()

    assert type(raised.value).__module__ == "salesforce.errors"
    assert raised.value.error_code
    assert raised.value.__cause__ is not None
