"""The fake AWS of tests/fakes/fault_server.py (aws mode) read by real boto3 clients: AssumeRole
and EC2 DescribeVpcs/DescribeSubnets must parse under botocore's models into the documented
churning resources, and the injected errors must come back as the AWS error codes they mimic."""

import unittest

import botocore.config
from botocore.exceptions import ClientError

from fake_test_support import fake_client

import fault_server  # tests/fakes, on sys.path through fake_test_support

ACCOUNT = "111111111111"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/awsgov-exporter"
NO_RETRIES = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"},
                                    read_timeout=5, connect_timeout=5)


class FaultServerAwsModeTest(unittest.TestCase):
    """One fake for the class; each test uses its own account (counters are per account) and
    clears the faults when it ends."""

    @classmethod
    def setUpClass(cls):
        cls.fake = fault_server.FakeAwsProcess()

    @classmethod
    def tearDownClass(cls):
        cls.fake.stop()

    def tearDown(self):
        self.fake.set_faults({})

    def client(self, service, creds=None):
        creds = creds or {"AccessKeyId": "AKIDBASE", "SecretAccessKey": "base-secret",
                          "SessionToken": None}
        return fake_client(service, self.fake.endpoint, credentials=creds, config=NO_RETRIES)

    def assume(self, account=ACCOUNT):
        out = self.client("sts").assume_role(RoleArn=f"arn:aws:iam::{account}:role/awsgov-exporter",
                                             RoleSessionName="awsgov-exporter",
                                             DurationSeconds=900)
        return out["Credentials"]

    def error_code(self, call):
        with self.assertRaises(ClientError) as caught:
            call()
        return caught.exception.response["Error"]["Code"]

    def test_assume_role_then_churning_vpcs_and_subnets(self):
        creds = self.assume()
        self.assertTrue(creds["AccessKeyId"].startswith(f"ASIAFAKE{ACCOUNT}S"))
        self.assertEqual(creds["SessionToken"], "fake-token-" + creds["AccessKeyId"])
        ec2 = self.client("ec2", creds)

        vpcs1 = ec2.describe_vpcs()["Vpcs"]
        subnets1 = ec2.describe_subnets()["Subnets"]
        self.assertEqual([v["VpcId"] for v in vpcs1],
                         ["vpc-0a000000000000001", "vpc-0c000000000000001"])
        self.assertEqual(vpcs1[0]["CidrBlockAssociationSet"][0]["CidrBlockState"]["State"],
                         "associated")
        self.assertEqual(vpcs1[0]["OwnerId"], ACCOUNT)
        self.assertEqual([(s["SubnetId"], s["VpcId"], s["CidrBlock"], s["AvailableIpAddressCount"])
                          for s in subnets1],
                         [("subnet-0a000000000000001", "vpc-0a000000000000001", "10.0.0.0/24", 250),
                          ("subnet-0a000000000000002", "vpc-0a000000000000001", "10.0.1.0/24", 251),
                          ("subnet-0c000000000000002", "vpc-0a000000000000001", "10.0.2.0/24", 200),
                          ("subnet-0c000000000000003", "vpc-0c000000000000001", "10.1.0.0/24", 100)])

        ec2.describe_vpcs()  # the next generation: churning ids change, stable ones stay
        subnets2 = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]]
        self.assertEqual(subnets2, ["subnet-0a000000000000001", "subnet-0a000000000000002",
                                    "subnet-0c000000000000004", "subnet-0c000000000000005"])
        stats = self.fake.stats()
        self.assertEqual(stats["calls"][f"{ACCOUNT}/eu-west-1/DescribeVpcs"], 2)
        self.assertEqual(stats["generation"][f"{ACCOUNT}/eu-west-1"], 2)
        self.assertEqual(stats["assume_roles"][ACCOUNT], 1)

    def test_injected_errors_parse_as_aws_error_codes(self):
        account = "333333333333"
        ec2 = self.client("ec2", self.assume(account))
        self.fake.set_faults({account: "throttle"})
        self.assertEqual(self.error_code(ec2.describe_vpcs), "RequestLimitExceeded")
        self.fake.set_faults({account: "server_error"})
        self.assertEqual(self.error_code(ec2.describe_subnets), "Unavailable")
        self.fake.set_faults({account: "assume_denied"})
        self.assertEqual(self.error_code(lambda: self.assume(account)), "AccessDenied")
        self.fake.set_faults({"222222222222": "throttle"})  # another account's fault
        self.assertEqual(len(ec2.describe_vpcs()["Vpcs"]), 2)

    def test_expired_token_rejects_old_sessions_only(self):
        account = "444444444444"
        old = self.client("ec2", self.assume(account))
        self.fake.set_faults({account: "expired_token"})
        self.assertEqual(self.error_code(old.describe_vpcs), "ExpiredToken")
        fresh = self.client("ec2", self.assume(account))
        self.assertEqual(len(fresh.describe_vpcs()["Vpcs"]), 2)

    def test_unknown_session_is_auth_failure_and_unknown_fault_is_refused(self):
        ec2 = self.client("ec2")
        self.assertEqual(self.error_code(ec2.describe_vpcs), "AuthFailure")
        with self.assertRaises(Exception):
            self.fake.set_faults({ACCOUNT: "gremlins"})
        self.assertEqual(self.fake.stats()["faults"], {})  # the refused set changed nothing

    def test_body_faults_fail_botocore_too(self):
        account = "555555555555"
        ec2 = self.client("ec2", self.assume(account))
        for fault in ("malformed", "truncate", "reset"):
            with self.subTest(fault=fault):
                self.fake.set_faults({account: fault})
                with self.assertRaises(Exception):
                    ec2.describe_vpcs()
        # botocore reads a proxy's HTML page as an empty answer (the exporter refuses it: the
        # root element is not <DescribeVpcsResponse>); either way there are no VPCs in it.
        self.fake.set_faults({account: "wrong_content_type"})
        self.assertNotIn("Vpcs", ec2.describe_vpcs())


if __name__ == "__main__":
    unittest.main()
