"""Secrets never leave the exporter: known secret values are fed in (AWS access key id, secret key
and session token from the environment and from a shared credentials file profile, the bcrypt
hash of a web-config basic-auth password and the plain password clients send, the sg_changes
review bearer token, wrong passwords and tokens clients try), the exporter runs at --log.level=
debug through start-up, collection cycles against moto (with an AssumeRole), an AssumeRole that
STS answers AccessDenied, and requests with right and wrong credentials; then every byte it
wrote to stdout/stderr and every page and API response it served is scanned for each value, its
base64 forms, its percent-encoding and any 12-character piece of it.

The scanner is proven able to fail first (test_scanner_finds_planted_values): each form of each
value planted in a control string is found.

The Slack signing secret (sg_changes' `slack.signing_secret_file`) is fed in the first test, which
sends correctly and wrongly signed Slack clicks.
"""
import base64
import crypt  # deprecated in 3.11 but present; bcrypt through libcrypt, like the exporter
import hashlib
import hmac
import http.client
import json
import os
import secrets
import string
import subprocess
import sys
import time
import unittest
import urllib.parse
import warnings
from datetime import datetime, timedelta, timezone

from support import (Exporter, Moto, SOURCE_DIR, Workdir, find_samples, free_port,
                     parse_exposition, stop_process, wait_for_port)

sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "fakes"))
import sg_changes_cloudtrail_fake as cloudtrail_fake  # noqa: E402

ROLE_ACCOUNT = "222222222222"  # collected through an AssumeRole
OWN_ACCOUNT = "111111111111"   # collected with the exporter's own credentials
REGION = "eu-west-1"
WINDOW = 12  # any piece of a secret this long is a leak

def random_secret(prefix, length=32):
    # Letters and digits only: no log or HTML escaping can change how the value is written, so a
    # leak is always found as written.
    alphabet = string.ascii_letters + string.digits
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def b64(text):
    return base64.b64encode(text.encode()).decode()


class SecretScanner:
    """Finds secret values in text: as written, in base64 (standard and URL-safe, with and
    without padding, also of 'user:password' pairs), percent-encoded, and any WINDOW-long piece
    of the raw value (a truncated or masked leak)."""

    def __init__(self, values, basic_pairs=()):
        self.forms = []  # (form, description)
        for name, value in values.items():
            self.forms.append((value, f"{name} as written"))
            self.forms.extend(self._encodings(value, name))
            for i in range(0, len(value) - WINDOW + 1):
                self.forms.append((value[i:i + WINDOW], f"{name} piece at {i}"))
        for user, password in basic_pairs:
            self.forms.extend(self._encodings(f"{user}:{password}", f"basic auth of {user}"))

    @staticmethod
    def _encodings(value, name):
        out = []
        for label, encoded in (("base64", b64(value)),
                               ("base64url", base64.urlsafe_b64encode(value.encode()).decode())):
            out.append((encoded, f"{name} {label}"))
            out.append((encoded.rstrip("="), f"{name} {label} unpadded"))
        quoted = urllib.parse.quote(value, safe="")
        if quoted != value:
            out.append((quoted, f"{name} percent-encoded"))
        return out

    def find(self, text):
        return sorted({what for form, what in self.forms if form and form in text})


def bcrypt(password):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))


