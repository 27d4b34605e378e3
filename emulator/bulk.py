"""Bulk API 2.0 ingest jobs: create, upload CSV, close, let them run, results as CSV.

A closed job stays UploadComplete, then InProgress, for the org's `bulk_job_seconds` switch
in all, and runs its rows when that time is up (at the first call that looks at the org), so
clients must poll as they do against Salesforce. Results are listed in an order of their own,
not the upload order, as Salesforce's are: clients match them on sf__Id and the fields sent.
"""

from __future__ import annotations

import csv
import io
import math
import random
import time
from typing import Any

from emulator.faults import fault_take
from emulator.records import (
    WriteResult,
    external_id_field_check,
    object_get,
    record_insert,
    record_update,
    record_upsert,
)
from emulator.state import Org
from emulator.validation import RequestError, record_error

OPERATIONS = ("insert", "update", "upsert")
# Salesforce counts one batch of its daily allocation for every 10,000 records of a job.
RECORDS_PER_BATCH = 10_000
# The share of a job's time it waits queued (UploadComplete) before it shows InProgress.
QUEUED_SHARE = 0.4
RUNNING_STATES = ("UploadComplete", "InProgress")
_DELIMITERS = {
    "COMMA": ",",
    "TAB": "\t",
    "PIPE": "|",
    "SEMICOLON": ";",
    "CARET": "^",
    "BACKQUOTE": "`",
}


def _job_error(message: str, status: int = 400) -> RequestError:
    return RequestError(status, "INVALIDJOB", message)


def job_create(org: Org, body: Any, *, user_id: str, api_version: str) -> dict[str, Any]:
    """Open an ingest job and return its info."""
    if not isinstance(body, dict):
        raise _job_error("Invalid request body")
    operation, sobject = body.get("operation"), str(body.get("object") or "")
    if operation not in OPERATIONS:
        raise _job_error(f"Unsupported operation: {operation}")
    try:
        sobject = object_get(org, sobject).name
    except RequestError:
        raise _job_error(f"Unable to find object: {sobject}") from None
    ext_field = body.get("externalIdFieldName")
    if operation == "upsert":
        if not ext_field:
            raise _job_error(
                f"External ID was blank for {sobject}. An External ID must be specified for upsert."
            )
        ext_field = external_id_field_check(org, sobject, ext_field)
    job_id = org.new_id("BulkIngestJob")
    moment = org.stamp()
    info = {
        "id": job_id,
        "operation": operation,
        "object": sobject,
        "createdById": user_id,
        "createdDate": moment,
        "systemModstamp": moment,
        "state": "Open",
        "externalIdFieldName": ext_field,
        "concurrencyMode": "Parallel",
        "contentType": "CSV",
        "apiVersion": float(api_version),
        "contentUrl": f"services/data/v{api_version}/jobs/ingest/{job_id}/batches",
        "lineEnding": body.get("lineEnding", "LF"),
        "columnDelimiter": body.get("columnDelimiter", "COMMA"),
    }
    org.bulk_jobs[job_id] = {"info": info, "data": "", "successful": "", "failed": ""}
    return info


def job_get(org: Org, job_id: str) -> dict[str, Any]:
    """Return a job's stored form, moved on as far as time says, or answer NOT_FOUND."""
    job = org.bulk_jobs.get(job_id)
    if job is None:
        raise RequestError(404, "NOT_FOUND", "The requested resource does not exist")
    _advance(org, job)
    return job


def jobs_advance(org: Org) -> None:
    """Move every closed job of the org on: queued, then in progress, then run."""
    for job in org.bulk_jobs.values():
        _advance(org, job)


def _advance(org: Org, job: dict[str, Any]) -> None:
    info = job["info"]
    if info["state"] not in RUNNING_STATES:
        return
    elapsed = time.time() - job["closed_at"]
    duration = float(org.faults["bulk_job_seconds"])
    if elapsed >= duration:
        _process(org, job, user_id=job["closed_by"])
        info["systemModstamp"] = org.stamp()
    elif elapsed >= duration * QUEUED_SHARE and info["state"] == "UploadComplete":
        info["state"] = "InProgress"
        info["systemModstamp"] = org.stamp()


def job_info(org: Org, job_id: str) -> dict[str, Any]:
    """Return the job info GET answers, with counts once it has run."""
    return _info_view(job_get(org, job_id))


def _info_view(job: dict[str, Any]) -> dict[str, Any]:
    info = dict(job["info"])
    info.pop("contentUrl")
    info.update(
        {
            "jobType": "V2Ingest",
            "numberRecordsProcessed": job.get("processed", 0),
            "numberRecordsFailed": job.get("failed_count", 0),
            "retries": 0,
            "totalProcessingTime": job.get("processing_ms", 0),
            "apiActiveProcessingTime": 0,
            "apexProcessingTime": 0,
        }
    )
    return info


