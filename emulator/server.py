"""The emulator's HTTP server: a threading stdlib server on loopback, in a daemon thread."""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from emulator.app import dispatch
from emulator.state import EmulatorState
from emulator.wire import Reply, Request

logger = logging.getLogger(__name__)
HOST_HEADER = "X-Emulator-Host"


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
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
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

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
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