def iso(minutes_ago):
    when = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def request(port, method, path, headers=None, body=None):
    """(status, headers as text, body): everything a client could see."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            import gzip
            data = gzip.decompress(data)
        head = "".join(f"{k}: {v}\n" for k, v in response.getheaders())
        return response.status, head, data.decode("utf-8", "replace")
    finally:
        connection.close()


def success(text, account):
    """awsgov_collector_success of the ipam target of `account`, None when absent."""
    values = list(find_samples(parse_exposition(text), "awsgov_collector_success",
                               collector="ipam", account_id=account, region=REGION).values())
    return values[0] if values else None


def basic(user, password):
    return "Basic " + b64(f"{user}:{password}")


ACCESS_DENIED = ('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>'
                 "<Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::"
                 "111111111111:user/exporter is not authorized to perform: sts:AssumeRole on "
                 "resource: arn:aws:iam::222222222222:role/awsgov-exporter</Message></Error>"
                 "<RequestId>denied-1</RequestId></ErrorResponse>")


class SecretsTest(unittest.TestCase):
    def setUp(self):
        self.workdir_ctx = Workdir()
        self.workdir = self.workdir_ctx.__enter__()
        self.cleanups = []
        self.captured = {}  # where -> text a person or a scraper could see

    def tearDown(self):
        for cleanup in reversed(self.cleanups):
            cleanup()
        self.workdir_ctx.__exit__(None, None, None)

    # ---- helpers

    def write(self, name, text):
        path = os.path.join(self.workdir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def capture(self, where, port, method, path, headers=None, body=None):
        status, head, text = request(port, method, path, headers, body)
        self.captured[f"{method} {path} ({where})"] = f"HTTP {status}\n{head}\n{text}"
        return status, text

    def start_exporter(self, config, env, extra_args=()):
        exporter = Exporter(self.workdir, [f"--config.file={config}", "--log.level=debug",
                                           *extra_args], env)
        self.cleanups.append(exporter.stop)
        return exporter

    def scrape_until(self, port, headers, predicate, what, timeout=90):
        deadline = time.time() + timeout
        text = ""
        while time.time() < deadline:
            _, _, text = request(port, "GET", "/metrics", headers)
            if predicate(text):
                return text
            time.sleep(0.3)
        self.fail(f"{what} not seen in /metrics:\n{text}")

    def assert_no_secret(self, scanner, exporter):
        # Shutdown logs too: SIGTERM, then read everything the process wrote.
        code, _ = exporter.terminate(timeout=30)
        self.assertEqual(code, 0, exporter.logs())
        self.captured["exporter stdout+stderr"] = exporter.logs()
        for where, text in self.captured.items():
            self.assertTrue(text, f"nothing captured from {where}")
            found = scanner.find(text)
            self.assertEqual(found, [], f"secret found in {where}: {found}")

    # ---- the control: the scanner can fail

    def test_scanner_finds_planted_values(self):
        password = random_secret("pw-")
        token = random_secret("tok-")
        scanner = SecretScanner({"password": password, "token": token},
                                basic_pairs=[("alice", password)])
        self.assertEqual(scanner.find("nothing to see here " + random_secret("other-")), [])
        planted = {
            "raw": f"level=debug msg=x value={token} end",
            "base64": f"header={b64(token)}",
            "base64 unpadded": f"x={b64(token).rstrip('=')}y",
            "base64url": base64.urlsafe_b64encode(token.encode()).decode(),
            "basic auth": f"Authorization: Basic {b64('alice:' + password)}",
            "truncated": f"key={password[3:3 + WINDOW]}...",
            "in html": f"<td>{password}</td>",
            "in json": json.dumps({"t": token}),
        }
        for label, text in planted.items():
            with self.subTest(label):
                self.assertNotEqual(scanner.find(text), [], f"{label} not found in {text!r}")
        self.assertIn("token as written", scanner.find(planted["raw"]))
        self.assertIn("basic auth of alice base64", scanner.find(planted["basic auth"]))
        special = "a/b+c=d&e" + random_secret("")
        self.assertIn("s percent-encoded",
                      SecretScanner({"s": special}).find(urllib.parse.quote(special, safe="")))

    # ---- environment credentials, AssumeRole through moto, the review endpoints

    def test_env_credentials_assume_role_and_review_token(self):
        moto = Moto(self.workdir)
        self.cleanups.append(moto.stop)
        records = [
            cloudtrail_fake.authorize_record("ev-open", ROLE_ACCOUNT, REGION, "sg-0web",
                                             "0.0.0.0/0", 22, iso(10)),
            cloudtrail_fake.authorize_record("ev-private", ROLE_ACCOUNT, REGION, "sg-0web",
                                             "10.0.0.0/8", 443, iso(5)),
        ]
        fake = cloudtrail_fake.CloudTrailFake(records, sts_endpoint=moto.endpoint).start()
        self.cleanups.append(fake.stop)

        values = {
            "access key id": "AKIA" + random_secret("", 16).upper(),
            "secret access key": random_secret("sk"),
            "session token": random_secret("st", 64),
            "review token": random_secret("rt-"),
            "wrong review token": random_secret("wrt-"),
            "slack signing secret": random_secret("ss"),
            "wrong slack signing secret": random_secret("wss"),
        }
        token_file = self.write("review.token", values["review token"] + "\n")
        slack_file = self.write("slack.secret", values["slack signing secret"] + "\n")
        config = self.write("config.yml", f"""
regions: [{REGION}]
accounts:
  - id: "{ROLE_ACCOUNT}"
aws:
  role_arn_template: "arn:aws:iam::{{account_id}}:role/awsgov-exporter"
  endpoint_url: {moto.endpoint}
  endpoint_urls:
    cloudtrail: {fake.endpoint}
collectors:
  ipam:
    interval: 10s
    options:
      include_ipam: false
  sg_changes:
    enabled: true
    interval: 10s
    options:
      state_file: {self.workdir}/sg_changes.db
      review_token_file: {token_file}
      slack:
        signing_secret_file: {slack_file}
