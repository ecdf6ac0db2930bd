"""Demo expectations of the inspector_coverage collector (called by test_demo.py).

The seed (collectors/inspector_coverage/demo_seed.py) starts instances in moto in the hub and a
member account, excepts one stopped instance in the old exceptions table (moto) and one by tag,
and gives the Inspector fake the hub's coverage (EC2 scanning enabled; one instance ACTIVE, three
INACTIVE, one not listed) and finding counts, and the member's status (EC2 scanning disabled). Its instance ids are
read from the seed's summary in the demo's seed.log.
"""
import ast
import json
import re
import time

from support import find_samples, parse_exposition

HUB, MEMBER, REGION = "111111111111", "222222222222", "eu-west-1"


def seeded(exporter, collector):
    """One collector's part of the seed summary (the last JSON line of the demo's seed.log)."""
    match = re.search(r'msg="demo: seeded".*? log=(\S+)', exporter.logs())
    if match is None:
        return None
    with open(match.group(1).strip('"')) as f:
        lines = [line for line in f.read().splitlines() if line.startswith("{")]
    return json.loads(lines[-1])[collector]


def check(test, exporter):
    seed = seeded(exporter, "inspector_coverage")
    test.assertIsNotNone(seed, exporter.logs())
    hub, member = seed["hub"], seed["member"]
    # Uncovered instances: id -> (account, state, reason, excepted). demo-web is ACTIVE: covered.
    expected = {
        hub["unmanaged"]: (HUB, "running", "UNMANAGED_EC2_INSTANCE", "false"),
        hub["bastion"]: (HUB, "running", "NOT_LISTED", "true"),       # tag inspector-exception
        hub["batch"]: (HUB, "stopped", "EC2_INSTANCE_STOPPED", "true"),   # table DoNotStart
        hub["legacy"]: (HUB, "stopped", "EC2_INSTANCE_STOPPED", "false"),  # DoNotStop: none
        member["app"]: (MEMBER, "running", "EC2_SCANNING_DISABLED", "false"),
    }

    # Targets start at jittered times, so wait for every seeded instance.
    deadline = time.time() + 120
    found = {}
    while time.time() < deadline:
        samples = parse_exposition(exporter.get("/metrics").text)
        found = {}
        for (name, label_pairs), value in samples.items():
            labels = dict(label_pairs)
            if name == "awsgov_inspector_ec2_uncovered_instance_info" and (
                    labels["account_id"] == HUB or labels["instance_id"] in expected):
                found[labels["instance_id"]] = (labels, value)
        if set(found) == set(expected):
            break
        time.sleep(0.5)
    # Every uncovered instance of the hub is one of ours: demo-web is covered, so absent.
    test.assertEqual(set(found), set(expected), exporter.logs()[-3000:])
    test.assertNotIn(hub["web"], found)
    for instance_id, (account, state, reason, excepted) in expected.items():
        labels, value = found[instance_id]
        test.assertEqual(value, 1.0)
        test.assertEqual((labels["account_id"], labels["region"], labels["instance_state"],
                          labels["reason"], labels["excepted"]),
                         (account, REGION, state, reason, excepted), instance_id)

    # The hub's five instances by state and scan status, all of them from this seed.
    counts = {}
    for key, value in find_samples(samples, "awsgov_inspector_ec2_instances", account_id=HUB,
                                   region=REGION).items():
        labels = ast.literal_eval(key)
        counts[(labels["instance_state"], labels["scan_status"])] = value
    test.assertEqual(counts, {("running", "ACTIVE"): 1.0, ("running", "INACTIVE"): 1.0,
                              ("running", "not_covered"): 1.0, ("stopped", "INACTIVE"): 2.0})

    # The hub's findings: 12 in all, 1 critical, 3 high, 5 medium: 12 - 9 = 3 other. The member
    # has none.
    for account, expected_findings in (
            (HUB, {"critical": 1.0, "high": 3.0, "medium": 5.0, "other": 3.0}),
            (MEMBER, {"critical": 0.0, "high": 0.0, "medium": 0.0, "other": 0.0})):
        findings = find_samples(samples, "awsgov_inspector_findings", account_id=account,
                                region=REGION)
        test.assertEqual({ast.literal_eval(k)["severity"]: v for k, v in findings.items()},
                         expected_findings)

    # Scanning is enabled in the hub and disabled in the member.
    for account, status, value in ((HUB, "ENABLED", 1.0), (MEMBER, "DISABLED", 0.0)):
        enabled = find_samples(samples, "awsgov_inspector_ec2_scanning_enabled",
                               account_id=account, region=REGION)
        test.assertEqual({ast.literal_eval(k)["status"]: v for k, v in enabled.items()},
                         {status: value})
