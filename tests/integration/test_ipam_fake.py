"""The IPAM fake (tests/fakes/ipam_fake.py) read by a real boto3 ec2 client: every response must
parse under botocore's ec2 model into the scenario's values, pages must chain, and EC2's errors
must come back as EC2 error codes."""

import json
import os
import subprocess
import unittest
import urllib.request

from botocore.exceptions import ClientError

from fake_test_support import fake_client, fake_process

import ipam_fake  # tests/fakes, on sys.path through fake_test_support

IPAM_ARN = "arn:aws:ec2::111111111111:ipam/ipam-0a1"


def ec2_client(endpoint, region="eu-west-1"):
    # The SDK's own range check off, so that out-of-range values reach the fake.
    return fake_client("ec2", endpoint, region, validate=False)


class IpamFakeParsedByBotocoreTest(unittest.TestCase):
    def setUp(self):
        self.fake = ipam_fake.IpamFake().start()  # the built-in scenario, 2 items per page
        self.ec2 = ec2_client(self.fake.endpoint)

    def tearDown(self):
        self.fake.stop()

    def all_items(self, operation, key, **kwargs):
        pages = self.ec2.get_paginator(operation).paginate(
            **kwargs, PaginationConfig={"PageSize": 1000})
        return [item for page in pages for item in page[key]]

    def test_describe_ipams_sees_only_the_signed_region(self):
        ipams = self.ec2.describe_ipams(MaxResults=1000)["Ipams"]
        self.assertEqual([i["IpamId"] for i in ipams], ["ipam-0a1"])
        self.assertEqual(ipams[0]["IpamArn"], IPAM_ARN)
        self.assertEqual(ipams[0]["ScopeCount"], 3)
        self.assertEqual(ipams[0]["PrivateDefaultScopeId"], "ipam-scope-0priv")
        east = ec2_client(self.fake.endpoint, "us-east-1")
        self.assertEqual([i["IpamId"] for i in east.describe_ipams()["Ipams"]], ["ipam-0b2"])
        self.assertEqual([s["IpamScopeId"] for s in east.describe_ipam_scopes()["IpamScopes"]],
                         ["ipam-scope-0east"])

    def test_scopes_parse_with_types_and_booleans(self):
        scopes = self.all_items("describe_ipam_scopes", "IpamScopes")
        self.assertEqual([(s["IpamScopeId"], s["IpamScopeType"], s["IsDefault"]) for s in scopes],
                         [("ipam-scope-0priv", "private", True),
                          ("ipam-scope-0priv2", "private", False),
                          ("ipam-scope-0pub", "public", True)])
        self.assertEqual(scopes[0]["PoolCount"], 2)

    def test_resource_cidrs_paginate_and_keep_missing_ip_usage_missing(self):
        cidrs = self.all_items("get_ipam_resource_cidrs", "IpamResourceCidrs",
                               IpamScopeId="ipam-scope-0priv", ResourceType="vpc")
        self.assertEqual([(c["ResourceId"], c["ResourceCidr"], c.get("IpUsage")) for c in cidrs],
                         [("vpc-0aaa", "10.0.0.0/16", 0.8125), ("vpc-0aaa", "100.64.0.0/24", 0.25),
                          ("vpc-0bbb", "10.1.0.0/16", 0.0), ("vpc-0new", "10.2.0.0/16", None)])
        self.assertNotIn("IpUsage", cidrs[3])
        self.assertEqual(cidrs[2]["ResourceOwnerId"], "333333333333")
        self.assertEqual(cidrs[2]["ResourceRegion"], "eu-central-1")
        self.assertEqual(cidrs[2]["ManagementState"], "unmanaged")
        # Four items at two per page: two requests, the second with the first's token.
        calls = [r for r in self.fake.requests if r["Action"] == "GetIpamResourceCidrs"]
        self.assertEqual(len(calls), 2)
        self.assertNotIn("NextToken", calls[0])
        self.assertEqual(calls[1]["NextToken"], "GetIpamResourceCidrs:2")
        subnets = self.all_items("get_ipam_resource_cidrs", "IpamResourceCidrs",
                                 IpamScopeId="ipam-scope-0priv", ResourceType="subnet")
        self.assertEqual([(c["ResourceId"], c["IpUsage"], c["AvailabilityZoneId"]) for c in subnets],
                         [("subnet-0a1", 0.9375, "euw1-az1")])

    def test_pools_their_cidrs_and_allocations(self):
        pools = self.all_items("describe_ipam_pools", "IpamPools")
        self.assertEqual([(p["IpamPoolId"], p["AddressFamily"], p["Locale"]) for p in pools],
                         [("ipam-pool-0v4", "ipv4", "eu-west-1"), ("ipam-pool-0v6", "ipv6", "None")])
        cidrs = self.all_items("get_ipam_pool_cidrs", "IpamPoolCidrs", IpamPoolId="ipam-pool-0v4")
        self.assertEqual([(c["Cidr"], c["State"], c["NetmaskLength"]) for c in cidrs],
                         [("10.0.0.0/16", "provisioned", 16), ("10.1.0.0/17", "provisioned", 17),
                          ("10.9.0.0/16", "pending-provision", 16)])
        allocations = self.all_items("get_ipam_pool_allocations", "IpamPoolAllocations",
                                     IpamPoolId="ipam-pool-0v4")
        self.assertEqual([a["Cidr"] for a in allocations],
                         ["10.0.0.0/18", "10.0.64.0/20", "10.1.0.0/20"])
        self.assertEqual(allocations[1]["Description"], "reserved")

    def test_max_results_outside_the_models_range_is_an_ec2_error(self):
        # The old Lambda asked for 10000; EC2 allows 5..1000 (1000..100000 for allocations).
        with self.assertRaises(ClientError) as caught:
            self.ec2.get_ipam_resource_cidrs(IpamScopeId="ipam-scope-0priv", MaxResults=10000)
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidParameterValue")
        with self.assertRaises(ClientError):
            self.ec2.get_ipam_pool_allocations(IpamPoolId="ipam-pool-0v4", MaxResults=999)

    def test_unknown_ids_are_ec2_not_found_errors(self):
        with self.assertRaises(ClientError) as caught:
            self.ec2.get_ipam_resource_cidrs(IpamScopeId="ipam-scope-0east")  # another region's
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidIpamScopeId.NotFound")
        with self.assertRaises(ClientError) as caught:
            self.ec2.get_ipam_pool_cidrs(IpamPoolId="ipam-pool-nope")
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidIpamPoolId.NotFound")

    def test_scenario_with_a_member_the_model_lacks_is_refused(self):
        with self.assertRaises(ValueError):
            ipam_fake.IpamFake({"ipams": [{"IpamId": "ipam-1", "Usage": 3}]})


