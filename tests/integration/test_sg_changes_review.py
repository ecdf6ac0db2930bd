"""The sg_changes review endpoints in the running exporter: the collector reads the CloudTrail
fake (LookupEvents, per account through moto's AssumeRole), its routes are served by the
exporter's own server, requests without the token get 401, cross-site ones 403, a Deny from the
page's form changes the state and, at the next collection, the metrics; after a reload the routes
use the new config (a new token)."""
import json
import re
import unittest

from sg_changes_support import ACCOUNT, SgChangesTestCase, basic


class SgChangesReviewTest(SgChangesTestCase):
    def setUp(self):
        super().setUp()
        self.start_moto()
        self.start_cloudtrail_fake([("ev-open", "sg-0web", "0.0.0.0/0", 22, 10),
                                    ("ev-private", "sg-0web", "10.0.0.0/8", 443, 5)])
        self.token_file = self.write_file("review.token", "first-token\n")
        self.start_exporter(self.write_config({"state_file": f"{self.workdir}/sg_changes.db",
                                               "review_token_file": self.token_file}))

    def test_review_page_auth_cross_site_deny_and_reload(self):
        samples = self.wait_for(lambda s: len(self.pending(s)) == 2, "two pending changes")
        open_series = [dict(k[1]) for k in samples
                       if k[0] == "awsgov_sg_ingress_change_pending_timestamp_seconds"
                       and dict(k[1])["event_id"] == "ev-open"][0]
        self.assertEqual(open_series["public"], "true")
        self.assertEqual(open_series["actor"], f"arn:aws:iam::{ACCOUNT}:user/alice")

        # No token, a wrong token: 401 with a basic-auth challenge.
        for headers in ({}, {"Authorization": basic("alice", "wrong")}):
            status, reply_headers, _ = self.request("GET", "/sg_changes/review", headers)
            self.assertEqual(status, 401)
            self.assertIn("Basic realm=", reply_headers.get("WWW-Authenticate", ""))
        auth = {"Authorization": basic("alice", "first-token")}
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