""")
        env = {"AWS_ACCESS_KEY_ID": values["access key id"],
               "AWS_SECRET_ACCESS_KEY": values["secret access key"],
               "AWS_SESSION_TOKEN": values["session token"], "AWS_REGION": REGION,
               "AWS_PROFILE": "", "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
               "AWS_CONFIG_FILE": os.devnull}
        exporter = self.start_exporter(config, env)
        exporter.wait_ready()
        port = exporter.port

        # A collection cycle: the fake maps the assumed role's keys to the account through
        # moto, so pending changes of ROLE_ACCOUNT prove the AssumeRole worked.
        metrics = self.scrape_until(
            port, {}, lambda t: 'event_id="ev-private"' in t and success(t, ROLE_ACCOUNT) == 1,
            "a collection with AssumeRole")
        self.assertIn(f'account_id="{ROLE_ACCOUNT}"', metrics)

        token = values["review token"]
        wrong = values["wrong review token"]
        bearer = {"Authorization": f"Bearer {token}"}
        self.capture("text", port, "GET", "/metrics")
        self.capture("openmetrics gzip", port, "GET", "/metrics",
                     {"Accept": "application/openmetrics-text;version=1.0.0",
                      "Accept-Encoding": "gzip"})
        self.capture("landing", port, "GET", "/")
        self.capture("health", port, "GET", "/-/healthy")
        self.capture("ready", port, "GET", "/-/ready")
        status, page = self.capture("reviewer", port, "GET", "/sg_changes/review",
                                    {"Authorization": basic("alice", token)})
        self.assertEqual(status, 200, page)
        self.assertIn("ev-open", page)
        status, listing = self.capture("api", port, "GET", "/api/v1/sg_changes/changes", bearer)
        self.assertEqual(status, 200, listing)
        self.assertIn("ev-private", listing)
        status, reply = self.capture(
            "approve", port, "POST", "/api/v1/sg_changes/changes/approve",
            {**bearer, "Content-Type": "application/json"}, json.dumps({"id": "ev-private/0"}))
        self.assertEqual(status, 200, reply)
        # Wrong tokens, in every place a token can go, and a cross-site attempt.
        for label, headers in (("wrong bearer", {"Authorization": f"Bearer {wrong}"}),
                               ("wrong basic", {"Authorization": basic("alice", wrong)}),
                               ("token as user", {"Authorization": basic(token, "")}),
                               ("no auth", {})):
            status, text = self.capture(label, port, "GET", "/api/v1/sg_changes/changes", headers)
            self.assertEqual(status, 401, text)
            status, text = self.capture(label, port, "POST", "/api/v1/sg_changes/changes/deny",
                                        {**headers, "Content-Type": "application/json"},
                                        json.dumps({"id": "ev-open/0", "token": wrong}))
            self.assertEqual(status, 401, text)
        status, text = self.capture("cross-site", port, "POST", "/api/v1/sg_changes/changes/deny",
                                    {**bearer, "Content-Type": "application/json",
                                     "Origin": "https://evil.example"},
                                    json.dumps({"id": "ev-open/0"}))
        self.assertEqual(status, 403, text)
        # Slack clicks: signed with the right secret (an unknown change: refused, but past the
        # signature check), with a wrong one, and unsigned.
        click = "payload=" + urllib.parse.quote(json.dumps({
            "type": "block_actions", "user": {"id": "U123", "name": "alice"},
            "actions": [{"action_id": "deny", "value": "deny:ev-none/0"}]}))
        for label, secret in (("slack signed", values["slack signing secret"]),
                              ("slack wrongly signed", values["wrong slack signing secret"]),
                              ("slack unsigned", None)):
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            if secret is not None:
                stamp = str(int(time.time()))
                digest = hmac.new(secret.encode(), f"v0:{stamp}:{click}".encode(),
                                  hashlib.sha256).hexdigest()
                headers.update({"X-Slack-Request-Timestamp": stamp,
                                "X-Slack-Signature": f"v0={digest}"})
            status, text = self.capture(label, port, "POST", "/sg_changes/slack/actions", headers,
                                        click)
            if secret is None or secret != values["slack signing secret"]:
                self.assertEqual(status, 401, text)
            else:
                self.assertNotEqual(status, 401, text)
        status, text = self.capture("reload", port, "POST", "/-/reload")
        self.assertEqual(status, 200, text)
        self.capture("after reload", port, "GET", "/metrics")
        self.capture("after reload", port, "GET", "/")

        logs = exporter.logs()
        self.assertIn("level=debug", logs)  # the most verbose level was really on
        self.assert_no_secret(SecretScanner(values, basic_pairs=[("alice", token),
                                                                  ("alice", wrong)]), exporter)

    # ---- a credentials file profile, AccessDenied from STS, web-config basic auth

    def test_profile_credentials_access_denied_and_basic_auth(self):
        moto = Moto(self.workdir)
        self.cleanups.append(moto.stop)
        # STS answers every AssumeRole with AccessDenied.
        sts_port = free_port()
        script = self.write("sts_script.json", json.dumps([{"status": 403, "body": ACCESS_DENIED}]))
        sts_log = os.path.join(self.workdir, "sts_requests.jsonl")
        sts = subprocess.Popen([sys.executable, os.path.join(SOURCE_DIR, "tests", "fakes",
                                                             "fault_server.py"),
                                str(sts_port), script, sts_log])
        self.cleanups.append(lambda: stop_process(sts))
        self.assertTrue(wait_for_port(sts_port), "fault server did not start")

        values = {
            "profile access key id": "AKIA" + random_secret("", 16).upper(),
            "profile secret access key": random_secret("psk"),
            "profile session token": random_secret("pst", 64),
            "web password": random_secret("pw-"),
            "wrong password": random_secret("wpw-"),
        }
        password_hash = bcrypt(values["web password"])
        values["web password bcrypt hash"] = password_hash
        credentials = self.write("credentials", f"""[default]
