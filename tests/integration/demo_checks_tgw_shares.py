"""Demo expectations of the tgw_shares collector (called by test_demo.py), from the data
collectors/tgw_shares/demo_seed.py put in the demo's moto_server (gateway, attachments, inventory
table) and in the RAM fake (the share: the second account accepted, the third's invitation is
pending): the hub's gateway and VPC ids, which moto makes up, are read back from moto itself by
their Name tags."""
import re
import time

import boto3

from support import parse_exposition

HUB, WORKLOAD_A, WORKLOAD_B = "111111111111", "222222222222", "333333333333"
REGION = "eu-west-1"
GONE = "tgw-0decommissioned00"


def _hub_ec2(exporter):
    match = re.search(r"endpoint=(http://127\.0\.0\.1:\d+)", exporter.logs())
    endpoint = match.group(1)
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION,
                       aws_access_key_id="demo", aws_secret_access_key="demo")
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{HUB}:role/awsgov-demo",
                            RoleSessionName="demo-check")["Credentials"]
    return boto3.client("ec2", endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id=creds["AccessKeyId"],
                        aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"])


def _seeded_ids(exporter):
    ec2 = _hub_ec2(exporter)
    tgws = [t["TransitGatewayId"] for t in ec2.describe_transit_gateways()["TransitGateways"]
            if t.get("Description") == "demo-hub-tgw"]
    vpcs = {}
    for vpc in ec2.describe_vpcs(Filters=[{"Name": "tag:Name",
                                           "Values": ["demo-tgw-hub", "demo-tgw-rogue"]}])["Vpcs"]:
        name = next(t["Value"] for t in vpc["Tags"] if t["Key"] == "Name")
        vpcs[name] = vpc["VpcId"]
    return tgws, vpcs


def _series(samples, name):
    """{tuple of label values in `keys` order: value} of one metric in the hub's region."""
    return {labels: value for (metric, labels), value in samples.items()
            if metric == name and dict(labels).get("account_id") == HUB
            and dict(labels).get("region") == REGION}


def _by(series, *keys):
    return {tuple(dict(labels).get(k, "") for k in keys): value
            for labels, value in series.items()}


def check(test, exporter):
    tgws, vpcs = _seeded_ids(exporter)
    test.assertEqual(len(tgws), 1, tgws)
    tgw = tgws[0]
    # Both workload accounts are principals of demo-tgw-share and neither attached; the second
    # workload has not accepted the invitation.
    expected_principals = {(tgw, WORKLOAD_A, "ASSOCIATED"): 0.0,
                           (tgw, WORKLOAD_B, "ASSOCIATING"): 0.0}
    # Targets start at jittered times: wait for the hub's eu-west-1 run.
    deadline = time.time() + 120
    principals = {}
    while time.time() < deadline:
        samples = parse_exposition(exporter.get("/metrics").text)
        principals = _by(_series(samples, "awsgov_tgw_share_principal_attached"),
                         "transit_gateway_id", "principal_id", "association_status")
        if principals == expected_principals:
            break
        time.sleep(0.5)
    test.assertEqual(principals, expected_principals)
    shares = {dict(labels)["resource_share_arn"] for (metric, labels) in samples
              if metric == "awsgov_tgw_share_principal_attached"}
    test.assertEqual(len(shares), 1, shares)
    test.assertRegex(shares.pop(), rf"^arn:aws:ram:{REGION}:{HUB}:resource-share/")

    attachments = _by(_series(samples, "awsgov_tgw_attachments"),
                      "transit_gateway_id", "resource_owner_id", "resource_type", "state")
    test.assertEqual(attachments, {(tgw, HUB, "vpc", "available"): 2.0})

    mismatches = _by(_series(samples, "awsgov_tgw_inventory_mismatch"),
                     "transit_gateway_id", "kind", "vpc_id", "principal_id")
    test.assertEqual(mismatches, {
        (tgw, "missing_attachment", "vpc-0demo0000000222", WORKLOAD_A): 1.0,
        (tgw, "missing_attachment", "vpc-0demo0000000444", "444444444444"): 1.0,
        (tgw, "missing_share", "", "444444444444"): 1.0,
        (tgw, "unexpected_attachment", vpcs["demo-tgw-rogue"], HUB): 1.0,
        (GONE, "missing_attachment", "vpc-0demo0000000777", WORKLOAD_A): 1.0,
        (GONE, "missing_share", "", WORKLOAD_A): 1.0,
    })
    test.assertIn("demo-tgw-hub", vpcs)  # attached and in the inventory: no mismatch

    # No other account or region reports anything of this collector.
    others = [k for k in samples if k[0].startswith("awsgov_tgw_")
              and (dict(k[1]).get("account_id"), dict(k[1]).get("region")) != (HUB, REGION)]
    test.assertEqual(others, [])
