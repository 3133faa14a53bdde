"""A static file server for www/, as any static host would serve it.

    python -m build.serve [--port 8000]

Tests use it too, with `overrides` to swap in another model folder or to
make a file go missing, without touching www/.
"""

import argparse
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from build import ROOT

SITE = ROOT / "www"


class SiteHandler(SimpleHTTPRequestHandler):
    # Correct types matter: browsers refuse modules and streaming wasm served as octet-stream.
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml",
        ".whl": "application/zip",
        ".zip": "application/zip",
    }

    def __init__(self, *args, overrides=None, **kwargs):
        self.overrides = overrides or {}
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        relative = path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        for prefix, target in self.overrides.items():
            if relative == prefix or relative.startswith(prefix + "/"):
                if target is None:  # a file made to go missing
                    return str(Path(self.directory) / "__missing__" / relative)  # served as 404
                return str(Path(target) / relative[len(prefix) :].lstrip("/"))
        return super().translate_path(path)

    def copyfile(self, source, outputfile):
        # Count what goes out: the start-up benchmark and tests compare it with the site's size.
        start = source.tell()
        super().copyfile(source, outputfile)
        with self.server.count_lock:
            self.server.bytes_sent += source.tell() - start

    def end_headers(self):
        # Revalidate every time: a static host's default, and updates must show up.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        pass


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the browser went away mid-file (a closed page, an aborted fetch): not a server fault
        super().handle_error(request, client_address)


def start(root=SITE, host="127.0.0.1", port=0, overrides=None):
    """A running server in a daemon thread: .server_address has the port, .bytes_sent counts
    file bytes served, .shutdown() and .server_close() stop it."""
    handler = functools.partial(SiteHandler, directory=str(root), overrides=overrides)
    server = SiteServer((host, port), handler)
    server.bytes_sent = 0
    server.count_lock = threading.Lock()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    server = start(host=args.host, port=args.port)
    print(f"Serving www/ at http://{args.host}:{server.server_address[1]}/  (Ctrl+C stops)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
