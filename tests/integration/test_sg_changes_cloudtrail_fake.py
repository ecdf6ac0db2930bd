"""The LookupEvents fake (tests/fakes/sg_changes_cloudtrail_fake.py) read by a real boto3
cloudtrail client: responses parse under botocore's model into the records' values, pages chain,
regions and windows filter, errors and throttling come back as CloudTrail error codes, and the
standalone command serves a data file."""

import json
import os
import subprocess
import tempfile
import unittest
from datetime import datetime, timezone

from botocore.exceptions import ClientError

from fake_test_support import fake_client, fake_process

import sg_changes_cloudtrail_fake as fake_module  # tests/fakes, on sys.path through fake_test_support

ACCOUNT = "222222222222"


def client(endpoint, region="eu-west-1"):
    return fake_client("cloudtrail", endpoint, region)


def records():
    make = fake_module.authorize_record
    out = [make(f"ev-{i}", ACCOUNT, "eu-west-1", "sg-0a", "10.0.0.0/8", 1000 + i,
                f"2026-11-20T10:{i:02d}:00Z") for i in range(7)]
    out.append(make("ev-open", ACCOUNT, "eu-west-1", "sg-0b", "0.0.0.0/0", 22,
                    "2026-11-20T11:00:00Z"))
    out.append(make("ev-east", ACCOUNT, "us-east-1", "sg-0c", "10.0.0.0/8", 22,
                    "2026-11-20T10:30:00Z"))
    out.append(make("ev-egress", ACCOUNT, "eu-west-1", "sg-0a", "0.0.0.0/0", 443,
                    "2026-11-20T10:45:00Z", event_name="AuthorizeSecurityGroupEgress"))
    return out


