"""The sg_changes review with the web config's users, and Slack's interactive endpoint, in the
running exporter (sg_changes fed by the CloudTrail fake): the user the server authenticated is
who decides (recorded in the state and the API), a user outside `reviewers` gets 403, a wrong
password 401, the review token cannot get past the web users; Slack's endpoint needs no web
credentials but Slack's v0 signature (computed here with Python's hmac), refuses stale, wrong and
replayed requests and malformed payloads (400), and a signed click denies a change as the Slack
user, which the metrics then show."""
import crypt  # deprecated in 3.11 but present; bcrypt through libcrypt, like the exporter
import base64
import hashlib
import hmac
import http.client
import json
import os
import sys
import time
import unittest
import urllib.parse
import warnings
from datetime import datetime, timedelta, timezone

from support import Exporter, Moto, SOURCE_DIR, Workdir, find_samples, parse_exposition

sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "fakes"))
import sg_changes_cloudtrail_fake as fake_module  # noqa: E402

ACCOUNT = "222222222222"
REGION = "eu-west-1"
PASSWORDS = {"alice": "alice-pw-9Kq", "bob": "bob-pw-3Zt", "mallory": "mallory-pw-7Wd"}
TOKEN = "review-token-Hx81"
SLACK_SECRET = "slack-signing-secret-Jd02"


def bcrypt(password):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))


def iso(minutes_ago):
    when = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def slack_signature(secret, timestamp, body):
    """Slack's documented v0 scheme, with Python's hmac (independent of the exporter's code)."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def block_actions(value, user_id="U0ALICE", user_name="alice", message_text=""):
    payload = {"type": "block_actions", "user": {"id": user_id, "username": user_name},
               "actions": [{"action_id": "sg", "type": "button", "value": value}],
               "response_url": "https://hooks.slack.com/actions/T0/1/x",
               "message": {"type": "message", "text": message_text}}
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


class SgChangesReviewWebUsersTest(unittest.TestCase):
    def setUp(self):
        self.workdir_ctx = Workdir()
        self.workdir = self.workdir_ctx.__enter__()
        self.moto = Moto(self.workdir)
        records = [
            fake_module.authorize_record("ev-open", ACCOUNT, REGION, "sg-0web", "0.0.0.0/0", 22,
                                         iso(10)),
            fake_module.authorize_record("ev-private", ACCOUNT, REGION, "sg-0web", "10.0.0.0/8",
                                         443, iso(5)),
            fake_module.authorize_record("ev-slack", ACCOUNT, REGION, "sg-0db", "192.0.2.0/24",
                                         5432, iso(3)),
        ]
        self.fake = fake_module.CloudTrailFake(records, sts_endpoint=self.moto.endpoint).start()
        files = {"review.token": TOKEN, "slack.secret": SLACK_SECRET,
                 "web.yml": "basic_auth_users:\n" + "".join(
                     f"  {user}: '{bcrypt(pw)}'\n" for user, pw in PASSWORDS.items())}
        for name, content in files.items():
            with open(os.path.join(self.workdir, name), "w") as f:
                f.write(content + "\n")
        config = os.path.join(self.workdir, "config.yml")
        with open(config, "w") as f:
            f.write(f"""
regions: [{REGION}]
accounts:
  - id: "{ACCOUNT}"
aws:
  role_arn_template: "arn:aws:iam::{{account_id}}:role/awsgov-exporter"
  endpoint_url: {self.moto.endpoint}
  endpoint_urls:
    cloudtrail: {self.fake.endpoint}
collectors:
  ipam:
    enabled: false
  sg_changes:
    enabled: true
    interval: 10s
    options:
      state_file: {self.workdir}/sg_changes.db
      review_token_file: {self.workdir}/review.token
      reviewers: [alice, bob]
      slack:
        signing_secret_file: {self.workdir}/slack.secret
        user_ids: [U0ALICE]
