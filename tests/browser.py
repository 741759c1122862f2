"""A published site served as GitHub Pages serves it, and Debian's Chromium driven by playwright."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import subprocess
import tarfile
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path

# Debian's Chromium here and in CI; GitHub's Ubuntu runners set CHROMIUM to their preinstalled Chrome.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium calls Google's hosts at start-up (field notes).
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def export_branch(repo: Path, branch: str, destination: Path) -> Path:
    """The files of a branch, as GitHub Pages would serve them."""
    archive = subprocess.run(["git", "archive", "--format=tar", branch], cwd=repo, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return destination


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped, and the site root's 404.html (status 404) for any missing address, like GitHub Pages."""

    COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.is_file() and path.suffix in self.COMPRESSED and self.path.endswith(("/", path.suffix))
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser left the page meanwhile
                self.wfile.write(body)
            return
        super().do_GET()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_PagesHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A built site served on a free local port, as GitHub Pages serves it; its address while the block runs."""
    port = free_port()
    server = serve(folder, port)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
