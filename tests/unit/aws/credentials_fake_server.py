"""A scripted HTTP server for the credential and discovery tests (stdlib only).

usage: credentials_fake_server.py PORT SCRIPT_JSON REQUEST_LOG

SCRIPT_JSON maps a route to a list of responses, re-read at every request so that a test can
change it between calls:
    {"GET /latest/meta-data/iam/security-credentials/": [{"status": 200, "body": "role"}],
     "POST /#ListAccounts": [{"status": 200, "json": {...}}, ...]}
A route is "METHOD PATH" (query string included), or "METHOD PATH#Operation" where Operation is
the part of the X-Amz-Target header after the last '.' (JSON protocols); the latter wins. The n-th
request to a route gets the n-th response; the last one repeats. Every request is appended to
REQUEST_LOG as one JSON line: method, path, headers (names lower-cased), body.
"""
import http.server
import json
import sys
import threading

PORT = int(sys.argv[1])
SCRIPT = sys.argv[2]
LOG = sys.argv[3]
hits = {}
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        target = self.headers.get("X-Amz-Target", "")
        operation = target.rsplit(".", 1)[-1] if target else ""
        with lock:
            with open(LOG, "a") as log:
                log.write(json.dumps({
                    "method": self.command, "path": self.path, "body": body,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                }) + "\n")
            with open(SCRIPT) as f:
                script = json.load(f)
            route = f"{self.command} {self.path}"
            if operation and f"{route}#{operation}" in script:
                route = f"{route}#{operation}"
            responses = script.get(route)
            index = hits.get(route, 0)
            hits[route] = index + 1
        if not responses:
            response = {"status": 404, "body": "no route " + route}
        else:
            response = responses[min(index, len(responses) - 1)]
        if "json" in response:
            payload = json.dumps(response["json"]).encode()
            content_type = "application/x-amz-json-1.1"
        else:
            payload = response.get("body", "").encode()
            content_type = response.get("content_type", "text/plain")
        self.send_response(response.get("status", 200))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_PUT = do_POST = handle_any


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
