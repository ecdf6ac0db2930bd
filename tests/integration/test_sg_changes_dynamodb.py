"""sg_changes with its review state in DynamoDB (moto), shared by two exporter processes: both read
the same CloudTrail events (the LookupEvents fake) and store each change once; decisions fired at
the same moment through both review APIs on the same change leave exactly one decision (one
reply 200, the other 409 naming the winner's state), decisions on different changes all land,
and both processes then report the same states in the API and in /metrics."""
import base64
import http.client
import json
import threading
import time
import unittest

from sg_changes_support import ACCOUNT, REGION, SgChangesTestCase
from support import client_in_account, parse_exposition

TABLE_ACCOUNT = "111111111111"
TABLE = "awsgov-sg-changes"
EVENTS = ["ev-1", "ev-2", "ev-3", "ev-4", "ev-5", "ev-6"]


def table_client(moto_endpoint):
    """DynamoDB in the table's account, through the role the exporter assumes there."""
    return client_in_account("dynamodb", moto_endpoint, TABLE_ACCOUNT, REGION)


def create_table(moto_endpoint):
    """The table as docs/configuration.md tells to create it."""
    client = table_client(moto_endpoint)
    client.create_table(TableName=TABLE,
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        BillingMode="PAY_PER_REQUEST")
    client.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires_at"})


class SgChangesDynamoDbTest(SgChangesTestCase):
    def setUp(self):
        super().setUp()
        self.start_moto(atomic=True)
        create_table(self.moto.endpoint)
        # No pacing check in the fake: two exporters share its per-account budget here.
        self.start_cloudtrail_fake([(event, "sg-0web", "10.0.0.0/8", 1000 + i, 30 - i)
                                    for i, event in enumerate(EVENTS)], min_interval=0)
        config = self.write_config(
            {"state_store": "dynamodb",
             "dynamodb": {"table": TABLE, "account_id": TABLE_ACCOUNT, "region": REGION},
             "review_token_file": self.write_file("review.token", "review-token\n")},
            disabled=("ipam", "inspector_coverage", "tgw_shares", "ami_references"))
        self.exporters = [self.start_exporter(config) for _ in range(2)]

    def logs(self):
        return "\n".join(e.logs() for e in self.exporters)

    @staticmethod
    def request(exporter, method, path, user, body=None):
        auth = base64.b64encode(f"{user}:review-token".encode()).decode()
        headers = {"Authorization": f"Basic {auth}", "Content-Type": "application/json"}
        connection = http.client.HTTPConnection("127.0.0.1", exporter.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read().decode())
        finally:
            connection.close()

    def states(self, exporter):
        status, body = self.request(exporter, "GET", "/api/v1/sg_changes/changes", "auditor")
        self.assertEqual(status, 200, body)
        return {c["event_id"]: (c["state"], c["decided_by"]) for c in body["changes"]}

    def metrics(self, exporter):
        samples = parse_exposition(exporter.get("/metrics").text)
        counts = {dict(k[1])["state"]: v for k, v in samples.items()
                  if k[0] == "awsgov_sg_ingress_changes" and dict(k[1])["account_id"] == ACCOUNT
                  and dict(k[1])["region"] == REGION}
        pending = sorted(dict(k[1])["event_id"] for k in samples
                         if k[0] == "awsgov_sg_ingress_change_pending_timestamp_seconds")
        return counts, pending

    def wait_for_metrics(self, expected_counts, expected_pending, timeout=40):
        deadline = time.time() + timeout
        seen = None
        while time.time() < deadline:
            seen = [self.metrics(e) for e in self.exporters]
            if all(m == (expected_counts, expected_pending) for m in seen):
                return
            time.sleep(0.5)
        self.fail(f"metrics never became {expected_counts} {expected_pending}: {seen}\n"
                  + self.logs())

    def test_two_processes_share_one_state_and_one_decision_per_change(self):
        all_pending = {"pending": 6, "approved": 0, "denied": 0, "reverted": 0,
                       "revert_failed": 0}
        self.wait_for_metrics(all_pending, EVENTS)
        # Both read every event; the table holds each change once.
        items = table_client(self.moto.endpoint).scan(TableName=TABLE)["Items"]
        change_ids = sorted(i["id"]["S"] for i in items if i["pk"]["S"].startswith("change#"))
        self.assertEqual(change_ids, [f"{e}/0" for e in EVENTS])

        a, b = self.exporters
        # (exporter, user, decision, change): fired together, behind one barrier.
        plan = [
            (a, "alice", "approve", "ev-1"), (b, "bob", "deny", "ev-1"),    # conflict
            (a, "alice", "deny", "ev-2"), (b, "bob", "approve", "ev-2"),    # conflict
            (a, "alice", "deny", "ev-3"), (b, "bob", "deny", "ev-3"),       # same decision
            (a, "alice", "approve", "ev-4"), (b, "bob", "deny", "ev-5"),    # different changes
        ]
        barrier = threading.Barrier(len(plan))
        replies = [None] * len(plan)

        def fire(index, exporter, user, decision, event):
            barrier.wait()
            replies[index] = self.request(exporter, "POST",
                                          f"/api/v1/sg_changes/changes/{decision}", user,
                                          json.dumps({"id": f"{event}/0"}))

        threads = [threading.Thread(target=fire, args=(i, *step)) for i, step in enumerate(plan)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        decided = {"approve": "approved", "deny": "denied"}
        expected = {}
        for event in ["ev-1", "ev-2", "ev-3"]:
            steps = [(plan[i], replies[i]) for i in range(len(plan)) if plan[i][3] == event]
            codes = sorted(reply[0] for _, reply in steps)
            self.assertEqual(codes, [200, 409], f"{event}: {steps}")
            (winner, win_reply), = [(s, r) for s, r in steps if r[0] == 200]
            (loser, lose_reply), = [(s, r) for s, r in steps if r[0] == 409]
            won = (decided[winner[2]], winner[1])
            expected[event] = won
            # The loser is told who won: the change as it is now.
            self.assertEqual((lose_reply[1]["change"]["state"],
                              lose_reply[1]["change"]["decided_by"]), won)
            self.assertIn(f"is already {won[0]}", lose_reply[1]["message"])
            self.assertEqual((win_reply[1]["change"]["state"],
                              win_reply[1]["change"]["decided_by"]), won)
        for index in (6, 7):
            self.assertEqual(replies[index][0], 200, replies[index])
        expected["ev-4"] = ("approved", "alice")
        expected["ev-5"] = ("denied", "bob")
        expected["ev-6"] = ("pending", "")

        # Both APIs read the same state at once; /metrics follows at the next collection.
        for exporter in self.exporters:
            self.assertEqual(self.states(exporter), expected)
        approved = sum(1 for s, _ in expected.values() if s == "approved")
        denied = sum(1 for s, _ in expected.values() if s == "denied")
        self.wait_for_metrics({"pending": 1, "approved": approved, "denied": denied,
                               "reverted": 0, "revert_failed": 0}, ["ev-6"])
        self.assertIn("ev-6", [e for e, (s, _) in expected.items() if s == "pending"])
        self.assertNotIn("review-token", self.logs())


if __name__ == "__main__":
    unittest.main()