class IpamFakeProcessTest(unittest.TestCase):
    def test_runs_as_a_process_with_a_scenario_file(self):
        scenario = {"ipams": [{"IpamId": "ipam-9", "IpamArn": "arn:aws:ec2::1:ipam/ipam-9",
                               "IpamRegion": "eu-west-2"}],
                    "scopes": [{"IpamScopeId": f"ipam-scope-{i}", "IpamScopeType": "private",
                                "IpamArn": "arn:aws:ec2::1:ipam/ipam-9"} for i in range(7)]}
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"ipam-scenario-{os.getpid()}.json")
        with open(path, "w") as f:
            json.dump(scenario, f)
        process = fake_process("ipam_fake.py", "--scenario", path, "--page-size", "5",
                               stderr=subprocess.DEVNULL)
        try:
            endpoint = process.endpoint
            ec2 = ec2_client(endpoint, "eu-west-2")
            pages = list(ec2.get_paginator("describe_ipam_scopes").paginate(
                PaginationConfig={"PageSize": 1000}))
            self.assertEqual([len(p["IpamScopes"]) for p in pages], [5, 2])
            with urllib.request.urlopen(endpoint + "/_fake/requests") as response:
                log = json.load(response)
            self.assertEqual([r.get("NextToken") for r in log],
                             [None, "DescribeIpamScopes:5"])
            self.assertEqual({r["region"] for r in log}, {"eu-west-2"})
            self.assertEqual({r["MaxResults"] for r in log}, {"1000"})
        finally:
            process.stop()
            os.remove(path)


if __name__ == "__main__":
    unittest.main()