def job_upload(org: Org, job_id: str, data: str) -> None:
    """Add CSV data to an open job."""
    job = job_get(org, job_id)
    if job["info"]["state"] != "Open":
        raise RequestError(
            409, "INVALIDJOBSTATE", "Job is not in Open state, data upload is not allowed"
        )
    job["data"] = data if not job["data"] else job["data"] + data.split("\n", 1)[-1]


def job_state_set(org: Org, job_id: str, state: Any, *, user_id: str) -> dict[str, Any]:
    """Close (queue it to run) or abort a job; return its info."""
    job = job_get(org, job_id)
    current = job["info"]["state"]
    if state == "Aborted" and current in ("Open", *RUNNING_STATES):
        job["info"]["state"] = "Aborted"
    elif state == "UploadComplete" and current == "Open":
        # The close is always answered UploadComplete; the job moves on at later calls.
        job["info"]["state"] = "UploadComplete"
        job["closed_at"], job["closed_by"] = time.time(), user_id
    else:
        raise RequestError(
            400, "INVALIDJOBSTATE", f"Cannot change job state from {current} to {state}"
        )
    job["info"]["systemModstamp"] = org.stamp()
    return _info_view(job)


def job_results(org: Org, job_id: str, kind: str) -> str:
    """Return the successful, failed or unprocessed records CSV of a job."""
    job = job_get(org, job_id)
    if kind == "unprocessedrecords":
        # Rows of a job that never ran (aborted, failed whole, or still running) are unprocessed.
        if "processed" not in job or not job["data"]:
            return str(job["data"])
        return job["data"].split("\n", 1)[0] + "\n"
    return str(job["successful" if kind == "successfulResults" else "failed"])


def _process(org: Org, job: dict[str, Any], *, user_id: str) -> None:
    """Run every row of the uploaded CSV and keep the results, as the platform does."""
    info = job["info"]
    delimiter = _DELIMITERS.get(info["columnDelimiter"], ",")
    rows = list(csv.reader(io.StringIO(job["data"]), delimiter=delimiter))
    if not rows:
        _fail(job, "InvalidBatch : Empty batch")
        return
    header, body = rows[0], [row for row in rows[1:] if row]
    obj = org.schema[info["object"]]
    # Column names match fields in any letter case; the results echo the header as sent.
    specs = [obj.field_named(name) for name in header]
    unknown = [name for name, spec in zip(header, specs, strict=True) if spec is None]
    if unknown:
        _fail(job, f"InvalidBatch : Field name not found : {unknown[0]}")
        return
    names = [spec.name for spec in specs if spec is not None]
    locked = fault_take(org, "lock_row")
    outcomes = [
        (row, _row_write(org, info, dict(zip(names, row, strict=False)), user_id, locked))
        for row in body
    ]
    org.bulk_batches_used += max(1, math.ceil(len(body) / RECORDS_PER_BATCH))
    job["processing_ms"] = int(float(org.faults["bulk_job_seconds"]) * 1000)
    # Batches run in parallel, so results come back in no particular order: a fixed shuffle
    # per job keeps that reproducible.
    random.Random(info["id"]).shuffle(outcomes)
    job["successful"] = _csv(
        ["sf__Id", "sf__Created", *header],
        [[r.record_id, str(r.created).lower(), *row] for row, r in outcomes if r.success],
    )
    job["failed"] = _csv(
        ["sf__Id", "sf__Error", *header],
        [[r.record_id or "", _error_text(r), *row] for row, r in outcomes if not r.success],
    )
    job["processed"] = len(outcomes)
    job["failed_count"] = sum(1 for _, result in outcomes if not result.success)
    info["state"] = "JobComplete"


def _row_write(
    org: Org, info: dict[str, Any], row: dict[str, str], user_id: str, locked: bool
) -> WriteResult:
    # Bulk CSV: an empty cell leaves the field alone and #N/A sets it to null.
    values: dict[str, Any] = {k: (None if v == "#N/A" else v) for k, v in row.items() if v != ""}
    sobject, operation = info["object"], info["operation"]
    record_id = values.pop("Id", None) if operation == "update" else None
    if locked:
        message = f"unable to obtain exclusive access to this record or 1 records: {record_id}"
        return WriteResult(
            record_id=record_id, errors=[record_error("UNABLE_TO_LOCK_ROW", message)]
        )
    try:
        if operation == "upsert":
            ext_field = info["externalIdFieldName"]
            ext_value = values.pop(ext_field, None)
            return record_upsert(org, sobject, ext_field, ext_value, values, user_id=user_id)
        if operation == "update":
            return record_update(org, sobject, str(record_id), values, user_id=user_id)
        return record_insert(org, sobject, values, user_id=user_id)
    except RequestError as error:
        return WriteResult(errors=[record_error(error.code, error.message)])


def _error_text(result: WriteResult) -> str:
    """Format errors as Bulk API results do: CODE:message:fields --"""
    return " ".join(
        f"{error['statusCode']}:{error['message']}:{','.join(error['fields'])} --"
        for error in result.errors
    )


def _fail(job: dict[str, Any], message: str) -> None:
    job["info"]["state"] = "Failed"
    job["info"]["errorMessage"] = message


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
