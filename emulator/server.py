"""The emulator's HTTP server: a threading stdlib server on loopback, in a daemon thread."""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from emulator.app import dispatch
from emulator.state import EmulatorState
from emulator.wire import Reply, Request, reply_error

logger = logging.getLogger(__name__)
HOST_HEADER = "X-Emulator-Host"
# Far above any upload the product sends (Bulk API 2.0 takes at most 150 MB of CSV).
MAX_BODY_BYTES = 160 * 1024 * 1024
MAX_LINE_BYTES = 8192
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")
_CONTENT_LENGTH = re.compile(r"[0-9]{1,12}")


class BodyInvalid(ValueError):
    """A request body whose framing cannot be read: refused, then the connection closes."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Many short keep-alive connections from parallel clients; the default backlog of 5 is small.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state: EmulatorState) -> None:
        super().__init__(address, _Handler)
        self.state = state


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections alive, as Salesforce does; every reply carries its length.
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm on, the client's
    # delayed ACK would stall every keep-alive reply by some 40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_PATCH(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def do_DELETE(self) -> None:
        self._answer()

    def _answer(self) -> None:
        try:
            body = self._body()
        except BodyInvalid as error:
            # The next request's start cannot be found after a body that could not be read.
            self.close_connection = True
            try:
                self._send(reply_error(error.status, "BAD_REQUEST", str(error)), closing=True)
            except (BrokenPipeError, ConnectionResetError):
                logger.debug("the client left before the refusal of its body")
            return
        parts = urlsplit(self.path)
        host = self.headers.get(HOST_HEADER) or self.headers.get("Host") or ""
        request = Request(
            method=self.command,
            host=host.split(":")[0].lower(),
            path=parts.path,
            query_string=parts.query,
            headers=dict(self.headers.items()),
            body=body,
        )
        reply = dispatch(self.server.state, request)
        if reply.delay_ms:
            time.sleep(reply.delay_ms / 1000)
        if reply.drop:
            self._drop()
            return
        try:
            self._send(reply)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (a timeout shorter than the latency switch); nothing to tell.
            self.close_connection = True

    def _body(self) -> bytes:
        """Read the request body as RFC 9112 section 6 frames it: chunked, by length, or none."""
        codings = [
            coding.strip().lower()
            for value in self.headers.get_all("Transfer-Encoding") or []
            for coding in value.split(",")
            if coding.strip()
        ]
        if codings:
            if codings[-1] != "chunked":
                raise BodyInvalid("the request body's length cannot be determined")
            if codings != ["chunked"]:
                raise BodyInvalid(f"unsupported transfer coding {codings[0]}", status=501)
            if "Content-Length" in self.headers:
                # Chunked framing wins over Content-Length; the connection closes after the reply.
                self.close_connection = True
            return self._chunked_body()
        lengths = {value.strip() for value in self.headers.get_all("Content-Length") or []}
        if not lengths:
            return b""
        if len(lengths) != 1 or not _CONTENT_LENGTH.fullmatch(next(iter(lengths))):
            raise BodyInvalid("invalid Content-Length")
        length = int(lengths.pop())
        if length > MAX_BODY_BYTES:
            raise BodyInvalid("the request body is too large", status=413)
        body = self.rfile.read(length)
        if len(body) != length:
            raise BodyInvalid("the request body ended before its Content-Length")
        return body

    def _chunked_body(self) -> bytes:
        """Read chunks (sizes in hex, extensions ignored) and the trailer section, discarded."""
        parts: list[bytes] = []
        total = 0
        while True:
            size_text = self._line().split(b";", 1)[0].strip(b" \t")
            if not _CHUNK_SIZE.fullmatch(size_text):
                raise BodyInvalid("malformed chunk size")
            size = int(size_text, 16)
            if size == 0:
                break
            total += size
            if total > MAX_BODY_BYTES:
                raise BodyInvalid("the request body is too large", status=413)
            chunk = self.rfile.read(size)
            if len(chunk) != size or self.rfile.read(2) != b"\r\n":
                raise BodyInvalid("malformed chunk data")
            parts.append(chunk)
        while self._line():
            pass  # trailer fields: read and discarded
        return b"".join(parts)

    def _line(self) -> bytes:
        """Read one CRLF-ended line of chunked framing, without its ending."""
        line = self.rfile.readline(MAX_LINE_BYTES + 1)
        if len(line) > MAX_LINE_BYTES or not line.endswith(b"\n"):
            raise BodyInvalid("malformed chunked framing")
        return line.rstrip(b"\r\n")

    def _send(self, reply: Reply, *, closing: bool = False) -> None:
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        if closing or self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)

    def _drop(self) -> None:
        """Close the socket without a byte of response, as a network failure would."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            logger.debug("connection already gone")

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s " + format, self.address_string(), *args)


@dataclass
class RunningEmulator:
    """A started emulator: where it listens, its state, and how to stop it."""

    base_url: str
    state: EmulatorState
    server: _Server
    thread: threading.Thread

    def stop(self) -> None:
        """Stop serving and write the state file, if any."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
        self.state.saver_stop()


def emulator_start(
    port: int = 0, state_file: Path | str | None = None, host: str = "127.0.0.1"
) -> RunningEmulator:
    """Serve the emulator on host:port (0 picks a free port) in a daemon thread."""
    state = EmulatorState(Path(state_file) if state_file else None)
    server = _Server((host, port), state)
    thread = threading.Thread(
        target=server.serve_forever, args=(0.1,), name="org-emulator", daemon=True
    )
    thread.start()
    state.saver_start()
    bound_host, bound_port = server.server_address[:2]
    return RunningEmulator(f"http://{bound_host!s}:{bound_port}", state, server, thread)
