"""SalesforceClient: typed calls on one partner org, over simple-salesforce and our session."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar, cast

import requests
from django.conf import settings
from simple_salesforce import Salesforce
from simple_salesforce import exceptions as sf_exceptions
from simple_salesforce.format import quote_soql_value
from simple_salesforce.login import SalesforceLogin

from salesforce import parsing
from salesforce.errors import SalesforceAuthFailed, SalesforceCallFailed, error_translate
from salesforce.session import SalesforceSession, session_build
from salesforce.types import Identity, ObjectDescribe, OrgCredentials, RecordResult

logger = logging.getLogger(__name__)

T = TypeVar("T")

COLLECTION_SIZE = 200  # sObject Collections take at most 200 records per request.
QUERY_ID_CHUNK = 200  # ids per SOQL query, which keeps the GET URL well under its limit.
BULK_POLL_SECONDS = 1.0
# How long bulk_upsert polls a job before it gives up on it (and aborts it): an export's
# chunk is at most 10,000 records, which Salesforce runs well within this.
BULK_TIMEOUT_SECONDS = 600.0
SYSTEM_FIELDS = ("Id", "SystemModstamp", "LastModifiedById")

# Everything simple-salesforce and requests raise; translated at the edge of every call.
LIBRARY_ERRORS = (
    sf_exceptions.SalesforceError,
    sf_exceptions.SalesforceOperationError,
    requests.RequestException,
)

_API_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,79}$")
_RECORD_ID = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")


def _api_name(name: str) -> str:
    """Return ``name`` when it is a valid object or field API name; refuse anything else."""
    if not _API_NAME.match(name):
        raise ValueError(f"Not a Salesforce API name: {name!r}")
    return name


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _json_default(value: Any) -> Any:
    """Encode the values JSON lacks the way Salesforce reads them."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"Cannot send {type(value).__name__} to Salesforce")


def soql_datetime(value: dt.datetime) -> str:
    """Return a SOQL datetime literal in UTC, truncated to the second (so never later)."""
    if value.tzinfo is None:
        raise ValueError("SOQL datetimes must be timezone-aware")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _csv_value(value: Any) -> str:
    """Return a Bulk API CSV cell; ``#N/A`` is how Bulk API empties a field."""
    if value is None:
        return "#N/A"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime | dt.time | Decimal):
        return str(_json_default(value))
    return str(value)


