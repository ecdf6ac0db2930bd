#!/usr/bin/env python3
"""Fault-injection HTTP servers: a scripted one for AWS-client tests, and a fake AWS for
process-level fault-injection and soak tests.

Scripted mode (tests/support/fake_http_server.h):

  fault_server.py PORT SCRIPT_JSON LOG_FILE

SCRIPT_JSON is a list of steps; request n gets step n (the last step repeats). A step:
  {"status": 200, "headers": {"x-amzn-requestid": "r1"}, "body": "...",
   "body_size": N,        # instead of body: N bytes of 'x'
   "delay": 1.5,          # seconds to wait before answering
   "action": "reset"      # close the connection with a TCP reset instead of answering
           | "truncate"   # announce the full length but send half the body, then close
   "date": "Mon, 01 Jan 2001 00:00:00 GMT"}   # the Date header (default: now)
Each request is appended to LOG_FILE as one JSON line: method, path, headers, body, client_port.

Fake-AWS mode (tests/integration/test_fault_injection.py, scripts/soak):

  fault_server.py aws PORT

A FAKE of STS AssumeRole and EC2 DescribeVpcs/DescribeSubnets (query protocol, answers shaped as
botocore's models want them; tests/integration/test_fault_server.py parses them with botocore).
AssumeRole issues per-account session keys (the account comes from the RoleArn), so later EC2
calls name their account through the signing key id in the Authorization header; the region comes
from the credential scope. Resources churn: every DescribeVpcs of an account and region starts a
new generation in which two of its four subnets and one of its two VPCs have new ids, so series of
vanished resources must disappear from the exporter. Faults are set per account at run time:

  POST /__faults  {"111111111111": "throttle", ...}   replaces every fault; {} clears them
  GET  /__stats   {"calls": {"<account>/<region>/<Action>": n}, "generation": {...},
                   "assume_roles": {"<account>": n}, "faults": {...}}

Fault kinds (EC2 calls of that account, unless noted):
  throttle            400 RequestLimitExceeded on every call (a throttling storm)
  server_error        503 Unavailable
  reset               TCP reset before any answer
  timeout             no answer for 30 s (the client's request timeout must fire)
  slow_drip           200 with a valid body sent one byte every 0.25 s
  truncate            Content-Length of the whole body, half of it sent, connection closed
  malformed           200 text/xml with a cut-off XML document
  wrong_content_type  200 text/html with a proxy's HTML error page
  oversized           200 with an endless body (streamed until the client hangs up, at most
                      1 GiB), to check the exporter's response-size cap
  expired_token       the account's sessions issued before the fault are rejected with
                      400 ExpiredToken; a new AssumeRole gives a working session
  assume_denied       STS AssumeRole for the account answers 403 AccessDenied
"""
import email.utils
import json
import socket
import struct
import sys
import threading
import time
import uuid
from http.server import ThreadingHTTPServer

from fake_support import FakeHandler, FakeProcess, credential_scope, error_xml, query_params

EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
FAULT_KINDS = {"throttle", "server_error", "reset", "timeout", "slow_drip", "truncate",
               "malformed", "wrong_content_type", "oversized", "expired_token", "assume_denied"}


def reset_connection(handler):
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


# ---------------------------------------------------------------------------------------------
# Scripted mode


