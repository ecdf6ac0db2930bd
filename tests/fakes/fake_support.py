"""What the fakes share.

Serving: FakeServer (a ThreadingHTTPServer on 127.0.0.1 in a thread, the request log served at
GET /_fake/requests, start/stop/endpoint) and FakeHandler (body reading, replies, AWS's error
bodies in the query-XML and JSON shapes); serve_until_stopped() is a fake's command line;
FakeProcess runs a fake's command line as a child process on a free loopback port.

AWS's wire: botocore's service models, loaded once per process, serialization of values into the
XML the SDKs parse following a model's shapes (member locationNames, <item> or <member> list
elements), the fields of a SigV4 credential scope, query-protocol parameters, and the offsets of
"<Action>:<n>" pagination tokens.

Used by ami_fake.py, ipam_fake.py, inspector_fake.py, tgw_shares_fake.py,
sg_changes_cloudtrail_fake.py and fault_server.py."""
import argparse
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

REQUESTS_PATH = "/_fake/requests"

_MODELS = {}


class FakeError(Exception):
    """An AWS error answer: HTTP status, error code, message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


# --- AWS's wire --------------------------------------------------------------------------------

def model(service):
    """botocore's service model; loading one (ec2: about a second) happens once per process."""
    if service not in _MODELS:
        import botocore.session  # here: the fakes that need no model do not pay for botocore
        _MODELS[service] = botocore.session.get_session().get_service_model(service)
    return _MODELS[service]


def serialize_xml(shape, value, name, list_item="item"):
    """One value as query-protocol XML under element `name`, following the model's shape.
    `list_item` names list elements whose member has no locationName ("item" for EC2, "member"
    for the other query services). Unknown structure members raise ValueError."""
    if shape.type_name == "structure":
        unknown = set(value) - set(shape.members)
        if unknown:
            raise ValueError(f"{shape.name}: unknown members {sorted(unknown)}")
        inner = "".join(
            serialize_xml(shape.members[key], item,
                          shape.members[key].serialization.get("name", key), list_item)
            for key, item in value.items())
        return f"<{name}>{inner}</{name}>"
    if shape.type_name == "list":
        item_name = shape.member.serialization.get("name", list_item)
        inner = "".join(serialize_xml(shape.member, item, item_name, list_item) for item in value)
        return f"<{name}>{inner}</{name}>"
    if shape.type_name == "boolean":
        text = "true" if value else "false"
    elif shape.type_name in ("integer", "long"):
        text = str(int(value))
    elif shape.type_name in ("double", "float"):
        text = repr(float(value))
    else:
        text = str(value)
    return f"<{name}>{escape(text)}</{name}>"