aws_access_key_id = AKIADEFAULTNOTUSED000
aws_secret_access_key = default-not-used

[awsgov]
aws_access_key_id = {values["profile access key id"]}
aws_secret_access_key = {values["profile secret access key"]}
aws_session_token = {values["profile session token"]}
""")
        aws_config = self.write("aws_config", "[profile awsgov]\nregion = eu-west-1\n")
        web_config = self.write("web.yml", f"basic_auth_users:\n  scraper: '{password_hash}'\n")
        config = self.write("config.yml", f"""
regions: [{REGION}]
accounts:
  - id: "{ROLE_ACCOUNT}"
  - id: "{OWN_ACCOUNT}"
    assume_role: false
aws:
  role_arn_template: "arn:aws:iam::{{account_id}}:role/awsgov-exporter"
  endpoint_url: {moto.endpoint}
  endpoint_urls:
    sts: http://127.0.0.1:{sts_port}
collectors:
  ipam:
    interval: 10s
    options:
      include_ipam: false
""")
        env = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "",
               "AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": aws_config,
               "AWS_PROFILE": "awsgov", "AWS_REGION": REGION}
        exporter = self.start_exporter(config, env, [f"--web.config.file={web_config}"])
        good = {"Authorization": basic("scraper", values["web password"])}
        deadline = time.time() + 60
        while True:  # /-/ready needs credentials too
            try:
                if request(exporter.port, "GET", "/-/ready", good)[0] == 200:
                    break
            except OSError:
                pass
            self.assertLess(time.time(), deadline, exporter.logs())
            time.sleep(0.2)
        port = exporter.port

        # The role account fails (AccessDenied), the own-credentials account succeeds.
        self.scrape_until(
            port, good,
            lambda t: success(t, ROLE_ACCOUNT) == 0 and success(t, OWN_ACCOUNT) == 1,
            "the denied account failed and the other succeeded")
        with open(sts_log) as f:
            sts_requests = [json.loads(line) for line in f]
        self.assertTrue(any("Action=AssumeRole" in r["body"] for r in sts_requests), sts_requests)

        status, landing = self.capture("authorized", port, "GET", "/", good)
        self.assertEqual(status, 200, landing)
        self.assertIn("AccessDenied", landing)  # the failure is shown, its secrets are not
        self.capture("authorized", port, "GET", "/metrics", good)
        self.capture("authorized openmetrics", port, "GET", "/metrics",
                     {**good, "Accept": "application/openmetrics-text;version=1.0.0"})
        self.capture("authorized", port, "GET", "/-/healthy", good)
        self.capture("authorized", port, "GET", "/nonexistent", good)
        wrong = values["wrong password"]
        for label, headers in (
                ("wrong password", {"Authorization": basic("scraper", wrong)}),
                ("unknown user", {"Authorization": basic("mallory", values["web password"])}),
                ("password as user", {"Authorization": basic(values["web password"], "")}),
                ("wrong password as user", {"Authorization": basic(wrong, wrong)}),
                ("malformed", {"Authorization": "Basic " + wrong}),
                ("bearer", {"Authorization": "Bearer " + values["web password"]}),
                ("none", {})):
            for path in ("/", "/metrics", "/-/ready"):
                status, text = self.capture(label, port, "GET", path, headers)
                self.assertEqual(status, 401, text)
        status, text = self.capture("wrong password", port, "POST", "/-/reload",
                                    {"Authorization": basic("scraper", wrong)})
        self.assertEqual(status, 401, text)
        status, text = self.capture("authorized", port, "POST", "/-/reload", good)
        self.assertEqual(status, 200, text)

        self.assertIn("level=debug", exporter.logs())
        self.assert_no_secret(SecretScanner(values, basic_pairs=[
            ("scraper", values["web password"]), ("scraper", wrong), ("mallory", values["web password"]),
            (values["web password"], ""), (wrong, wrong)]), exporter)


if __name__ == "__main__":
    unittest.main()
