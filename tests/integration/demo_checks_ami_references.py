"""Demo expectations of the ami_references collector (called by test_demo.py).

The seed (collectors/ami_references/demo_seed.py) deregisters an image of the factory account
111111111111 that account 222222222222 still uses in an instance and a launch template. The ids
the old e-mail would have listed are computed here from moto itself (the workload's live
instances and launch templates whose image the factory no longer has), then compared with
awsgov_ami_dangling_reference_info and with the description AwsgovAmiReferencedAfterRemoval
renders over the scraped series (promtool test rules on rules/alerts.yaml)."""
import ast
import os
import re
import subprocess
import tempfile
import time

import boto3

from support import find_samples, parse_exposition

OWNER = "111111111111"
CONSUMER = "222222222222"
REGION = "eu-west-1"
ROLE = "awsgov-demo"  # DemoEnvironment::kRoleName
SOURCE_DIR = os.environ.get("AWSGOV_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", ".."))
# The alert as the bundle ships it (generated from rules/mixin.libsonnet).
RULE_FILE = os.path.join(SOURCE_DIR, "rules", "alerts.yaml")
ALERT = "AwsgovAmiReferencedAfterRemoval"


def _client(endpoint, service, account):
    sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="demo", aws_secret_access_key="demo")
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{ROLE}",
                            RoleSessionName="awsgov-demo-check")["Credentials"]
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id=creds["AccessKeyId"],
                        aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"])


def _old_email_ids(endpoint):
    """{image_id: (instance ids, launch template ids)} the old tool would have mailed about."""
    owner_images = {i["ImageId"] for i in _client(endpoint, "ec2", OWNER).describe_images(
        Owners=["self"])["Images"]}
    ec2 = _client(endpoint, "ec2", CONSUMER)
    used = {}
    for reservation in ec2.describe_instances()["Reservations"]:
        for instance in reservation["Instances"]:
            if instance["State"]["Name"] != "terminated":
                used.setdefault(instance["ImageId"], (set(), set()))[0].add(instance["InstanceId"])
    for version in ec2.describe_launch_template_versions(
            Versions=["$Default", "$Latest"])["LaunchTemplateVersions"]:
        image = version["LaunchTemplateData"].get("ImageId", "")
        used.setdefault(image, (set(), set()))[1].add(version["LaunchTemplateId"])
    # The factory's former images: used, not owned any more, not visible as someone else's.
    visible = {i["ImageId"] for i in ec2.describe_images(
        Filters=[{"Name": "image-id", "Values": sorted(used)}])["Images"]} if used else set()
    return {image: ids for image, ids in used.items()
            if image.startswith("ami-") and image not in owner_images and image not in visible}


def _rendered_description(test, samples):
    """The description of the removed-image alert over the scraped ami series."""
    lines = []
    for (name, labels), value in samples.items():
        if name in ("awsgov_ami_references", "awsgov_ami_dangling_reference_info"):
            label_text = ",".join(f'{k}="{v}"' for k, v in sorted(labels))
            lines.append(f"  - series: '{name}{{{label_text}}}'\n    values: {value:g}x20\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "demo_test.yml")
        with open(path, "w") as f:
            f.write(f"rule_files:\n- {RULE_FILE}\n"
                    "evaluation_interval: 1m\ntests:\n- interval: 1m\n  input_series:\n")
            f.write("".join(lines))
            # An expectation that cannot match: promtool then prints the alert it got.
            f.write(f"  alert_rule_test:\n  - eval_time: 15m\n    alertname: {ALERT}\n"
                    "    exp_alerts: []\n")
        result = subprocess.run(["promtool", "test", "rules", path], capture_output=True,
                                text=True, timeout=60)
    output = result.stdout + result.stderr
    match = re.search(r'description="([^"]*)"', output)
    test.assertIsNotNone(match, output)
    return match.group(1)


def check(test, exporter):
    # Targets start at jittered times: wait until both the consumer's target (references) and
    # the owner's target (its images) have reported.
    deadline = time.time() + 120
    dangling, images = {}, {}
    while time.time() < deadline and (len(dangling) < 2 or not images):
        samples = parse_exposition(exporter.get("/metrics").text)
        dangling = find_samples(samples, "awsgov_ami_dangling_reference_info",
                                owner_account_id=OWNER, consumer_account_id=CONSUMER,
                                region=REGION, image_status="deregistered")
        images = find_samples(samples, "awsgov_ami_images", owner_account_id=OWNER,
                              region=REGION)
        time.sleep(0.5)
    endpoint = "http://127.0.0.1:" + re.search(r"endpoint=http://127\.0\.0\.1:(\d+)",
                                               exporter.logs()).group(1)
    expected = _old_email_ids(endpoint)
    test.assertEqual(len(expected), 1, expected)
    image, (instances, templates) = next(iter(expected.items()))
    test.assertEqual((len(instances), len(templates)), (1, 1), expected)

    labels = [ast.literal_eval(k) for k in dangling]
    got = {(l["resource_type"], l["resource_id"], l["image_id"]) for l in labels}
    test.assertEqual(got, {("instance", i, image) for i in instances}
                     | {("launch_template", t, image) for t in templates})
    counts = find_samples(samples, "awsgov_ami_references", owner_account_id=OWNER,
                          consumer_account_id=CONSUMER, region=REGION)
    test.assertEqual(sum(v for k, v in counts.items() if "'deregistered'" in k), 2.0, counts)
    # The second image is still shared and in use: available, no dangling series.
    test.assertEqual(sum(v for k, v in counts.items() if "'available'" in k), 1.0, counts)
    test.assertEqual({ast.literal_eval(k)["state"]: v for k, v in images.items()},
                     {"available": 1.0})

    description = _rendered_description(test, samples)
    for instance in instances:
        test.assertIn(f"Still used in EC2 instances: [ {instance} ]", description)
    for template in templates:
        test.assertIn(f"Still used in launch templates: [ {template} (version 1) ]", description)