""")
        env = {"AWS_ACCESS_KEY_ID": "AKIDAWSGOVTEST", "AWS_SECRET_ACCESS_KEY": "test-secret",
               "AWS_REGION": REGION}
        self.exporter = Exporter(self.workdir, [
            f"--config.file={config}", f"--web.config.file={self.workdir}/web.yml",
            "--log.level=debug"], env)
        self.alice = {"Authorization": basic("alice", PASSWORDS["alice"])}
        deadline = time.time() + 60
        while self.request("GET", "/-/ready", self.alice)[0] != 200:
            self.assertIsNone(self.exporter.proc.poll(), self.exporter.logs())
            self.assertLess(time.time(), deadline, self.exporter.logs())
            time.sleep(0.1)

    def tearDown(self):
        self.exporter.stop()
        self.fake.stop()
        self.moto.stop()
        self.workdir_ctx.__exit__(None, None, None)

    def request(self, method, path, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.exporter.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        except OSError:
            return 0, {}, ""
        finally:
            connection.close()

    def samples(self):
        status, _, body = self.request("GET", "/metrics", self.alice)
        self.assertEqual(status, 200)
        return parse_exposition(body)

    def wait_for(self, predicate, what, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            samples = self.samples()
            if predicate(samples):
                return samples
            time.sleep(0.3)
        self.fail(f"{what} not seen in /metrics:\n{self.exporter.logs()}")

    @staticmethod
    def pending(samples):
        return {dict(k[1])["event_id"] for k in samples
                if k[0] == "awsgov_sg_ingress_change_pending_timestamp_seconds"}

    @staticmethod
    def count(samples, state):
        values = list(find_samples(samples, "awsgov_sg_ingress_changes", account_id=ACCOUNT,
                                   region=REGION, state=state).values())
        return values[0] if values else None

    def change(self, change_id):
        status, _, body = self.request("GET", "/api/v1/sg_changes/changes", self.alice)
        self.assertEqual(status, 200, body)
        return {c["id"]: c for c in json.loads(body)["changes"]}[change_id]

    def api(self, user, decision, change_id):
        return self.request("POST", f"/api/v1/sg_changes/changes/{decision}",
                            {"Authorization": basic(user, PASSWORDS[user]),
                             "Content-Type": "application/json"},
                            json.dumps({"id": change_id}))

    def slack(self, body, timestamp=None, secret=SLACK_SECRET, headers=None):
        timestamp = int(time.time()) if timestamp is None else timestamp
        return self.request("POST", "/sg_changes/slack/actions", {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": slack_signature(secret, timestamp, body), **(headers or {})},
            body)

    def test_web_users_decide_as_themselves(self):
        self.wait_for(lambda s: len(self.pending(s)) == 3, "three pending changes")
        # Wrong password, no credentials, the review token (the web users own Authorization).
        for headers in ({"Authorization": basic("alice", "wrong")}, {},
                        {"Authorization": f"Bearer {TOKEN}"},
                        {"Authorization": basic("alice", TOKEN)}):
            status, reply_headers, _ = self.request("GET", "/sg_changes/review", headers)
            self.assertEqual(status, 401, headers)
            self.assertEqual(reply_headers.get("WWW-Authenticate"), "Basic")

        # mallory is a web user but not a reviewer: 403 on the page and the API.
        mallory = {"Authorization": basic("mallory", PASSWORDS["mallory"])}
        status, _, body = self.request("GET", "/sg_changes/review", mallory)
        self.assertEqual((status, body),
                         (403, "forbidden: mallory is not in the sg_changes reviewers list\n"))
        self.assertEqual(self.api("mallory", "deny", "ev-open/0")[0], 403)
        self.assertEqual(self.change("ev-open/0")["state"], "pending")

        # alice denies from the page, bob approves through the API.
        status, _, page = self.request("GET", "/sg_changes/review", self.alice)
        self.assertEqual(status, 200, page)
        self.assertIn("Reviewing as alice. 3 pending.", page)
        token = page.split('name="form_token" value="')[1].split('"')[0]
        status, headers, _ = self.request(
            "POST", "/sg_changes/review",
            {**self.alice, "Content-Type": "application/x-www-form-urlencoded",
             "Origin": f"http://127.0.0.1:{self.exporter.port}"},
            f"id=ev-open%2F0&decision=deny&form_token={token}")
        self.assertEqual((status, headers.get("Location")), (303, "/sg_changes/review"))
        status, _, body = self.api("bob", "approve", "ev-private/0")
        self.assertEqual(status, 200, body)
        approved = json.loads(body)["change"]
        self.assertEqual((approved["state"], approved["decided_by"]), ("approved", "bob"))

        denied = self.change("ev-open/0")
        self.assertEqual((denied["state"], denied["decided_by"]), ("denied", "alice"))
        self.assertEqual(self.change("ev-private/0")["decided_by"], "bob")
        samples = self.wait_for(lambda s: self.count(s, "denied") == 1 and
                                self.count(s, "approved") == 1, "one denied, one approved")
        self.assertEqual(self.pending(samples), {"ev-slack"})
        logs = self.exporter.logs()
        for secret in [*PASSWORDS.values(), TOKEN]:
            self.assertNotIn(secret, logs)

    def test_slack_signed_clicks(self):
        self.wait_for(lambda s: len(self.pending(s)) == 3, "three pending changes")
        # Slack sends the whole message clicked in: well over 4 KiB here.
        body = block_actions("deny:ev-slack/0", message_text="alert text " * 1200)
        self.assertGreater(len(body), 12000)
        now = int(time.time())
        # A signature computed with Python's hmac from Slack's published example values: the
        # exporter's own computation is checked against it in the unit tests, here end to end.
        self.assertEqual(
            slack_signature("8f742231b10e8888abcd99yyyzzz85a5", 1531420618, b"a=b"),
            "v0=" + hmac.new(b"8f742231b10e8888abcd99yyyzzz85a5", b"v0:1531420618:a=b",
                             hashlib.sha256).hexdigest())

        # Stale (6 minutes old), signed with another secret, no signature at all.
        status, _, reply = self.slack(body, timestamp=now - 360)
        self.assertEqual(status, 401)
        self.assertEqual(json.loads(reply)["error"], "Slack signature: X-Slack-Request-Timestamp "
                                                     "is not within five minutes of now")
        status, _, reply = self.slack(body, secret="not-the-secret")
        self.assertEqual((status, json.loads(reply)["error"]),
                         (401, "Slack signature: X-Slack-Signature does not match the request"))
        status, _, _ = self.request("POST", "/sg_changes/slack/actions",
                                    {"Content-Type": "application/x-www-form-urlencoded"}, body)
        self.assertEqual(status, 401)
        # Signed but malformed: 400 naming the problem.
        status, _, reply = self.slack(b"payload=%7B%22type%22%3A%22block_actions%22%7D")
        self.assertEqual((status, json.loads(reply)["error"]),
                         (400, "malformed Slack interaction: payload has no user.id"))
        # A user outside slack.user_ids decides nothing.
        status, _, reply = self.slack(block_actions("deny:ev-slack/0", "U0EVE", "eve"))
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(reply)["text"],
                         "<@U0EVE> is not allowed to review security-group changes")
        self.assertEqual(self.change("ev-slack/0")["state"], "pending")

        # The real click: no web credentials, Slack's signature only.
        timestamp = int(time.time())
        status, headers, reply = self.slack(body, timestamp=timestamp)
        self.assertEqual(status, 200, reply)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(json.loads(reply), {"response_type": "ephemeral",
                                             "replace_original": False,
                                             "text": "change ev-slack/0 denied (by <@U0ALICE>)"})
        # The same request again: a replay.
        status, _, reply = self.slack(body, timestamp=timestamp)
        self.assertEqual((status, json.loads(reply)["error"]),
                         (401, "Slack signature: this signed request was already received "
                               "(replay)"))
        decided = self.change("ev-slack/0")
        self.assertEqual((decided["state"], decided["decided_by"]),
                         ("denied", "slack:U0ALICE (alice)"))
        # An event id decides every pending change of the event (Alertmanager's buttons).
        status, _, reply = self.slack(block_actions("approve:ev-private"))
        self.assertEqual(json.loads(reply)["text"], "change ev-private/0 approved (by <@U0ALICE>)")
        samples = self.wait_for(lambda s: self.count(s, "denied") == 1 and
                                self.count(s, "approved") == 1, "one denied, one approved")
        self.assertEqual(self.pending(samples), {"ev-open"})
        # Only the Slack path is open without web credentials.
        self.assertEqual(self.request("GET", "/sg_changes/slack")[0], 401)
        self.assertNotIn(SLACK_SECRET, self.exporter.logs())


if __name__ == "__main__":
    unittest.main()
