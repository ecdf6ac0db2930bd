"""Demo expectations of the inspector_coverage collector (called by test_demo.py).

The seed (collectors/inspector_coverage/demo_seed.py) disables Inspector's EC2 scanning in every
demo account and region (moto has no ListCoverage), starts instances in the hub account and one
in a member account, and excepts one stopped instance in the old exceptions table and one by tag.
Its instance ids are read from the seed's summary in the demo's seed.log.
"""
import json
import re
import time

from support import find_samples, parse_exposition

HUB, MEMBER, REGION = "111111111111", "222222222222", "eu-west-1"


def _seeded(exporter):
    match = re.search(r'msg="demo: seeded".*?log=(\S+)', exporter.logs())
    if match is None:
        return None
    with open(match.group(1).strip('"')) as f:
        lines = [line for line in f.read().splitlines() if line.startswith("{")]
    return json.loads(lines[-1])["inspector_coverage"]


def check(test, exporter):
    seeded = _seeded(exporter)
    test.assertIsNotNone(seeded, exporter.logs())
    hub, member = seeded["hub"], seeded["member"]
    # instance id -> (account, state, excepted)
    expected = {
        hub["web"]: (HUB, "running", "false"),
        hub["batch"]: (HUB, "stopped", "true"),      # Inspector-Exceptions, DoNotStart
        hub["bastion"]: (HUB, "running", "true"),    # tag inspector-exception
        hub["legacy"]: (HUB, "stopped", "false"),    # DoNotStop is no exception by default
        member["app"]: (MEMBER, "running", "false"),
    }

    # Targets start at jittered times, so wait for every seeded instance.
    deadline = time.time() + 120
    found = {}
    while time.time() < deadline:
        samples = parse_exposition(exporter.get("/metrics").text)
        found = {}
        for key, value in samples.items():
            labels = dict(key[1])
            if key[0] == "awsgov_inspector_ec2_uncovered_instance_info" \
                    and labels["instance_id"] in expected:
                found[labels["instance_id"]] = (labels, value)
        if len(found) == len(expected):
            break
        time.sleep(0.5)
    test.assertEqual(set(found), set(expected), exporter.logs()[-3000:])
    for instance_id, (account, state, excepted) in expected.items():
        labels, value = found[instance_id]
        test.assertEqual(value, 1.0)
        test.assertEqual((labels["account_id"], labels["region"], labels["instance_state"],
                          labels["reason"], labels["excepted"]),
                         (account, REGION, state, "EC2_SCANNING_DISABLED", excepted), instance_id)

    # Scanning is disabled in both accounts, and the seeded instances are counted as not covered
    # (other collectors' seeds may add instances: at least ours).
    for account in (HUB, MEMBER):
        enabled = find_samples(samples, "awsgov_inspector_ec2_scanning_enabled",
                               account_id=account, region=REGION)
        test.assertEqual(len(enabled), 1, enabled)
        test.assertIn("'status': 'DISABLED'", next(iter(enabled)))
        test.assertEqual(list(enabled.values()), [0.0])
    running = find_samples(samples, "awsgov_inspector_ec2_instances", account_id=HUB,
                           region=REGION, instance_state="running", scan_status="not_covered")
    stopped = find_samples(samples, "awsgov_inspector_ec2_instances", account_id=HUB,
                           region=REGION, instance_state="stopped", scan_status="not_covered")
    test.assertGreaterEqual(sum(running.values()), 2, running)
    test.assertGreaterEqual(sum(stopped.values()), 2, stopped)
    test.assertEqual(find_samples(samples, "awsgov_inspector_ec2_instances", account_id=HUB,
                                  region=REGION, scan_status="ACTIVE"), {})
