"""Static server for dist/, serving it the way docs/deploy.md tells any server to:

- every response carries the page's Content-Security-Policy and `nosniff`;
- the right MIME types (`application/wasm` above all);
- a file's precompressed copy (`FILE.br`, `FILE.gz`, made by scripts/compress.mjs in
  `./x build`) with `Content-Encoding` when the request accepts it (Brotli first), and
  `Vary: Accept-Encoding` on every file that has such copies;
- caching: a file whose name carries Trunk's content hash (`style-<16 hex>.css`) is
  `immutable` for a year; everything else (`index.html`, `boot.js`, the service worker
  `sw.js`, `manifest.webmanifest`, the embed files, the cases' market data, the JS
  package) is `no-cache`: the browser may keep it but asks first, and an unchanged file
  costs a `304` (ETag / Last-Modified). A rebuilt page is therefore always fresh: its new
  index.html names new hashed files, and its new sw.js is seen at the next visit.

HTTP/1.1 with keep-alive, as a real server. Used by `./x serve`, by the end-to-end tests
and by the Lighthouse benchmark; scripts/deploy-check.mjs checks it like any other server.
Usage: serve.py PORT DIR"""
import email.utils
import functools
import http.server
import os
import re
import sys
import urllib.parse

CSP = "default-src 'self'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"

# Trunk's hashed outputs: `name-<16 hex>.ext`, `name-<16 hex>_bg.wasm`, `…_loader.js`.
HASHED = re.compile(r"-[0-9a-f]{16}(?:_bg|_loader)?\.[a-z0-9]+$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# Encodings in order of preference, with the suffix of their precompressed copy.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".csv": "text/csv; charset=utf-8",
    ".toml": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".ts": "text/plain; charset=utf-8",
    ".map": "application/json",
    ".xml": "application/xml",
    ".webmanifest": "application/manifest+json",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".br": "application/x-brotli",
    ".gz": "application/gzip",
}


def accepted(header):
    """The content codings a request's Accept-Encoding allows (q > 0; `*` counts)."""
    allowed, refused, star = set(), set(), False
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if name == "*":
            star = q > 0
        elif q > 0:
            allowed.add(name)
        else:
            refused.add(name)
    return {e for e, _ in ENCODINGS if e in allowed or (star and e not in refused)}


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to DIR/
            path = os.path.join(path, "index.html")
        try:
            st = os.stat(path)
        except OSError:
            self.send_error(404, "File not found")
            return None
        if not os.path.isfile(path):
            self.send_error(404, "File not found")
            return None
        # The precompressed copy the request accepts, unless older than its file.
        ok = accepted(self.headers.get("Accept-Encoding"))
        has_copies = False
        chosen, encoding = path, None
        for name, suffix in ENCODINGS:
            try:
                cst = os.stat(path + suffix)
            except OSError:
                continue
            if cst.st_mtime_ns < st.st_mtime_ns:
                continue
            has_copies = True
            if encoding is None and name in ok:
                chosen, encoding, st = path + suffix, name, cst
        etag = '"%x-%x%s"' % (st.st_mtime_ns // 1000, st.st_size, "-" + encoding if encoding else "")
        last_modified = email.utils.formatdate(st.st_mtime, usegmt=True)
        headers = [
            ("Cache-Control", IMMUTABLE if HASHED.search(os.path.basename(path)) else REVALIDATE),
            ("ETag", etag),
            ("Last-Modified", last_modified),
        ]
        if has_copies:
            headers.append(("Vary", "Accept-Encoding"))
        if self.not_modified(etag, st.st_mtime):
            self.send_response(304)
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            return None
        try:
            f = open(chosen, "rb")
        except OSError:
            self.send_error(404, "File not found")
            return None
        self.send_response(200)
        ext = os.path.splitext(path)[1].lower()
        self.send_header("Content-Type", TYPES.get(ext) or self.guess_type(path))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(st.st_size))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        return f

    def not_modified(self, etag, mtime):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or etag in tags or ("W/" + etag) in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
            return int(mtime) <= since
        return False

    def log_message(self, fmt, *args):
        pass


def main():
    port, root = int(sys.argv[1]), sys.argv[2]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root))
    server.serve_forever()


if __name__ == "__main__":
    main()
