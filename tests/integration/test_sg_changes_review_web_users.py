"""The sg_changes review with the web config's users, and Slack's interactive endpoint, in the
running exporter (sg_changes fed by the CloudTrail fake): the user the server authenticated is
who decides (recorded in the state and the API), a user outside `reviewers` gets 403, a wrong
password 401, the review token cannot get past the web users; Slack's endpoint needs no web
credentials but Slack's v0 signature (computed here with Python's hmac), refuses stale, wrong and
replayed requests and malformed payloads (400), and a signed click denies a change as the Slack
user, which the metrics then show."""
import hashlib
import hmac
import json
import time
import unittest
import urllib.parse

from sg_changes_support import SgChangesTestCase, basic

PASSWORDS = {"alice": "alice-pw-9Kq", "bob": "bob-pw-3Zt", "mallory": "mallory-pw-7Wd"}
TOKEN = "review-token-Hx81"
SLACK_SECRET = "slack-signing-secret-Jd02"


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


class SgChangesReviewWebUsersTest(SgChangesTestCase):
    def setUp(self):
        super().setUp()
        self.start_moto()
        self.start_cloudtrail_fake([("ev-open", "sg-0web", "0.0.0.0/0", 22, 10),
                                    ("ev-private", "sg-0web", "10.0.0.0/8", 443, 5),
                                    ("ev-slack", "sg-0db", "192.0.2.0/24", 5432, 3)])
        config = self.write_config({
            "state_file": f"{self.workdir}/sg_changes.db",
            "review_token_file": self.write_file("review.token", TOKEN + "\n"),
            "reviewers": ["alice", "bob"],
            "slack": {"signing_secret_file": self.write_file("slack.secret", SLACK_SECRET + "\n"),
                      "user_ids": ["U0ALICE"]}})
        self.alice = {"Authorization": basic("alice", PASSWORDS["alice"])}
        self.start_exporter(config, [f"--web.config.file={self.write_web_users(PASSWORDS)}",
                                     "--log.level=debug"], self.alice)

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