def epoch(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


class CloudTrailFakeParsedByBotocoreTest(unittest.TestCase):
    def setUp(self):
        # No throttling here, so that the paginator's back-to-back pages are served.
        self.fake = fake_module.CloudTrailFake(records(), page_size=3, min_interval=0).start()
        self.ct = client(self.fake.endpoint)

    def tearDown(self):
        self.fake.stop()

    def lookup_all(self, **kwargs):
        pages = self.ct.get_paginator("lookup_events").paginate(**kwargs)
        return [event for page in pages for event in page["Events"]]

    def test_pages_chain_newest_first_in_the_signed_region(self):
        events = self.lookup_all(
            LookupAttributes=[{"AttributeKey": "EventName",
                               "AttributeValue": "AuthorizeSecurityGroupIngress"}],
            StartTime=epoch("2026-11-20T00:00:00Z"), EndTime=epoch("2026-11-21T00:00:00Z"))
        self.assertEqual([e["EventId"] for e in events],
                         ["ev-open"] + [f"ev-{i}" for i in range(6, -1, -1)])
        first = events[0]
        self.assertEqual(first["EventTime"], epoch("2026-11-20T11:00:00Z"))
        self.assertEqual(first["Username"], "alice")
        self.assertEqual(first["Resources"],
                         [{"ResourceType": "AWS::EC2::SecurityGroup", "ResourceName": "sg-0b"}])
        document = json.loads(first["CloudTrailEvent"])
        self.assertEqual(document["recipientAccountId"], ACCOUNT)
        self.assertEqual(document["requestParameters"]["ipPermissions"]["items"][0]
                         ["ipRanges"]["items"][0]["cidrIp"], "0.0.0.0/0")
        requests = json.load(__import__("urllib.request").request.urlopen(
            self.fake.endpoint + "/_fake/requests"))
        self.assertEqual(len(requests), 3)  # 8 events, 3 per page

    def test_window_and_attribute_filter(self):
        events = self.lookup_all(
            LookupAttributes=[{"AttributeKey": "EventName",
                               "AttributeValue": "AuthorizeSecurityGroupEgress"}],
            StartTime=epoch("2026-11-20T10:40:00Z"), EndTime=epoch("2026-11-20T10:50:00Z"))
        self.assertEqual([e["EventId"] for e in events], ["ev-egress"])
        events = self.lookup_all(StartTime=epoch("2026-11-20T10:03:00Z"),
                                 EndTime=epoch("2026-11-20T10:05:00Z"))
        self.assertEqual([e["EventId"] for e in events], ["ev-5", "ev-4", "ev-3"])
        east = client(self.fake.endpoint, "us-east-1")
        self.assertEqual([e["EventId"] for e in east.lookup_events()["Events"]], ["ev-east"])

    def test_errors_are_cloudtrail_error_codes(self):
        with self.assertRaises(ClientError) as raised:
            self.ct.lookup_events(LookupAttributes=[
                {"AttributeKey": "EventName", "AttributeValue": "a"},
                {"AttributeKey": "EventId", "AttributeValue": "b"}])
        self.assertEqual(raised.exception.response["Error"]["Code"],
                         "InvalidLookupAttributesException")
        with self.assertRaises(ClientError) as raised:
            self.ct.lookup_events(StartTime=epoch("2026-11-21T00:00:00Z"),
                                  EndTime=epoch("2026-11-20T00:00:00Z"))
        self.assertEqual(raised.exception.response["Error"]["Code"], "InvalidTimeRangeException")


LAKE_STATEMENT = (
    "SELECT eventID, eventJson FROM eds-org WHERE eventSource = 'ec2.amazonaws.com' AND "
    "eventName IN ('AuthorizeSecurityGroupIngress') AND eventTime >= '2026-11-20 10:02:00' AND "
    "eventTime <= '2026-11-20 12:00:00' ORDER BY eventTime DESC")


class CloudTrailLakeFakeParsedByBotocoreTest(unittest.TestCase):
    """The Lake side: StartQuery, DescribeQuery polled through QUEUED and RUNNING to FINISHED or
    FAILED, and GetQueryResults pages, every response parsed by botocore's model."""

    def setUp(self):
        self.fake = fake_module.CloudTrailFake(records(), lake_store="eds-org", lake_polls=2,
                                               lake_page_size=2).start()
        self.ct = client(self.fake.endpoint)

    def tearDown(self):
        self.fake.stop()

    def poll(self, query_id):
        states = []
        while not states or states[-1] in ("QUEUED", "RUNNING"):
            described = self.ct.describe_query(QueryId=query_id)
            states.append(described["QueryStatus"])
            self.assertLess(len(states), 10)
        return states, described

    def test_running_then_finished_then_every_page(self):
        query_id = self.ct.start_query(QueryStatement=LAKE_STATEMENT)["QueryId"]
        early = self.ct.get_query_results(QueryId=query_id)
        self.assertEqual(early["QueryStatus"], "QUEUED")
        self.assertNotIn("QueryResultRows", early)
        states, described = self.poll(query_id)
        self.assertEqual(states, ["QUEUED", "RUNNING", "RUNNING", "FINISHED"])
        self.assertEqual(described["QueryStatistics"]["EventsMatched"], 7)
        # botocore has no paginator for GetQueryResults: follow NextToken as the exporter does.
        rows, pages, token = [], 0, None
        while True:
            page = self.ct.get_query_results(QueryId=query_id, **({"NextToken": token} if token else {}))
            pages += 1
            rows.extend(page["QueryResultRows"])
            token = page.get("NextToken")
            if not token:
                break
        # ev-2..ev-6 and ev-east, ev-open (the organisation store holds every region); not the
        # egress event and not those before 10:02; newest first, two rows a page.
        ids = [row[0]["eventID"] for row in rows]
        self.assertEqual(ids, ["ev-open", "ev-east", "ev-6", "ev-5", "ev-4", "ev-3", "ev-2"])
        self.assertEqual(pages, 4)
        document = json.loads(rows[0][1]["eventJson"])
        self.assertEqual(document["eventID"], "ev-open")
        self.assertEqual(document["recipientAccountId"], ACCOUNT)

    def test_failed_query_carries_its_error_message(self):
        self.fake.lake_fail = "Query exceeded the scan limit"
        query_id = self.ct.start_query(QueryStatement=LAKE_STATEMENT)["QueryId"]
        states, described = self.poll(query_id)
        self.assertEqual(states[-1], "FAILED")
        self.assertEqual(described["ErrorMessage"], "Query exceeded the scan limit")
        self.assertEqual(self.ct.get_query_results(QueryId=query_id)["QueryStatus"], "FAILED")

    def test_unknown_store_and_query_are_cloudtrail_error_codes(self):
        with self.assertRaises(ClientError) as raised:
            self.ct.start_query(QueryStatement=LAKE_STATEMENT.replace("eds-org", "eds-other"))
        self.assertEqual(raised.exception.response["Error"]["Code"],
                         "EventDataStoreNotFoundException")
        with self.assertRaises(ClientError) as raised:
            self.ct.describe_query(QueryId="00000000-0000-0000-0000-000000000000")
        self.assertEqual(raised.exception.response["Error"]["Code"], "QueryIdNotFoundException")


class CloudTrailFakeThrottlesTest(unittest.TestCase):
    def test_a_second_request_within_the_interval_is_throttled(self):
        fake = fake_module.CloudTrailFake(records(), min_interval=60).start()
        try:
            ct = client(fake.endpoint)
            ct.lookup_events(MaxResults=1)
            with self.assertRaises(ClientError) as raised:
                ct.lookup_events(MaxResults=1)
            self.assertEqual(raised.exception.response["Error"]["Code"], "ThrottlingException")
            # Another region is another bucket.
            client(fake.endpoint, "us-east-1").lookup_events(MaxResults=1)
        finally:
            fake.stop()


class CloudTrailFakeStandaloneTest(unittest.TestCase):
    def test_serves_a_data_file_on_the_given_port(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"events": records()}, f)
        process = fake_process("sg_changes_cloudtrail_fake.py", "--data", f.name,
                               stdout=subprocess.PIPE, text=True)
        try:
            self.assertIn(f"127.0.0.1:{process.port}", process.stdout.readline())
            events = client(process.endpoint).lookup_events(
                LookupAttributes=[{"AttributeKey": "EventId", "AttributeValue": "ev-open"}])
            self.assertEqual([e["EventId"] for e in events["Events"]], ["ev-open"])
        finally:
            process.stop()
            os.unlink(f.name)


if __name__ == "__main__":
    unittest.main()
