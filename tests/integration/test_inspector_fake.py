"""The Inspector fake (tests/fakes/inspector_fake.py) read by a real boto3 inspector2 client: its
responses must parse under botocore's model into the data's values, pages must chain, filters
must select, and bad requests must come back as the service's errors."""

import datetime
import json
import os
import subprocess
import tempfile
import time
import unittest
import urllib.request

from botocore.exceptions import ClientError

from fake_test_support import fake_client, fake_process

import inspector_fake  # tests/fakes, on sys.path through fake_test_support

ACCOUNT_A = "111111111111"
ACCOUNT_B = "222222222222"
SCANNED_AT = 1767225600  # 2026-01-01T00:00:00Z


def covered(account, instance, status="ACTIVE", reason="SUCCESSFUL", **extra):
    item = {"resourceType": "AWS_EC2_INSTANCE", "resourceId": instance, "accountId": account,
            "scanType": "PACKAGE", "scanStatus": {"statusCode": status, "reason": reason}}
    item.update(extra)
    return item


def account_state(account, ec2_status):
    state = {"status": ec2_status, "errorCode": "ALREADY_ENABLED", "errorMessage": "-"}
    return {"accountId": account, "state": state,
            "resourceState": {"ec2": state, "ecr": {"status": "DISABLED",
                                                    "errorCode": "ALREADY_ENABLED",
                                                    "errorMessage": "-"}}}


DATA = {
    "page_size": 2,
    "regions": {
        "eu-west-1": {
            "coverage": [
                covered(ACCOUNT_A, "i-0000000000000000a", lastScannedAt=SCANNED_AT,
                        scanMode="EC2_SSM_AGENT_BASED",
                        resourceMetadata={"ec2": {"platform": "LINUX", "amiId": "ami-12345678",
                                                  "tags": {"Name": "web"}}}),
                covered(ACCOUNT_A, "i-0000000000000000b", "INACTIVE", "EC2_INSTANCE_STOPPED"),
                covered(ACCOUNT_A, "i-0000000000000000c", "INACTIVE", "UNMANAGED_EC2_INSTANCE"),
                covered(ACCOUNT_B, "i-0000000000000000d"),
                covered(ACCOUNT_A, "i-0000000000000000e", "INACTIVE", "PENDING_INITIAL_SCAN"),
            ],
            "account_status": [account_state(ACCOUNT_A, "ENABLED")],
            "failed_accounts": [{"accountId": ACCOUNT_B, "status": "DISABLED",
                                 "resourceStatus": {"ec2": "DISABLED", "ecr": "DISABLED"},
                                 "errorCode": "ACCESS_DENIED", "errorMessage": "not a member"}],
            "finding_counts": [
                {"accountId": ACCOUNT_A, "severityCounts": {"all": 12, "critical": 1, "high": 3,
                                                            "medium": 5}},
                {"accountId": ACCOUNT_B, "severityCounts": {"all": 2, "critical": 0, "high": 0,
                                                            "medium": 2},
                 "exploitAvailableCount": 1, "fixAvailableCount": 2},
                {"accountId": "333333333333", "severityCounts": {"all": 0, "critical": 0,
                                                                 "high": 0, "medium": 0}},
            ],
        },
        "us-east-1": {"coverage": [covered(ACCOUNT_B, "i-0000000000000000f")]},
    },
}


def inspector_client(endpoint, region="eu-west-1"):
    # The SDK's own checks off, so that out-of-range values reach the fake.
    return fake_client("inspector2", endpoint, region, validate=False)


