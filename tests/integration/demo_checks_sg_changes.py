"""Demo expectations of the sg_changes collector (called by test_demo.py).

The seed (collectors/sg_changes/demo_seed.py) adds three ingress rules in moto (two in the hub's
demo-web-sg, one open to 0.0.0.0/0; one in the member's demo-db-sg) and gives the CloudTrail fake
their AuthorizeSecurityGroupIngress records plus a failed call. Each rule is one pending change
whose series carries the event's time; the failed call is skipped. Approving one change with the
demo's review token (the token file the exporter logs) removes its series at the next collection
and counts it approved, as a person would on the review page."""
import json
import re
import time

from demo_checks_inspector_coverage import seeded
from support import find_samples, http, parse_exposition

REGION = "eu-west-1"
SERIES = "awsgov_sg_ingress_change_pending_timestamp_seconds"


def _pending(samples):
    return {dict(labels)["event_id"]: (dict(labels), value)
            for (name, labels), value in samples.items() if name == SERIES}


def _counts(samples, state):
    """{(account, region): number of changes in `state`} of every target."""
    return {(dict(labels)["account_id"], dict(labels)["region"]): value
            for (name, labels), value in samples.items()
            if name == "awsgov_sg_ingress_changes" and dict(labels)["state"] == state}


def _wait(exporter, predicate, timeout=120):
    deadline = time.time() + timeout
    samples = {}
    while time.time() < deadline:
        samples = parse_exposition(exporter.get("/metrics").text)
        if predicate(samples):
            break
        time.sleep(0.5)
    return samples


def check(test, exporter):
    seed = seeded(exporter, "sg_changes")
    test.assertIsNotNone(seed, exporter.logs())
    applied = {event_id: change for event_id, change in seed.items() if change["rule_id"]}
    failed = set(seed) - set(applied)
    test.assertEqual((len(applied), len(failed)), (3, 1), seed)

    samples = _wait(exporter, lambda s: set(_pending(s)) == set(applied))
    pending = _pending(samples)
    test.assertEqual(set(pending), set(applied), exporter.logs()[-3000:])
    for event_id, change in applied.items():
        labels, value = pending[event_id]
        account = change["account_id"]
        test.assertEqual(value, float(change["event_time"]), event_id)
        test.assertEqual(
            {k: labels[k] for k in ("account_id", "region", "group_id", "actor", "protocol",
                                    "port_range", "source", "public", "direction")},
            {"account_id": account, "region": REGION, "group_id": change["group_id"],
             "actor": f"arn:aws:iam::{account}:user/alice", "protocol": "tcp",
             "port_range": str(change["port"]), "source": change["cidr"],
             "public": "true" if change["cidr"] == "0.0.0.0/0" else "false",
             "direction": "ingress"}, event_id)
    test.assertEqual(sum(1 for l, _ in pending.values() if l["public"] == "true"), 1)

    # Pending changes per account and region, as the seed made them; every other target none.
    expected = {}
    for change in applied.values():
        key = (change["account_id"], REGION)
        expected[key] = expected.get(key, 0) + 1
    counts = _counts(samples, "pending")
    test.assertEqual({k: v for k, v in counts.items() if v}, expected)
    test.assertEqual(len(counts), 6, counts)  # 3 accounts x 2 regions report

    # Approve the hub's private change through the review API, with the demo's token.
    token_file = re.search(r'msg="demo: seeded".*? review_token_file=(\S+)', exporter.logs())
    with open(token_file.group(1).strip('"')) as f:
        token = f.read().strip()
    auth = {"Authorization": f"Bearer {token}"}
    listed = http("GET", exporter.base + "/api/v1/sg_changes/changes?state=pending", auth)
    test.assertEqual(listed.status, 200, listed.text)
    ids = {c["id"].split("/")[0]: c["id"] for c in json.loads(listed.text)["changes"]}
    test.assertEqual(set(ids), set(applied))
    private = next(e for e, c in applied.items() if c["cidr"] == "10.0.0.0/8")
    answer = http("POST", exporter.base + "/api/v1/sg_changes/changes/approve",
                  {**auth, "Content-Type": "application/json"},
                  json.dumps({"id": ids[private]}).encode())
    test.assertEqual(answer.status, 200, answer.text)
    test.assertEqual(json.loads(answer.text)["change"]["state"], "approved")

    hub = applied[private]["account_id"]
    samples = _wait(exporter, lambda s: _counts(s, "approved").get((hub, REGION)) == 1)
    test.assertEqual(_counts(samples, "approved").get((hub, REGION)), 1.0)
    test.assertEqual(set(_pending(samples)), set(applied) - {private})
    test.assertEqual(_counts(samples, "pending").get((hub, REGION)), expected[(hub, REGION)] - 1)