class SalesforceClient:
    """One partner org, logged in lazily with OAuth 2.0 client credentials on its My Domain.

    Not thread-safe: use one client per task or thread.
    """

    def __init__(
        self,
        credentials: OrgCredentials,
        *,
        session: SalesforceSession | None = None,
        bulk_poll_seconds: float = BULK_POLL_SECONDS,
        bulk_timeout_seconds: float = BULK_TIMEOUT_SECONDS,
    ) -> None:
        self.credentials = credentials
        self.session = session if session is not None else session_build()
        self.bulk_poll_seconds = bulk_poll_seconds
        self.bulk_timeout_seconds = bulk_timeout_seconds
        self._requests_before = self.session.requests_sent
        self._sf: Salesforce | None = None
        self._token: tuple[Any, str] | None = None  # the last token answer and its instance

    # -- accounting ---------------------------------------------------------------------------

    @property
    def requests_made(self) -> int:
        """HTTP requests this client sent, the token requests included."""
        return self.session.requests_sent - self._requests_before

    @property
    def api_usage(self) -> tuple[int, int] | None:
        """(used, limit) of the org's daily API requests from the last Sforce-Limit-Info."""
        return parsing.api_usage_parse(self.session.limit_info)

    def close(self) -> None:
        """Close the session's pooled connections."""
        self.session.close()

    # -- login and the call wrapper -----------------------------------------------------------

    def _login(self) -> Salesforce:
        """Take a token with the client-credentials flow and return a library handle on it."""
        try:
            token, instance = SalesforceLogin(
                consumer_key=self.credentials.client_id,
                consumer_secret=self.credentials.client_secret,
                domain=self.credentials.login_domain,
                session=self.session,
                sf_version=settings.SALESFORCE_API_VERSION,
            )
            token_body = self.session.last_response.json() if self.session.last_response else {}
        except LIBRARY_ERRORS as exc:
            raise error_translate(exc) from exc
        self._token = (token_body, instance)
        # A handle on a ready token, not the library's own login: the library re-logs in up to
        # three times on a 401 (endlessly from SFType calls); we re-log in exactly once.
        self._sf = Salesforce(
            session_id=token,
            instance=instance,
            session=self.session,
            version=settings.SALESFORCE_API_VERSION,
            object_pairs_hook=None,
        )
        return self._sf

    def _call(self, operation: Callable[[Salesforce], T]) -> T:
        """Run ``operation``; on a refused session log in again once and run it once more."""
        for attempt in (1, 2):
            sf = self._sf or self._login()
            try:
                return operation(sf)
            except LIBRARY_ERRORS as exc:
                error = error_translate(exc)
                if isinstance(error, SalesforceAuthFailed) and attempt == 1:
                    logger.info(
                        "Salesforce refused the session on %s; logging in again",
                        self.credentials.my_domain,
                    )
                    self._sf = None
                    continue
                raise error from exc
        raise AssertionError("unreachable")

    # -- calls --------------------------------------------------------------------------------

    def identity(self) -> Identity:
        """Log in if needed and return the integration user, org and instance URL."""
        if self._sf is None or self._token is None:
            self._login()
        assert self._token is not None
        return parsing.identity_parse(*self._token)

    def _collection_send(self, method: str, path: str, body: dict[str, Any]) -> Any:
        data = json.dumps(body, default=_json_default)
        return self._call(lambda sf: sf.restful(path, method=method, data=data))

    def upsert_many(
        self, sobject: str, external_id_field: str, records: list[dict[str, Any]]
    ) -> list[RecordResult]:
        """Upsert records by an external-ID field, 200 per request; results in input order.

        A failing request raises; records of earlier requests of the same call were written.
        """
        path = f"composite/sobjects/{_api_name(sobject)}/{_api_name(external_id_field)}"
        results: list[RecordResult] = []
        for chunk in _chunks(records, COLLECTION_SIZE):
            body = {
                "allOrNone": False,
                "records": [{"attributes": {"type": sobject}, **record} for record in chunk],
            }
            answer = self._collection_send("PATCH", path, body)
            results.extend(parsing.collection_results(answer, len(chunk)))
        return results

    def update_many(self, sobject: str, records: list[dict[str, Any]]) -> list[RecordResult]:
        """Update records by their ``Id``, 200 per request; results in input order."""
        _api_name(sobject)
        if any("Id" not in record for record in records):
            raise ValueError("update_many needs an Id in every record")
        results: list[RecordResult] = []
        for chunk in _chunks(records, COLLECTION_SIZE):
            body = {
                "allOrNone": False,
                "records": [{"attributes": {"type": sobject}, **record} for record in chunk],
            }
            answer = self._collection_send("PATCH", "composite/sobjects", body)
            results.extend(parsing.collection_results(answer, len(chunk)))
        return results

    def bulk_upsert(
        self, sobject: str, external_id_field: str, records: list[dict[str, Any]]
    ) -> list[RecordResult]:
        """Upsert through a Bulk API 2.0 ingest job; results mapped back to input order.

        Polls the job until it completes; a job that fails or is aborted raises
        SalesforceCallFailed, one still running after ``bulk_timeout_seconds`` is aborted and
        raises SalesforceTransient. Salesforce lists results in no particular order, so they
        are matched to the records by the external id each result row repeats.
        """
        _api_name(sobject)
        _api_name(external_id_field)
        if not records:
            return []
        if any(not record.get(external_id_field) for record in records):
            raise ValueError(f"bulk_upsert needs {external_id_field} in every record")
        rows = [{name: _csv_value(value) for name, value in record.items()} for record in records]
        keys = [row[external_id_field] for row in rows]

        def operation(sf: Salesforce) -> tuple[str, str]:
            bulk = getattr(sf.bulk2, sobject)
            # The library polls for up to 24 hours by default; a task must not hang that long.
            # This is its per-client setting (a class attribute), set on this handle alone.
            bulk._client.DEFAULT_WAIT_TIMEOUT_SECONDS = self.bulk_timeout_seconds
            jobs = bulk.upsert(
                records=rows,
                external_id_field=external_id_field,
                # The library sleeps this long between polls; it takes fractions of a second.
                wait=cast(int, self.bulk_poll_seconds),
            )
            successful = "".join(bulk.get_successful_records(job["job_id"]) for job in jobs)
            failed = "".join(bulk.get_failed_records(job["job_id"]) for job in jobs)
            return successful, failed

        successful, failed = self._call(operation)
        return parsing.bulk_results(keys, external_id_field, successful, failed)

    def query(self, soql: str, *, include_deleted: bool = False) -> list[dict[str, Any]]:
        """Run a SOQL query, following nextRecordsUrl; records without their ``attributes``.

        ``include_deleted`` runs it as queryAll, which also returns deleted records.
        """
        answer = self._call(lambda sf: sf.query_all(soql, include_deleted=include_deleted))
        return [
            {name: value for name, value in record.items() if name != "attributes"}
            for record in answer["records"]
        ]

    def query_changed(
        self,
        sobject: str,
        fields: list[str],
        ids: list[str],
        since: dt.datetime | None,
        *,
        include_deleted: bool = False,
    ) -> list[dict[str, Any]]:
        """Return the records among ``ids`` changed after ``since`` (all when None), 200 a query.

        ``include_deleted`` also returns records deleted since (ask for ``IsDeleted``).
        """
        # Salesforce matches names in any case and refuses a field selected twice.
        first: dict[str, str] = {}
        for name in (*SYSTEM_FIELDS, *fields):
            first.setdefault(name.casefold(), name)
        names = list(first.values())
        # Names are checked against the API-name pattern and ids are quoted: nothing else enters.
        columns = ", ".join(_api_name(name) for name in names)
        select = f"SELECT {columns} FROM {_api_name(sobject)}"  # noqa: S608
        for record_id in ids:
            if not _RECORD_ID.match(record_id):
                raise ValueError(f"Not a Salesforce record id: {record_id!r}")
        changed = f" AND SystemModstamp > {soql_datetime(since)}" if since else ""
        records: list[dict[str, Any]] = []
        for chunk in _chunks(ids, QUERY_ID_CHUNK):
            soql = f"{select} WHERE Id IN {quote_soql_value(chunk)}{changed}"
            records.extend(self.query(soql, include_deleted=include_deleted))
        return records

    def describe(self, sobject: str) -> ObjectDescribe:
        """Return the object's describe; SalesforceCallFailed NOT_FOUND when there is none."""
        path = f"sobjects/{_api_name(sobject)}/describe/"
        answer = self._call(lambda sf: sf.restful(path))
        if not isinstance(answer, dict) or "name" not in answer:
            raise SalesforceCallFailed(
                f"Salesforce sent no describe for {sobject}.", error_code="INVALID_RESPONSE"
            )
        return parsing.object_describe_parse(answer)

    def limits(self) -> dict[str, Any]:
        """Return the org's limits (DailyApiRequests and the rest) as Salesforce sends them."""
        return cast(dict[str, Any], self._call(lambda sf: sf.limits()))
