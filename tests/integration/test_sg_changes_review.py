"""The sg_changes review endpoints in the running exporter: the collector reads the CloudTrail
fake (LookupEvents, per account through moto's AssumeRole), its routes are served by the
exporter's own server, requests without the token get 401, cross-site ones 403, a Deny from the
page's form changes the state and, at the next collection, the metrics; after a reload the routes
use the new config (a new token)."""
import base64
import http.client
import json
import os
import re
import sys
import time
import unittest
from datetime import datetime, timedelta, timezone

from support import Exporter, Moto, SOURCE_DIR, Workdir, find_samples, parse_exposition

sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "fakes"))
import sg_changes_cloudtrail_fake as fake_module  # noqa: E402

ACCOUNT = "222222222222"
REGION = "eu-west-1"


def iso(minutes_ago):
    when = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def config(moto, fake, workdir, token_file):
    return f"""
regions: [{REGION}]
accounts:
  - id: "{ACCOUNT}"
aws:
  role_arn_template: "arn:aws:iam::{{account_id}}:role/awsgov-exporter"
  endpoint_url: {moto}
  endpoint_urls:
    cloudtrail: {fake}
collectors:
  ipam:
    enabled: false
  sg_changes:
    enabled: true
    interval: 10s
    options:
      state_file: {workdir}/sg_changes.db
      review_token_file: {token_file}
"""


class SgChangesReviewTest(unittest.TestCase):
    def setUp(self):
        self.workdir_ctx = Workdir()
        self.workdir = self.workdir_ctx.__enter__()
        self.moto = Moto(self.workdir)
        records = [
            fake_module.authorize_record("ev-open", ACCOUNT, REGION, "sg-0web", "0.0.0.0/0", 22,
                                         iso(10)),
            fake_module.authorize_record("ev-private", ACCOUNT, REGION, "sg-0web", "10.0.0.0/8",
                                         443, iso(5)),
        ]
        self.fake = fake_module.CloudTrailFake(records, sts_endpoint=self.moto.endpoint).start()
        self.token_file = os.path.join(self.workdir, "review.token")
        with open(self.token_file, "w") as f:
            f.write("first-token\n")
        self.config = os.path.join(self.workdir, "config.yml")
        with open(self.config, "w") as f:
            f.write(config(self.moto.endpoint, self.fake.endpoint, self.workdir, self.token_file))
        env = {"AWS_ACCESS_KEY_ID": "AKIDAWSGOVTEST", "AWS_SECRET_ACCESS_KEY": "test-secret",
               "AWS_REGION": REGION}
        self.exporter = Exporter(self.workdir, [f"--config.file={self.config}"], env)
        self.exporter.wait_ready()

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
        finally:
            connection.close()

    @staticmethod
    def basic(user, password):
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def samples(self):
        return parse_exposition(self.exporter.get("/metrics").text)

    def wait_for(self, predicate, what, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            samples = self.samples()
            if predicate(samples):
                return samples
            time.sleep(0.3)
        self.fail(f"{what} not seen in /metrics:\n{self.exporter.logs()}")

    def pending(self, samples):
        return {dict(k[1])["event_id"]: v for k, v in samples.items()
                if k[0] == "awsgov_sg_ingress_change_pending_timestamp_seconds"}

    def count(self, samples, state):
        values = list(find_samples(samples, "awsgov_sg_ingress_changes", account_id=ACCOUNT,
                                   region=REGION, state=state).values())
        return values[0] if values else None

    def test_review_page_auth_cross_site_deny_and_reload(self):
        samples = self.wait_for(lambda s: len(self.pending(s)) == 2, "two pending changes")
        open_series = [dict(k[1]) for k in samples
                       if k[0] == "awsgov_sg_ingress_change_pending_timestamp_seconds"
                       and dict(k[1])["event_id"] == "ev-open"][0]
        self.assertEqual(open_series["public"], "true")
        self.assertEqual(open_series["actor"], f"arn:aws:iam::{ACCOUNT}:user/alice")

        # No token, a wrong token: 401 with a basic-auth challenge.
        for headers in ({}, {"Authorization": self.basic("alice", "wrong")}):
            status, reply_headers, _ = self.request("GET", "/sg_changes/review", headers)
            self.assertEqual(status, 401)
            self.assertIn("Basic realm=", reply_headers.get("WWW-Authenticate", ""))
        auth = {"Authorization": self.basic("alice", "first-token")}
        host = f"127.0.0.1:{self.exporter.port}"

        # The page lists both, with a form token.
        status, headers, page = self.request("GET", "/sg_changes/review", auth)
        self.assertEqual(status, 200, page)
        self.assertIn("2 pending.", page)
        token = re.search(r'name="form_token" value="([0-9a-f]{64})"', page).group(1)

        # Cross-site: the same form posted with another Origin is refused, nothing changes.
        form = f"id=ev-open%2F0&decision=deny&form_token={token}"
        form_headers = {**auth, "Content-Type": "application/x-www-form-urlencoded"}
        status, _, _ = self.request("POST", "/sg_changes/review",
                                    {**form_headers, "Origin": "https://evil.example"}, form)
        self.assertEqual(status, 403)
        status, _, _ = self.request("POST", "/api/v1/sg_changes/changes/approve",
                                    {**auth, "Content-Type": "text/plain"},
                                    json.dumps({"id": "ev-open/0"}))
        self.assertEqual(status, 415)

        # Deny from the page, as the browser sends it.
        status, headers, _ = self.request("POST", "/sg_changes/review",
                                          {**form_headers, "Origin": f"http://{host}"}, form)
        self.assertEqual(status, 303)
        self.assertEqual(headers["Location"], "/sg_changes/review")
        status, _, body = self.request("GET", "/api/v1/sg_changes/changes?state=denied", auth)
        self.assertEqual(status, 200)
        denied = json.loads(body)["changes"]
        self.assertEqual([c["id"] for c in denied], ["ev-open/0"])
        self.assertEqual(denied[0]["decided_by"], "alice")

        # The next collection drops its pending series and counts it denied.
        samples = self.wait_for(lambda s: self.count(s, "denied") == 1, "denied count 1")
        self.assertEqual(set(self.pending(samples)), {"ev-private"})
        self.assertEqual(self.count(samples, "pending"), 1)

        # A reload with a new token: the routes follow the new config.
        with open(self.token_file, "w") as f:
            f.write("second-token\n")
        status, _, _ = self.request("POST", "/-/reload", {}, "")
        self.assertEqual(status, 200)
        self.assertEqual(self.request("GET", "/api/v1/sg_changes/changes", auth)[0], 401)
        status, _, body = self.request(
            "GET", "/api/v1/sg_changes/changes?state=pending",
            {"Authorization": "Bearer second-token"})
        self.assertEqual(status, 200)
        self.assertEqual([c["id"] for c in json.loads(body)["changes"]], ["ev-private/0"])
        # The review token never reaches the log.
        self.assertNotIn("first-token", self.exporter.logs())
        self.assertNotIn("second-token", self.exporter.logs())


if __name__ == "__main__":
    unittest.main()
