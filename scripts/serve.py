#!/usr/bin/env python3
"""serve.py — a static file server for the playground bundle that makes the page
cross-origin isolated (COOP: same-origin, COEP: require-corp), so the threaded build runs.

    python3 scripts/serve.py [DIR=build/web-dist] [--port N] [--host H] [--no-isolation]

--port 0 picks a free port. The first line printed is "Serving DIR at http://HOST:PORT/".
--no-isolation leaves the headers out (to see the single-thread fallback, or the service
worker doing the job). Not for production: no caching, compression or range requests."""
import argparse
import functools
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    isolation = True
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".bin": "application/octet-stream",
        ".html": "text/html; charset=utf-8",
    }

    def end_headers(self):
        if self.isolation:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("SERVE_VERBOSE"):
            super().log_message(fmt, *args)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", default=os.path.join(root, "build", "web-dist"))
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--no-isolation", action="store_true")
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.dir, "index.html")):
        sys.exit(f"serve.py: {a.dir}/index.html not found: build the bundle first (bash scripts/start.sh --no-serve)")
    Handler.isolation = not a.no_isolation
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    httpd = http.server.ThreadingHTTPServer((a.host, a.port), functools.partial(Handler, directory=a.dir))
    host = "localhost" if a.host in ("127.0.0.1", "0.0.0.0") else a.host
    print(f"Serving {a.dir} at http://{host}:{httpd.server_address[1]}/"
          f" ({'cross-origin isolated' if Handler.isolation else 'no COOP/COEP headers'}); Ctrl-C stops", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
