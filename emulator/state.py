"""The emulator's memory: orgs keyed by My Domain host, behind one lock, optionally on disk."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from emulator.faults import faults_default
from emulator.ids import KEY_PREFIXES, id_make
from emulator.schema import ObjectSpec

logger = logging.getLogger(__name__)

STATE_VERSION = 1
MAX_TOKENS_PER_ORG = 20


def datetime_format(moment: datetime) -> str:
    """Format a datetime the way the REST API returns it: 2026-01-05T10:20:30.123+0000."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"


@dataclass
class Org:
    """One emulated Salesforce org."""

    host: str
    pod: int
    org_id: str
    client_id: str
    client_secret: str
    schema: dict[str, ObjectSpec]
    api_limit: int
    integration_user_id: str = ""
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    api_used: int = 0
    bulk_batches_used: int = 0
    token_requests: int = 0
    endpoint_counts: dict[str, int] = field(default_factory=dict)
    tokens: list[str] = field(default_factory=list)
    faults: dict[str, Any] = field(default_factory=faults_default)
    id_counter: int = 0
    last_stamp_ms: int = 0
    bulk_jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    # In memory only: query cursors expire on restart as a real org's would, and the
    # external-id indexes (object -> field -> casefolded value -> id) are rebuilt on demand.
    cursors: dict[str, tuple[list[dict[str, Any]], int]] = field(default_factory=dict)
    indexes: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def new_id(self, sobject: str) -> str:
        """Allocate the next id for an object (or BulkIngestJob / QueryLocator)."""
        self.id_counter += 1
        return id_make(KEY_PREFIXES[sobject], pod=self.pod, number=self.id_counter)

    def stamp(self) -> str:
        """Return a timestamp strictly later than any this org handed out before."""
        now_ms = max(int(time.time() * 1000), self.last_stamp_ms + 1)
        self.last_stamp_ms = now_ms
        return datetime_format(datetime.fromtimestamp(now_ms / 1000, tz=UTC))

    def table(self, sobject: str) -> dict[str, dict[str, Any]]:
        """Return the records of one object, keyed by id."""
        return self.records.setdefault(sobject, {})

    def token_add(self, token: str) -> None:
        """Remember an issued token, forgetting the oldest beyond a small cap."""
        self.tokens.append(token)
        del self.tokens[:-MAX_TOKENS_PER_ORG]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form kept in the state file."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["schema"] = [obj.to_dict() for obj in self.schema.values()]
        del data["cursors"], data["indexes"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Org:
        """Rebuild an org from its JSON form."""
        schema = {item["name"]: ObjectSpec.from_dict(item) for item in data["schema"]}
        faults = {**faults_default(), **data.get("faults", {})}
        return cls(**{**data, "schema": schema, "faults": faults})


class EmulatorState:
    """All orgs, the lock that serialises requests, and the optional state file."""

    def __init__(self, state_file: Path | None = None) -> None:
        self.lock = threading.RLock()
        self.orgs: dict[str, Org] = {}
        self.pod_seq = 0
        self.state_file = state_file
        self._dirty = threading.Event()
        self._stopped = threading.Event()
        self._saver: threading.Thread | None = None
        if state_file is not None and state_file.exists():
            self.load()

    def org_get(self, host: str) -> Org | None:
        """Return the org served on a host, if any."""
        return self.orgs.get(host.lower())

    def mark_dirty(self) -> None:
        """Note that something changed, so the saver writes the state file soon."""
        if self.state_file is not None:
            self._dirty.set()

    def save(self) -> None:
        """Write every org to the state file atomically."""
        if self.state_file is None:
            return
        with self.lock:
            self._dirty.clear()
            payload = {
                "version": STATE_VERSION,
                "pod_seq": self.pod_seq,
                "orgs": [org.to_dict() for org in self.orgs.values()],
            }
            text = json.dumps(payload)
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.state_file.with_suffix(self.state_file.suffix + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.state_file)

    def load(self) -> None:
        """Read the orgs back from the state file."""
        assert self.state_file is not None
        payload = json.loads(self.state_file.read_text(encoding="utf-8"))
        if payload.get("version") != STATE_VERSION:
            raise ValueError(f"{self.state_file}: unsupported emulator state version")
        with self.lock:
            self.pod_seq = payload["pod_seq"]
            self.orgs = {item["host"]: Org.from_dict(item) for item in payload["orgs"]}

    def saver_start(self, interval: float = 0.2) -> None:
        """Save in the background at most every `interval` seconds while changes arrive."""
        if self.state_file is None or self._saver is not None:
            return
        self._saver = threading.Thread(
            target=self._save_loop, args=(interval,), name="emulator-saver", daemon=True
        )
        self._saver.start()

    def saver_stop(self) -> None:
        """Stop the background saver and write what is pending."""
        self._stopped.set()
        self._dirty.set()
        if self._saver is not None:
            self._saver.join(timeout=5)
            self._saver = None
        self.save()

    def _save_loop(self, interval: float) -> None:
        while not self._stopped.is_set():
            self._dirty.wait()
            if self._stopped.is_set():
                return
            try:
                self.save()
            except OSError:
                logger.exception("could not write the emulator state file")
            self._stopped.wait(interval)