def run_scripted(port, script_path, log_file):
    with open(script_path, encoding="utf-8") as f:
        script = json.load(f)
    lock = threading.Lock()
    counter = [0]

    class Handler(FakeHandler):
        protocol_version = "HTTP/1.1"

        def handle_any(self):
            body = self.read_body().decode("utf-8", "replace")
            with lock:
                index = counter[0]
                counter[0] += 1
                with open(log_file, "a", encoding="utf-8") as log:
                    log.write(json.dumps({
                        "method": self.command, "path": self.path,
                        "headers": [[k, v] for k, v in self.headers.items()],
                        "body": body, "client_port": self.client_address[1]}) + "\n")
            step = script[min(index, len(script) - 1)]
            if step.get("delay"):
                time.sleep(step["delay"])
            if step.get("action") == "reset":
                reset_connection(self)
                return
            payload = step.get("body", "")
            if "body_size" in step:
                payload = "x" * step["body_size"]
            data = payload.encode("utf-8")
            self.send_response_only(step.get("status", 200))
            self.send_header("Date", step.get("date", email.utils.formatdate(usegmt=True)))
            for name, value in step.get("headers", {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if step.get("action") == "truncate":
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = handle_any

    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


# ---------------------------------------------------------------------------------------------
# Fake-AWS mode

class AwsState:
    """Sessions, call counters, churn generations and faults. Thread-safety: one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sessions = {}       # access key id -> (account, issued serial)
        self.serial = 0
        self.calls = {}          # "<account>/<region>/<Action>" -> n
        self.generation = {}     # "<account>/<region>" -> n
        self.assume_roles = {}   # account -> n
        self.faults = {}         # account -> kind
        self.expired_before = {}  # account -> sessions with a serial at most this are expired

    def set_faults(self, faults):
        with self.lock:
            for account, kind in faults.items():
                if kind not in FAULT_KINDS:
                    raise ValueError(f"unknown fault kind {kind!r}")
            self.faults = dict(faults)
            self.expired_before = {a: self.serial for a, k in faults.items() if k == "expired_token"}

    def stats(self):
        with self.lock:
            return {"calls": dict(self.calls), "generation": dict(self.generation),
                    "assume_roles": dict(self.assume_roles), "faults": dict(self.faults)}

    def count(self, key):
        self.calls[key] = self.calls.get(key, 0) + 1


STATE = AwsState()


def request_id():
    return str(uuid.uuid4())


def ec2_error(code, message):
    return error_xml(code, message, request_id())


def sts_error(code, message):
    return (f'<ErrorResponse xmlns="{STS_NS}"><Error><Type>Sender</Type><Code>{code}</Code>'
            f"<Message>{message}</Message></Error><RequestId>{request_id()}</RequestId>"
            "</ErrorResponse>")


def tags(pairs):
    items = "".join(f"<item><key>{k}</key><value>{v}</value></item>" for k, v in pairs)
    return f"<tagSet>{items}</tagSet>"


def churn_resources(account, generation):
    """The VPCs and subnets of one generation: a stable VPC with two stable and two churning
    subnets, and a churning VPC with two churning subnets."""
    stable_vpc = "vpc-0a000000000000001"
    churn_vpc = f"vpc-0c{generation:015x}"
    vpcs = [(stable_vpc, "10.0.0.0/16"), (churn_vpc, "10.1.0.0/16")]
    used = generation % 50
    subnets = [
        ("subnet-0a000000000000001", stable_vpc, "10.0.0.0/24", "eu-west-1a", 251 - used),
        ("subnet-0a000000000000002", stable_vpc, "10.0.1.0/24", "eu-west-1b", 251),
        (f"subnet-0c{2 * generation:015x}", stable_vpc, "10.0.2.0/24", "eu-west-1a", 200),
        (f"subnet-0c{2 * generation + 1:015x}", churn_vpc, "10.1.0.0/24", "eu-west-1c", 100),
    ]
    return vpcs, subnets


def describe_vpcs_xml(account, vpcs):
    items = "".join(
        f"<item><vpcId>{vpc_id}</vpcId><ownerId>{account}</ownerId><state>available</state>"
        f"<cidrBlock>{cidr}</cidrBlock><cidrBlockAssociationSet><item>"
        f"<associationId>vpc-cidr-assoc-{vpc_id[4:]}</associationId><cidrBlock>{cidr}</cidrBlock>"
        "<cidrBlockState><state>associated</state></cidrBlockState></item>"
        f"</cidrBlockAssociationSet><dhcpOptionsId>dopt-0a1</dhcpOptionsId>"
        f"<instanceTenancy>default</instanceTenancy><isDefault>false</isDefault>"
        f"{tags([('Name', vpc_id)])}</item>" for vpc_id, cidr in vpcs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcsResponse xmlns="{EC2_NS}">'
            f"<requestId>{request_id()}</requestId><vpcSet>{items}</vpcSet>"
            "</DescribeVpcsResponse>")


def describe_subnets_xml(account, subnets):
    items = "".join(
        f"<item><subnetId>{subnet_id}</subnetId><subnetArn>arn:aws:ec2:eu-west-1:{account}:subnet/"
        f"{subnet_id}</subnetArn><state>available</state><ownerId>{account}</ownerId>"
        f"<vpcId>{vpc_id}</vpcId><cidrBlock>{cidr}</cidrBlock>"
        f"<availableIpAddressCount>{available}</availableIpAddressCount>"
        f"<availabilityZone>{zone}</availabilityZone><defaultForAz>false</defaultForAz>"
        "<mapPublicIpOnLaunch>false</mapPublicIpOnLaunch></item>"
        for subnet_id, vpc_id, cidr, zone, available in subnets)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<DescribeSubnetsResponse xmlns="{EC2_NS}">'
            f"<requestId>{request_id()}</requestId><subnetSet>{items}</subnetSet>"
            "</DescribeSubnetsResponse>")


def assume_role_xml(account, role_arn, session_name, key_id, duration):
    expiration = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + duration))
    role = role_arn.rsplit("/", 1)[-1]
    return (f'<AssumeRoleResponse xmlns="{STS_NS}"><AssumeRoleResult><Credentials>'
            f"<AccessKeyId>{key_id}</AccessKeyId><SecretAccessKey>fake-secret-{key_id}"
            f"</SecretAccessKey><SessionToken>fake-token-{key_id}</SessionToken>"
            f"<Expiration>{expiration}</Expiration></Credentials><AssumedRoleUser>"
            f"<AssumedRoleId>AROAFAKE{account}:{session_name}</AssumedRoleId>"
            f"<Arn>arn:aws:sts::{account}:assumed-role/{role}/{session_name}</Arn>"
            f"</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>{request_id()}"
            "</RequestId></ResponseMetadata></AssumeRoleResponse>")


class AwsHandler(FakeHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body, content_type="text/xml;charset=UTF-8", headers=None):
        super().reply(status, body, content_type, {"x-amzn-RequestId": request_id(), **(headers or {})})

    def do_GET(self):
        if self.path == "/__stats":
            return self.reply(200, json.dumps(STATE.stats()), "application/json")
        self.reply(404, ec2_error("InvalidAction", "GET is not supported by this fake"))

    def do_POST(self):
        raw = self.read_body().decode("utf-8")
        if self.path == "/__faults":
            try:
                STATE.set_faults(json.loads(raw or "{}"))
            except ValueError as e:
                return self.reply(400, json.dumps({"error": str(e)}), "application/json")
            return self.reply(200, "{}", "application/json")
        form = query_params(raw)
        scope = credential_scope(self.headers.get("Authorization", ""))
        if not scope:
            return self.reply(403, ec2_error("MissingAuthenticationToken", "unsigned request"))
        key_id, region, service = scope
        action = form.get("Action", "")
        if service == "sts" and action == "AssumeRole":
            return self.assume_role(form)
        if service == "ec2" and action in ("DescribeVpcs", "DescribeSubnets"):
            return self.ec2(key_id, region, action)
        self.reply(400, ec2_error("InvalidAction", f"{service} {action} is not faked"))

    def assume_role(self, form):
        role_arn = form.get("RoleArn", "")
        parts = role_arn.split(":")
        account = parts[4] if len(parts) > 5 else ""
        with STATE.lock:
            STATE.assume_roles[account] = STATE.assume_roles.get(account, 0) + 1
            fault = STATE.faults.get(account)
            STATE.serial += 1
            serial = STATE.serial
            key_id = f"ASIAFAKE{account}S{serial:06d}"
            if fault != "assume_denied":
                STATE.sessions[key_id] = (account, serial)
        if fault == "assume_denied":
            return self.reply(403, sts_error(
                "AccessDenied", f"User is not authorized to perform: sts:AssumeRole on {role_arn}"))
        duration = int(form.get("DurationSeconds", "3600"))
        self.reply(200, assume_role_xml(account, role_arn, form.get("RoleSessionName", "s"),
                                        key_id, duration))

    def ec2(self, key_id, region, action):
        with STATE.lock:
            session = STATE.sessions.get(key_id)
            fault, generation, expired = None, 0, False
            if session is not None:
                account, serial = session
                key = f"{account}/{region}"
                STATE.count(f"{key}/{action}")
                if action == "DescribeVpcs":
                    STATE.generation[key] = STATE.generation.get(key, 0) + 1
                generation = STATE.generation.get(key, 0)
                fault = STATE.faults.get(account)
                expired = fault == "expired_token" and serial <= STATE.expired_before[account]
        if session is None:
            return self.reply(401, ec2_error("AuthFailure",
                                             "AWS was not able to validate the provided access "
                                             "credentials"))
        if expired:
            return self.reply(400, ec2_error("ExpiredToken",
                                             "The security token included in the request is "
                                             "expired"))
        vpcs, subnets = churn_resources(account, generation)
        body = (describe_vpcs_xml(account, vpcs) if action == "DescribeVpcs"
                else describe_subnets_xml(account, subnets))
        try:
            self.faulty_reply(fault, body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def faulty_reply(self, fault, body):
        if fault == "throttle":
            return self.reply(400, ec2_error("RequestLimitExceeded", "Request limit exceeded."))
        if fault == "server_error":
            return self.reply(503, ec2_error("Unavailable", "The server is overloaded."))
        if fault == "reset":
            return reset_connection(self)
        if fault == "timeout":
            time.sleep(30)
            self.close_connection = True
            return None
        if fault == "malformed":
            return self.reply(200, body[: len(body) * 2 // 3])
        if fault == "wrong_content_type":  # e.g. a captive proxy's login page
            return self.reply(200, "<html><head><title>Proxy</title></head><body><h1>Welcome</h1>"
                              "<p>Please log in to the proxy.</p></body></html>", "text/html")
        data = body.encode("utf-8")
        if fault == "oversized":
            self.send_response(200)
            self.send_header("Content-Type", "text/xml;charset=UTF-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<item>" + b"x" * 65530 + b"</item>"
            for _ in range((1 << 30) // len(chunk)):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.close_connection = True
            return None
        self.send_response(200)
        self.send_header("Content-Type", "text/xml;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if fault == "truncate":
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return None
        if fault == "slow_drip":
            for i in range(len(data)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(0.25)
            return None
        self.wfile.write(data)
        return None


class FakeAwsProcess(FakeProcess):
    """The fake-AWS mode as a child process on a free loopback port, for Python tests and
    scripts/soak. Call stop() (or use it as a context manager)."""

    def __init__(self, log_path=None):
        import subprocess
        self._log = open(log_path or "/dev/null", "wb")
        try:
            super().__init__(lambda port: [sys.executable, __file__, "aws", str(port)],
                             stdout=self._log, stderr=subprocess.STDOUT)
        except RuntimeError:
            self._log.close()
            raise

    def _call(self, method, path, body=None):
        import urllib.request
        req = urllib.request.Request(self.endpoint + path, method=method, data=body)
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def set_faults(self, faults):
        self._call("POST", "/__faults", json.dumps(faults).encode())

    def stats(self):
        return self._call("GET", "/__stats")

    def stop(self):
        super().stop()
        self._log.close()


def run_aws(port):
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer(("127.0.0.1", port), AwsHandler).serve_forever()


if __name__ == "__main__":
    if sys.argv[1] == "aws":
        run_aws(int(sys.argv[2]))
    else:
        run_scripted(int(sys.argv[1]), sys.argv[2], sys.argv[3])