def error_xml(code, message, request_id="fake-error"):
    """The EC2 query protocol's error body."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>'
            f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message></Error></Errors>"
            f"<RequestID>{escape(request_id)}</RequestID></Response>")


_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/")


def credential_scope(authorization):
    """(access key id, region, service) of a SigV4 Authorization header
    (Credential=AKID/date/REGION/SERVICE/aws4_request); None when the request is not signed."""
    match = _CREDENTIAL_SCOPE.search(authorization or "")
    return match.groups() if match else None


def signed_region(authorization):
    """The region of a SigV4 credential scope; None when the request is not signed."""
    scope = credential_scope(authorization)
    return scope[1] if scope else None


def signing_key_id(authorization):
    """The access key id of a SigV4 credential scope; None when the request is not signed."""
    scope = credential_scope(authorization)
    return scope[0] if scope else None


def query_params(body):
    """The parameters of a query-protocol request body (bytes or str) or URL query string."""
    if isinstance(body, bytes):
        body = body.decode()
    return dict(urllib.parse.parse_qsl(body, keep_blank_values=True))


def token_offset(token, action, invalid):
    """The offset a "<action>:<n>" pagination token names (0 without a token); raises `invalid`
    (a FakeError) when the token is not one."""
    if not token:
        return 0
    match = re.fullmatch(re.escape(action) + r":(\d+)", token)
    if not match:
        raise invalid
    return int(match.group(1))


# --- serving -----------------------------------------------------------------------------------

class FakeHandler(BaseHTTPRequestHandler):
    """The base of a fake's request handler. `fake` is the FakeServer served (set by start()).
    GET /_fake/requests answers the fake's request log; any other GET goes to get_other() (404
    unless overridden); a fake implements do_POST. Thread-safety: one handler per request."""

    fake = None

    def log_message(self, *args):
        pass

    def read_body(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        return self.rfile.read(length) if length else b""

    def reply(self, status, body, content_type, headers=None):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def reply_xml(self, status, text):
        """A query-protocol answer (or error_xml())."""
        self.reply(status, text, "text/xml;charset=UTF-8")

    def reply_json(self, status, value, content_type="application/json"):
        """A JSON-protocol (REST-JSON, JSON 1.x) answer."""
        self.reply(status, json.dumps(value), content_type, {"x-amzn-RequestId": "fake-request"})

    def reply_json_error(self, error, content_type="application/json"):
        """A JSON-protocol error: the code both in x-amzn-ErrorType (REST-JSON reads it there) and
        in the body's __type (JSON 1.x reads it there)."""
        self.reply(error.status, json.dumps({"__type": error.code, "message": error.message}),
                   content_type, {"x-amzn-RequestId": "fake-request", "x-amzn-ErrorType": error.code})

    def do_GET(self):
        if self.path == REQUESTS_PATH:
            return self.reply(200, self.fake.requests_json(), "application/json")
        return self.get_other()

    def get_other(self):
        self.reply(404, b"not found", "text/plain")


class FakeServer:
    """A fake's HTTP serving: start() serves `handler` (a FakeHandler subclass) on 127.0.0.1 in a
    thread, on `port` or a free one; stop() ends it. `requests` is the fake's request log (served
    at GET /_fake/requests), appended under `_lock`, which a fake may use for its other state.
    Thread-safety: requests are served on threads; record() and requests_json() lock."""

    handler = FakeHandler

    def __init__(self, port=0):
        self.requests = []
        self._lock = threading.Lock()
        self._port = port
        self._server = None
        self._thread = None

    @property
    def port(self):
        return self._server.server_address[1]

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        handler = type(self.handler.__name__, (self.handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def wait(self):
        """Until the serving thread ends (stop() from another thread, or never)."""
        self._thread.join()

    def record(self, entry):
        with self._lock:
            self.requests.append(entry)

    def requests_json(self):
        with self._lock:
            return json.dumps(self.requests).encode()


def fake_parser(doc, page_size_help=None, page_size_default=None):
    """A fake's command-line options: --port (required) and --page-size; a fake adds its own."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--page-size", type=int, default=page_size_default, help=page_size_help)
    return parser


def read_json(path):
    """The JSON document in the file at `path`; None without a path."""
    if not path:
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def serve_until_stopped(fake, name):
    """A fake's command line once its options are read: serves `fake`, prints
    "<name> fake listening on <endpoint>" (which a parent may wait for) and serves until SIGTERM
    or Ctrl-C, then stops. Returns the exit status (0)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    fake.start()
    print(f"{name} fake listening on {fake.endpoint}", flush=True)
    try:
        fake.wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
    return 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeProcess:
    """A fake's command line as a child process on a free loopback port: `argv(port)` is the
    command; the constructor returns once the port accepts connections (RuntimeError when it does
    not within `timeout` seconds). stop() (or `with`) ends it: SIGTERM, SIGKILL after 10 s."""

    def __init__(self, argv, stdout=subprocess.DEVNULL, timeout=30.0, **popen_args):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(argv(self.port), stdout=stdout, **popen_args)
        deadline = time.time() + timeout
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{argv(self.port)} did not serve")

    @property
    def stdout(self):
        return self.proc.stdout

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:  # a hung child is killed
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
