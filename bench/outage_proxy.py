"""A TCP proxy in front of the gate's server that can cut every line at once, like a pulled cable.

Workstations connect to the proxy instead of PostgreSQL. ``cut()`` resets
every proxied connection on both sides and stops listening, so new
connections are refused; ``resume()`` listens again on the same port. The
machine's PostgreSQL server itself is never touched.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

CHUNK = 65536


def _reset(sock: socket.socket) -> None:
    # Linger 0: close() sends a reset, as a dead link would, and no FIN is waited on.
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    # Wakes the pump thread blocked in recv() on this socket.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


class CuttingProxy:
    """Forwards 127.0.0.1:<port> to ``target`` until cut; every cut resets every line."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.connections = 0
        """Connections forwarded since the start."""
        self.reset = 0
        """Connections reset by cuts."""
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._lines: set[tuple[socket.socket, socket.socket]] = set()

    def start(self) -> None:
        """Listen (again, on the same port after a cut)."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True,
                         name="proxy-accept").start()

    resume = start

    def cut(self) -> int:
        """Reset every line and refuse new ones until ``resume``; the lines reset."""
        with self._lock:
            listener, self._listener = self._listener, None
            lines, self._lines = self._lines, set()
        if listener is not None:
            _reset(listener)
        for client, server in lines:
            _reset(client)
            _reset(server)
        self.reset += len(lines)
        return len(lines)

    stop = cut

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # the listener was shut by a cut
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            server.settimeout(None)
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            line = (client, server)
            with self._lock:
                if self._listener is not listener:
                    # A cut came while this line was being opened: it dies with the others.
                    _reset(client)
                    _reset(server)
                    continue
                self._lines.add(line)
                self.connections += 1
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink, line), daemon=True,
                                 name="proxy-pump").start()

    def _pump(self, source: socket.socket, sink: socket.socket,
              line: tuple[socket.socket, socket.socket]) -> None:
        try:
            while data := source.recv(CHUNK):
                sink.sendall(data)
        except OSError:
            pass
        # One side closed or was reset: the other side learns it the same way.
        with self._lock:
            mine = line in self._lines
            self._lines.discard(line)
        if mine:
            for sock in line:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
