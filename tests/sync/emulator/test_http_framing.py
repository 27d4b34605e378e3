"""Request bodies framed as HTTP/1.1 frames them: chunked transfer coding and Content-Length."""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from emulator.control import org_records
from emulator.server import HOST_HEADER
from tests.helpers.orgs import EmulatedOrg

TOKEN_PATH = "/services/oauth2/token"
INGEST_PATH = "/services/data/v62.0/jobs/ingest"


def _connection(org: EmulatedOrg) -> http.client.HTTPConnection:
    parts = urlsplit(org.base_url)
    return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)


def _pieces(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def _token_form(org: EmulatedOrg) -> bytes:
    return urlencode(
        {
            "grant_type": "client_credentials",
            "client_id": org.client_id,
            "client_secret": org.client_secret,
        }
    ).encode()


def _send(
    conn: http.client.HTTPConnection,
    org: EmulatedOrg,
    method: str,
    path: str,
    body: Any = None,
    *,
    chunked: bool = False,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """Send one request on a kept-alive connection; a chunked body goes out in small pieces."""
    headers = {HOST_HEADER: org.host, **(headers or {})}
    if chunked:
        conn.request(method, path, body=_pieces(body, 7), headers=headers, encode_chunked=True)
    else:
        conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def _token(conn: http.client.HTTPConnection, org: EmulatedOrg, *, chunked: bool) -> str:
    status, body = _send(
        conn,
        org,
        "POST",
        TOKEN_PATH,
        _token_form(org),
        chunked=chunked,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200, body
    return str(json.loads(body)["access_token"])


def _raw(org: EmulatedOrg, data: bytes) -> bytes:
    """Write bytes on a fresh socket and read everything the server sends until it closes."""
    parts = urlsplit(org.base_url)
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=5) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


def _raw_token_request(org: EmulatedOrg, framing: bytes, body: bytes) -> bytes:
    return (
        (
            f"POST {TOKEN_PATH} HTTP/1.1\r\nHost: emulator\r\n{HOST_HEADER}: {org.host}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
        ).encode()
        + framing
        + b"\r\n"
        + body
    )


def test_a_chunked_token_request_is_read_and_answered_with_a_token(
    emulated_org: EmulatedOrg,
) -> None:
    conn = _connection(emulated_org)

    token = _token(conn, emulated_org, chunked=True)

    assert token.startswith(emulated_org.org_id[:15] + "!")


def test_chunk_extensions_and_trailers_are_read_and_ignored(emulated_org: EmulatedOrg) -> None:
    form = _token_form(emulated_org)
    body = (
        b"%x;name=value\r\n" % 10 + form[:10] + b"\r\n"
        b"%X ; other\r\n" % (len(form) - 10) + form[10:] + b"\r\n"
        b"0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"
    )
    request = _raw_token_request(emulated_org, b"Transfer-Encoding: chunked\r\n", body)

    answer = _raw(
        emulated_org, request + b"GET /services/data/ HTTP/1.1\r\nConnection: close\r\n\r\n"
    )

    assert answer.startswith(b"HTTP/1.1 200")
    assert answer.count(b"HTTP/1.1 200") == 2
    assert b'"access_token"' in answer


@pytest.mark.parametrize(
    "body",
    [
        b"zz\r\nabc\r\n0\r\n\r\n",  # not a hex size
        b"0x3\r\nabc\r\n0\r\n\r\n",  # a prefix Python's int() would accept
        b"3\r\nabcdef\r\n0\r\n\r\n",  # more data than the size said
        b"3\r\nabc",  # the connection ends inside the body
    ],
)
def test_a_malformed_chunked_body_is_a_400_and_the_connection_closes(
    emulated_org: EmulatedOrg, body: bytes
) -> None:
    request = _raw_token_request(emulated_org, b"Transfer-Encoding: chunked\r\n", body)
    # Bytes after the bad body would be a second request if the server kept reading.
    follow_up = b"GET /services/data/ HTTP/1.1\r\n\r\n"

    answer = _raw(emulated_org, request + follow_up if body.endswith(b"\r\n\r\n") else request)

    assert answer.startswith(b"HTTP/1.1 400")
    assert b"Connection: close" in answer
    assert answer.count(b"HTTP/1.1 ") == 1


def test_a_transfer_coding_other_than_chunked_last_is_refused(emulated_org: EmulatedOrg) -> None:
    request = _raw_token_request(emulated_org, b"Transfer-Encoding: gzip\r\n", b"abc")

    answer = _raw(emulated_org, request)

    assert answer.startswith(b"HTTP/1.1 400")
    assert answer.count(b"HTTP/1.1 ") == 1


def test_chunked_wins_over_content_length_and_the_connection_then_closes(
    emulated_org: EmulatedOrg,
) -> None:
    form = _token_form(emulated_org)
    body = b"%x\r\n" % len(form) + form + b"\r\n0\r\n\r\n"
    framing = b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"
    request = _raw_token_request(emulated_org, framing, body)

    answer = _raw(emulated_org, request + b"GET /services/data/ HTTP/1.1\r\n\r\n")

    assert answer.startswith(b"HTTP/1.1 200")
    assert b'"access_token"' in answer
    assert b"Connection: close" in answer
    assert answer.count(b"HTTP/1.1 ") == 1


def test_an_invalid_content_length_is_a_400(emulated_org: EmulatedOrg) -> None:
    request = _raw_token_request(emulated_org, b"Content-Length: 12abc\r\n", b"grant_type=x")

    answer = _raw(emulated_org, request)

    assert answer.startswith(b"HTTP/1.1 400")


def test_two_requests_after_a_chunked_one_on_a_kept_alive_connection_are_answered(
    emulated_org: EmulatedOrg,
) -> None:
    conn = _connection(emulated_org)
    token = _token(conn, emulated_org, chunked=True)
    auth = {"Authorization": f"Bearer {token}"}

    first = _send(conn, emulated_org, "GET", "/services/data/v62.0/limits", headers=auth)
    second = _send(
        conn, emulated_org, "GET", "/services/data/v62.0/sobjects/Lead/describe", headers=auth
    )

    assert first[0] == 200 and "DailyApiRequests" in json.loads(first[1])
    assert second[0] == 200 and json.loads(second[1])["name"] == "Lead"


def test_a_bulk_upload_sent_chunked_is_stored_whole(emulated_org: EmulatedOrg) -> None:
    conn = _connection(emulated_org)
    auth = {"Authorization": f"Bearer {_token(conn, emulated_org, chunked=False)}"}
    json_type = {"Content-Type": "application/json"}
    job_body = json.dumps(
        {"object": "Lead", "operation": "upsert", "externalIdFieldName": "Vendor_Record_Id__c"}
    ).encode()
    status, created = _send(
        conn, emulated_org, "POST", INGEST_PATH, job_body, headers=auth | json_type
    )
    assert status == 200, created
    job_path = f"{INGEST_PATH}/{json.loads(created)['id']}"
    rows = "".join(f"V-{n},Last {n},Company {n}\n" for n in range(250))
    csv_data = ("Vendor_Record_Id__c,LastName,Company\n" + rows).encode()

    status, _ = _send(
        conn,
        emulated_org,
        "PUT",
        f"{job_path}/batches",
        csv_data,
        chunked=True,
        headers=auth | {"Content-Type": "text/csv"},
    )
    assert status == 201
    close = json.dumps({"state": "UploadComplete"}).encode()
    status, _ = _send(conn, emulated_org, "PATCH", job_path, close, headers=auth | json_type)
    assert status == 200
    info = _job_done(conn, emulated_org, job_path, auth)

    assert (info["state"], info["numberRecordsProcessed"]) == ("JobComplete", 250)
    leads = org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    assert sorted(lead["Vendor_Record_Id__c"] for lead in leads) == sorted(
        f"V-{n}" for n in range(250)
    )


def _job_done(
    conn: http.client.HTTPConnection, org: EmulatedOrg, job_path: str, auth: dict[str, str]
) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while True:
        _, body = _send(conn, org, "GET", job_path, headers=auth)
        info: dict[str, Any] = json.loads(body)
        if info["state"] in ("JobComplete", "Failed", "Aborted") or time.monotonic() > deadline:
            return info
        time.sleep(0.05)