class InspectorFakeParsedByBotocoreTest(unittest.TestCase):
    def setUp(self):
        self.fake = inspector_fake.InspectorFake(DATA).start()
        self.client = inspector_client(self.fake.endpoint)

    def tearDown(self):
        self.fake.stop()

    def coverage(self, client=None, **criteria):
        pages = (client or self.client).get_paginator("list_coverage").paginate(
            filterCriteria=criteria, PaginationConfig={"PageSize": 200})
        return [item for page in pages for item in page["coveredResources"]]

    def test_list_coverage_parses_every_field(self):
        items = self.coverage()
        self.assertEqual([i["resourceId"] for i in items],
                         ["i-0000000000000000a", "i-0000000000000000b", "i-0000000000000000c",
                          "i-0000000000000000d", "i-0000000000000000e"])
        first = items[0]
        self.assertEqual(first["scanStatus"], {"statusCode": "ACTIVE", "reason": "SUCCESSFUL"})
        self.assertEqual(first["lastScannedAt"],
                         datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
        self.assertEqual(first["resourceMetadata"]["ec2"]["tags"], {"Name": "web"})
        self.assertEqual(first["scanMode"], "EC2_SSM_AGENT_BASED")
        self.assertNotIn("lastScannedAt", items[1])

    def test_pages_of_two_chain_with_tokens(self):
        self.coverage()
        calls = [r["body"] for r in self.fake.requests if r["operation"] == "ListCoverage"]
        self.assertEqual([c.get("nextToken") for c in calls],
                         [None, "ListCoverage:2", "ListCoverage:4"])
        self.assertEqual({c["maxResults"] for c in calls}, {200})
        # The signing key is recorded, so that a test can tell which account's credentials asked.
        self.assertEqual({r["access_key_id"] for r in self.fake.requests}, {"AKIDFAKE"})

    def test_filters_select_account_type_and_status(self):
        mine = self.coverage(accountId=[{"comparison": "EQUALS", "value": ACCOUNT_A}],
                             resourceType=[{"comparison": "EQUALS", "value": "AWS_EC2_INSTANCE"}])
        self.assertEqual(len(mine), 4)
        inactive_not_stopped = self.coverage(
            scanStatusCode=[{"comparison": "EQUALS", "value": "INACTIVE"}],
            scanStatusReason=[{"comparison": "NOT_EQUALS", "value": "EC2_INSTANCE_STOPPED"}])
        self.assertEqual([i["resourceId"] for i in inactive_not_stopped],
                         ["i-0000000000000000c", "i-0000000000000000e"])
        either = self.coverage(resourceId=[
            {"comparison": "EQUALS", "value": "i-0000000000000000d"},
            {"comparison": "EQUALS", "value": "i-0000000000000000e"}])
        self.assertEqual(len(either), 2)
        self.assertEqual(self.coverage(resourceType=[{"comparison": "EQUALS",
                                                      "value": "AWS_LAMBDA_FUNCTION"}]), [])

    def test_each_region_sees_its_own_data(self):
        east = inspector_client(self.fake.endpoint, "us-east-1")
        self.assertEqual([i["resourceId"] for i in self.coverage(east)], ["i-0000000000000000f"])
        self.assertEqual(self.coverage(inspector_client(self.fake.endpoint, "eu-central-1")), [])

    def test_batch_get_account_status(self):
        response = self.client.batch_get_account_status(
            accountIds=[ACCOUNT_A, ACCOUNT_B, "333333333333"])
        self.assertEqual([(a["accountId"], a["resourceState"]["ec2"]["status"])
                          for a in response["accounts"]], [(ACCOUNT_A, "ENABLED")])
        failed = {f["accountId"]: f for f in response["failedAccounts"]}
        self.assertEqual(failed[ACCOUNT_B]["resourceStatus"]["ec2"], "DISABLED")
        self.assertEqual(failed["333333333333"]["errorCode"], "RESOURCE_NOT_FOUND")

    def aggregations(self, client=None, **kwargs):
        pages = (client or self.client).get_paginator("list_finding_aggregations").paginate(
            aggregationType="ACCOUNT", **kwargs)
        return [r["accountAggregation"] for page in pages for r in page["responses"]]

    def test_list_finding_aggregations_by_account_in_pages(self):
        got = self.aggregations()
        self.assertEqual([a["accountId"] for a in got], [ACCOUNT_A, ACCOUNT_B, "333333333333"])
        self.assertEqual(got[0]["severityCounts"],
                         {"all": 12, "critical": 1, "high": 3, "medium": 5})
        self.assertEqual((got[1]["exploitAvailableCount"], got[1]["fixAvailableCount"]), (1, 2))
        calls = [r["body"] for r in self.fake.requests
                 if r["operation"] == "ListFindingAggregations"]
        self.assertEqual([c.get("nextToken") for c in calls],
                         [None, "ListFindingAggregations:2"])
        # accountIds selects; another region has no counts.
        only_b = self.aggregations(accountIds=[{"comparison": "EQUALS", "value": ACCOUNT_B}])
        self.assertEqual([a["severityCounts"]["medium"] for a in only_b], [2])
        self.assertEqual(self.aggregations(inspector_client(self.fake.endpoint, "us-east-1")), [])
        # Other aggregation types and comparisons are refused, not ignored.
        for kwargs in ({"aggregationType": "AMI"},
                       {"aggregationType": "ACCOUNT",
                        "accountIds": [{"comparison": "PREFIX", "value": "1"}]}):
            with self.assertRaises(ClientError) as caught:
                self.client.list_finding_aggregations(**kwargs)
            self.assertEqual(caught.exception.response["Error"]["Code"], "ValidationException")

    def test_bad_requests_are_validation_exceptions(self):
        with self.assertRaises(ClientError) as caught:
            self.client.list_coverage(maxResults=500)
        self.assertEqual(caught.exception.response["Error"]["Code"], "ValidationException")
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        with self.assertRaises(ClientError) as caught:
            self.client.list_coverage(nextToken="bogus")
        self.assertEqual(caught.exception.response["Error"]["Code"], "ValidationException")
        with self.assertRaises(ClientError) as caught:  # a filter the fake does not implement
            self.client.list_coverage(filterCriteria={"lambdaFunctionName": [
                {"comparison": "EQUALS", "value": "f"}]})
        self.assertEqual(caught.exception.response["Error"]["Code"], "ValidationException")

    def test_data_with_a_member_the_model_lacks_is_refused(self):
        def data(item):
            return {"regions": {"eu-west-1": {"coverage": [item]}}}

        inspector_fake.InspectorFake(data(covered(ACCOUNT_A, "i-00000000000000001")))  # valid
        with self.assertRaises(ValueError):
            inspector_fake.InspectorFake(
                data(covered(ACCOUNT_A, "i-00000000000000001", region="x")))
        with self.assertRaises(ValueError):  # not one of the model's status codes
            inspector_fake.InspectorFake(data(covered(ACCOUNT_A, "i-00000000000000001", "PAUSED")))


class InspectorFakeProcessTest(unittest.TestCase):
    def test_runs_as_a_process_and_rereads_its_data_file(self):
        with tempfile.TemporaryDirectory() as workdir:
            path = os.path.join(workdir, "data.json")
            with open(path, "w") as f:
                json.dump(DATA, f)
            process = fake_process("inspector_fake.py", "--data", path, "--page-size", "3",
                                   stderr=subprocess.DEVNULL)
            try:
                endpoint = process.endpoint
                client = inspector_client(endpoint)
                pages = list(client.get_paginator("list_coverage").paginate())
                self.assertEqual([len(p["coveredResources"]) for p in pages], [3, 2])

                changed = {"regions": {"eu-west-1": {"coverage": [
                    covered(ACCOUNT_A, "i-00000000000000099")]}}}
                with open(path, "w") as f:
                    json.dump(changed, f)
                os.utime(path, ns=(time.time_ns(), time.time_ns() + 10 ** 9))
                items = client.list_coverage()["coveredResources"]
                self.assertEqual([i["resourceId"] for i in items], ["i-00000000000000099"])

                with urllib.request.urlopen(endpoint + "/_fake/requests") as response:
                    log = json.load(response)
                self.assertEqual([r["body"].get("nextToken") for r in log],
                                 [None, "ListCoverage:3", None])
                self.assertEqual({r["region"] for r in log}, {"eu-west-1"})
            finally:
                process.stop()


if __name__ == "__main__":
    unittest.main()
