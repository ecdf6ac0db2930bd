"""The collection benchmark's fake AWS (bench/collect/fake_aws.py) read by real boto3 clients:
every call the benchmarked collectors make must parse under botocore's models into the estate the
fake describes, in the asking account; throttled answers must come back as each protocol's
throttling error code, which the SDKs (and the exporter) retry; and the fake must count calls."""

import json
import os
import subprocess
import sys
import unittest
import urllib.request

import boto3
import botocore.config
from botocore.exceptions import ClientError

SOURCE = os.environ.get("AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
FAKE = os.path.join(SOURCE, "bench", "collect", "fake_aws.py")
OWNER = "100000000000"
NO_RETRY = botocore.config.Config(retries={"total_max_attempts": 1})


class Fake:
    def __init__(self, throttle):
        self.proc = subprocess.Popen([sys.executable, FAKE, "--owner", OWNER, "--latency-ms", "0",
                                      "--throttle", str(throttle)], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("listening port="), line
        self.endpoint = f"http://127.0.0.1:{int(line.split('=')[1])}"

    def stats(self):
        with urllib.request.urlopen(self.endpoint + "/_fake/stats") as r:
            return json.loads(r.read())

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


def session_for(endpoint, account):
    sts = boto3.client("sts", region_name="eu-west-1", endpoint_url=endpoint, config=NO_RETRY,
                       aws_access_key_id="AKIDBASE", aws_secret_access_key="base-secret")
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/awsgov-bench",
                            RoleSessionName="test")["Credentials"]
    return boto3.Session(aws_access_key_id=creds["AccessKeyId"],
                         aws_secret_access_key=creds["SecretAccessKey"],
                         aws_session_token=creds["SessionToken"], region_name="us-east-1")


class EstateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fake = Fake(throttle=0)

    @classmethod
    def tearDownClass(cls):
        cls.fake.stop()

    def client(self, session, service):
        return session.client(service, endpoint_url=self.fake.endpoint, config=NO_RETRY)

    def test_consumer_account_sees_its_own_estate(self):
        account = "100000000042"
        session = session_for(self.fake.endpoint, account)
        ec2 = self.client(session, "ec2")
        vpcs = ec2.describe_vpcs()["Vpcs"]
        self.assertEqual([v["CidrBlock"] for v in vpcs], ["10.0.0.0/16", "10.1.0.0/16"])
        self.assertEqual({v["OwnerId"] for v in vpcs}, {account})
        subnets = ec2.describe_subnets()["Subnets"]
        self.assertEqual(len(subnets), 6)
        self.assertEqual(subnets[1]["AvailableIpAddressCount"], 150)
        self.assertEqual(ec2.describe_transit_gateways()["TransitGateways"], [])
        reservations = ec2.describe_instances()["Reservations"]
        self.assertEqual([r["OwnerId"] for r in reservations], [account] * 3)
        self.assertEqual([r["Instances"][0]["ImageId"] for r in reservations],
                         ["ami-0aaaaaaaaaaaaaaa1"] * 2 + ["ami-0bbbbbbbbbbbbbbb1"])
        versions = ec2.describe_launch_template_versions(
            Versions=["$Default", "$Latest"])["LaunchTemplateVersions"]
        # Version 1 is both default and latest: listed once per name, as AWS does.
        self.assertEqual([v["LaunchTemplateData"]["ImageId"] for v in versions],
                         ["ami-0aaaaaaaaaaaaaaa1"] * 2)
        # The owner's shared (public) image is visible; its private one is not.
        self.assertEqual([i["ImageId"] for i in ec2.describe_images()["Images"]],
                         ["ami-0aaaaaaaaaaaaaaa1"])
        self.assertEqual(self.client(session, "autoscaling").describe_launch_configurations()[
            "LaunchConfigurations"], [])
        inspector = self.client(session, "inspector2")
        covered = inspector.list_coverage(filterCriteria={
            "accountId": [{"comparison": "EQUALS", "value": account}]})["coveredResources"]
        self.assertEqual([(c["accountId"], c["resourceId"]) for c in covered],
                         [(account, "i-00000000000000001"), (account, "i-00000000000000002")])
        status = inspector.batch_get_account_status(accountIds=[account])["accounts"]
        self.assertEqual((status[0]["accountId"], status[0]["resourceState"]["ec2"]["status"]),
                         (account, "ENABLED"))

    def test_delegated_administrator_answers_for_a_batch_of_accounts(self):
        # The benchmark's config makes the owner Inspector's delegated administrator: it asks for
        # up to 100 accounts per BatchGetAccountStatus and for each account's coverage.
        inspector = self.client(session_for(self.fake.endpoint, OWNER), "inspector2")
        batch = [str(100000000000 + n) for n in range(100)]
        answer = inspector.batch_get_account_status(accountIds=batch)
        self.assertEqual([a["accountId"] for a in answer["accounts"]], batch)
        self.assertEqual({a["resourceState"]["ec2"]["status"] for a in answer["accounts"]},
                         {"ENABLED"})
        self.assertEqual(answer["failedAccounts"], [])
        with self.assertRaises(ClientError) as refused:  # the model's AccountIdSet max is 100
            inspector.batch_get_account_status(accountIds=batch + ["100000000100"])
        self.assertEqual(refused.exception.response["Error"]["Code"], "ValidationException")
        covered = inspector.list_coverage(filterCriteria={
            "accountId": [{"comparison": "EQUALS", "value": "100000000042"}]})["coveredResources"]
        self.assertEqual({c["accountId"] for c in covered}, {"100000000042"})

    def test_owner_account_lists_its_images(self):
        ec2 = self.client(session_for(self.fake.endpoint, OWNER), "ec2")
        images = ec2.describe_images(Owners=["self"])["Images"]
        self.assertEqual([(i["ImageId"], i["OwnerId"], i["Public"]) for i in images],
                         [("ami-0aaaaaaaaaaaaaaa1", OWNER, True), ("ami-0aaaaaaaaaaaaaaa2", OWNER, False)])
        self.assertEqual(ec2.describe_ipams()["Ipams"], [])

    def test_calls_are_counted_by_operation(self):
        before = self.fake.stats()["calls"]
        ec2 = self.client(session_for(self.fake.endpoint, "100000000007"), "ec2")
        ec2.describe_vpcs()
        ec2.describe_vpcs()
        after = self.fake.stats()["calls"]
        self.assertEqual(after["ec2:DescribeVpcs"] - before.get("ec2:DescribeVpcs", 0), 2)
        self.assertEqual(after["sts:AssumeRole"] - before.get("sts:AssumeRole", 0), 1)


class ThrottlingTest(unittest.TestCase):
    def test_every_protocol_answers_with_its_throttling_code(self):
        fake = Fake(throttle=1.0)
        try:
            base = dict(endpoint_url=fake.endpoint, config=NO_RETRY, region_name="eu-west-1",
                        aws_access_key_id="AKIDFAKE100000000001", aws_secret_access_key="x")
            cases = [
                (lambda: boto3.client("ec2", **base).describe_vpcs(), "RequestLimitExceeded", 503),
                (lambda: boto3.client("sts", **base).assume_role(
                    RoleArn=f"arn:aws:iam::{OWNER}:role/r", RoleSessionName="test"), "Throttling", 400),
                (lambda: boto3.client("autoscaling", **base).describe_launch_configurations(),
                 "Throttling", 400),
                (lambda: boto3.client("inspector2", **base).list_coverage(),
                 "ThrottlingException", 429),
            ]
            for call, code, status in cases:
                with self.subTest(code=code, status=status):
                    with self.assertRaises(ClientError) as caught:
                        call()
                    self.assertEqual(caught.exception.response["Error"]["Code"], code)
                    self.assertEqual(
                        caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
            self.assertEqual(sum(fake.stats()["throttled"].values()), 4)
        finally:
            fake.stop()


if __name__ == "__main__":
    unittest.main()
