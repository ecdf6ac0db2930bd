#!/usr/bin/env python3
"""A fake of CloudTrail's LookupEvents and CloudTrail Lake queries (moto has neither), speaking
JSON 1.1 as botocore's cloudtrail model describes it.

Events are CloudTrail records (the JSON documents AWS writes) from --data FILE (a JSON list, or
{"events": [...]}) and from POST /_fake/events at run time. A request signed for region R sees
the records whose awsRegion is R; with --sts-endpoint (moto), the caller's account is found with
sts:GetCallerIdentity for its access key and only records whose recipientAccountId is that account
are seen (moto does not check signatures, so any secret will do). The window (StartTime,
EndTime), one LookupAttribute (EventName, EventId, EventSource, Username, ResourceName) and
MaxResults (1..50) are honoured; results come newest first, paginated with NextToken.

CloudTrail allows 2 requests per second per account and region: a request that comes sooner than
--min-interval seconds after the previous one for the same caller and region is answered with
ThrottlingException, so a client that does not pace itself fails. Requests are recorded and served
as JSON at GET /_fake/requests.

CloudTrail Lake: one organisation event data store (--lake-store, its id) holding every record of
every account and region. StartQuery takes the statement the exporter writes (SELECT eventID,
eventJson FROM <store> WHERE ... eventName IN (...) AND eventTime >= '...' AND eventTime <= '...');
DescribeQuery answers QUEUED, then RUNNING for --lake-polls polls, then FINISHED (or FAILED with an
ErrorMessage when POST /_fake/lake set {"fail": "message"}); GetQueryResults serves the rows
(eventID, eventJson) in pages of --lake-page-size with NextToken.

    python3 sg_changes_cloudtrail_fake.py --port 4600 --data events.json [--sts-endpoint URL]
"""

import base64
import calendar
import json
import re
import sys
import time
import uuid

from fake_support import (FakeError, FakeHandler, FakeServer, credential_scope, fake_parser,
                          read_json, serve_until_stopped)

TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
JSON_1_1 = "application/x-amz-json-1.1"
ATTRIBUTES = {"EventName": "eventName", "EventId": "eventID", "EventSource": "eventSource",
              "Username": None, "ResourceName": None}


def iso_to_epoch(text):
    text = re.sub(r"\.\d+", "", text).replace("+00:00", "Z")
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


def username(record):
    identity = record.get("userIdentity", {})
    if identity.get("type") == "Root":
        return "root"
    if identity.get("userName"):
        return identity["userName"]
    arn = identity.get("arn", "")
    return arn.rsplit("/", 1)[-1] if "/" in arn else arn


def resource_names(record):
    params = record.get("requestParameters") or {}
    return [v for v in (params.get("groupId"), params.get("groupName")) if v]


def to_event(record):
    """The LookupEvents Event for one record."""
    return {
        "EventId": record["eventID"],
        "EventName": record["eventName"],
        "ReadOnly": "false",
        "AccessKeyId": record.get("userIdentity", {}).get("accessKeyId", ""),
        "EventTime": iso_to_epoch(record["eventTime"]),
        "EventSource": record.get("eventSource", "ec2.amazonaws.com"),
        "Username": username(record),
        "Resources": [{"ResourceType": "AWS::EC2::SecurityGroup", "ResourceName": name}
                      for name in resource_names(record)],
        "CloudTrailEvent": json.dumps(record),
    }


class CloudTrailHandler(FakeHandler):
    """JSON 1.1 by X-Amz-Target, plus the fake's controls POST /_fake/events and /_fake/lake."""

    protocol_version = "HTTP/1.1"

    def do_POST(self):
        fake = self.fake
        body = self.read_body()
        if self.path == "/_fake/events":
            with fake._lock:
                fake.events.extend(json.loads(body))
            return self.reply(200, b"{}", "application/json")
        if self.path == "/_fake/lake":
            settings = json.loads(body)
            with fake._lock:
                fake.lake_fail = settings.get("fail", fake.lake_fail)
                fake.lake_polls = settings.get("polls", fake.lake_polls)
            return self.reply(200, b"{}", "application/json")
        try:
            return self.reply_json(200, fake.handle(self.headers, body), JSON_1_1)
        except FakeError as e:
            return self.reply_json_error(e, JSON_1_1)


class CloudTrailFake(FakeServer):
    """Events, request log, throttling state and the HTTP server. Thread-safety: requests are
    served on threads; shared state is locked."""

    handler = CloudTrailHandler

    def __init__(self, events=None, port=0, sts_endpoint=None, min_interval=0.45, page_size=50,
                 lake_store="eds-awsgov-fake", lake_polls=2, lake_page_size=1000):
        super().__init__(port)
        self.events = list(events or [])
        self.lake_store = lake_store
        self.lake_polls = lake_polls
        self.lake_page_size = lake_page_size
        self.lake_fail = None  # an ErrorMessage: the next queries end FAILED
        self.queries = {}
        self.sts_endpoint = sts_endpoint
        self.min_interval = min_interval
        self.page_size = page_size
        self._accounts = {}
        self._last_request = {}

    # ---- request handling
    def caller(self, headers):
        scope = credential_scope(headers.get("Authorization", ""))
        if not scope:
            raise FakeError(400, "MissingAuthenticationTokenException", "request is not signed")
        access_key, region, service = scope
        if service != "cloudtrail":
            raise FakeError(400, "InvalidSignatureException", f"signed for {service}")
        return access_key, region, self.account_of(access_key, headers.get("X-Amz-Security-Token"))

    def account_of(self, access_key, token):
        if not self.sts_endpoint:
            return None
        with self._lock:
            if access_key in self._accounts:
                return self._accounts[access_key]
        import boto3  # only needed with --sts-endpoint
        sts = boto3.client("sts", endpoint_url=self.sts_endpoint, region_name="us-east-1",
                           aws_access_key_id=access_key, aws_secret_access_key="unused",
                           aws_session_token=token)
        account = sts.get_caller_identity()["Account"]
        with self._lock:
            self._accounts[access_key] = account
        return account

    def handle(self, headers, body):
        target = headers.get("X-Amz-Target", "")
        if headers.get("Content-Type", "") != JSON_1_1:
            raise FakeError(400, "SerializationException", "want application/x-amz-json-1.1")
        operation = target[len(TARGET_PREFIX):] if target.startswith(TARGET_PREFIX) else ""
        lake = {"StartQuery": self.start_query, "DescribeQuery": self.describe_query,
                "GetQueryResults": self.get_query_results}
        if operation in lake:
            access_key, region, account = self.caller(headers)
            request = json.loads(body or b"{}")
            with self._lock:
                self.requests.append({"region": region, "account": account,
                                      "operation": operation, "request": request,
                                      "throttled": False})
            return lake[operation](request)
        if operation != "LookupEvents":
            raise FakeError(400, "UnknownOperationException", f"unknown operation {target}")
        now = time.monotonic()  # on arrival: resolving the account may take a while
        access_key, region, account = self.caller(headers)
        request = json.loads(body or b"{}")
        with self._lock:
            key = (account or access_key, region)
            last = self._last_request.get(key)
            self._last_request[key] = now
            throttled = last is not None and now - last < self.min_interval
            self.requests.append({"region": region, "account": account,
                                  "operation": "LookupEvents", "request": request,
                                  "throttled": throttled})
        if throttled:
            raise FakeError(400, "ThrottlingException", "Rate exceeded")
        return self.lookup(request, region, account)

    def lookup(self, request, region, account):
        attributes = request.get("LookupAttributes", [])
        if len(attributes) > 1:
            raise FakeError(400, "InvalidLookupAttributesException",
                            "only one lookup attribute is allowed")
        max_results = request.get("MaxResults", 50)
        if not isinstance(max_results, int) or not 1 <= max_results <= 50:
            raise FakeError(400, "InvalidMaxResultsException", "MaxResults must be 1..50")
        start = request.get("StartTime", 0)
        end = request.get("EndTime", time.time())
        if not isinstance(start, (int, float)) or not isinstance(end, (int, float)):
            raise FakeError(400, "InvalidTimeRangeException", "times must be epoch seconds")
        if start > end:
            raise FakeError(400, "InvalidTimeRangeException", "StartTime after EndTime")
        with self._lock:
            records = list(self.events)
        events = []
        for record in records:
            if record.get("awsRegion") != region:
                continue
            if account is not None and record.get("recipientAccountId") != account:
                continue
            if not start <= iso_to_epoch(record["eventTime"]) <= end:
                continue
            event = to_event(record)
            if attributes:
                key, value = attributes[0]["AttributeKey"], attributes[0]["AttributeValue"]
                if key not in ATTRIBUTES:
                    raise FakeError(400, "InvalidLookupAttributesException", f"bad key {key}")
                if key == "ResourceName":
                    if value not in [r["ResourceName"] for r in event["Resources"]]:
                        continue
                elif event[key] != value:
                    continue
            events.append(event)
        events.sort(key=lambda e: (-e["EventTime"], e["EventId"]))
        offset = token_offset(request.get("NextToken"))
        size = min(max_results, self.page_size)
        page = events[offset:offset + size]
        result = {"Events": page}
        if offset + size < len(events):
            result["NextToken"] = base64.b64encode(f"offset:{offset + size}".encode()).decode()
        return result


    # ---- CloudTrail Lake
    def start_query(self, request):
        statement = request.get("QueryStatement", "")
        match = re.search(r"\bFROM\s+(\S+)", statement, re.IGNORECASE)
        if not match:
            raise FakeError(400, "InvalidQueryStatementException", "no FROM in the statement")
        if match.group(1) != self.lake_store:
            raise FakeError(400, "EventDataStoreNotFoundException",
                            f"event data store {match.group(1)} not found")
        names_match = re.search(r"eventName\s+IN\s*\(([^)]*)\)", statement, re.IGNORECASE)
        names = re.findall(r"'([^']*)'", names_match.group(1)) if names_match else None
        times = re.findall(r"eventTime\s*(>=|<=)\s*'([^']*)'", statement)
        bounds = {op: calendar.timegm(time.strptime(value, "%Y-%m-%d %H:%M:%S"))
                  for op, value in times}
        with self._lock:
            records = list(self.events)
            query_id = str(uuid.uuid4())
            rows = []
            for record in records:
                when = iso_to_epoch(record["eventTime"])
                if names is not None and record.get("eventName") not in names:
                    continue
                if ">=" in bounds and when < bounds[">="]:
                    continue
                if "<=" in bounds and when > bounds["<="]:
                    continue
                rows.append((when, record))
            rows.sort(key=lambda r: (-r[0], r[1]["eventID"]))
            self.queries[query_id] = {
                "statement": statement, "polls_left": self.lake_polls, "described": 0,
                "fail": self.lake_fail, "status": "QUEUED",
                "rows": [[{"eventID": r["eventID"]}, {"eventJson": json.dumps(r)}]
                         for _, r in rows]}
        return {"QueryId": query_id}

    def _query(self, request):
        query = self.queries.get(request.get("QueryId", ""))
        if query is None:
            raise FakeError(400, "QueryIdNotFoundException", "query not found")
        return query

    def describe_query(self, request):
        with self._lock:
            query = self._query(request)
            if query["status"] in ("QUEUED", "RUNNING"):
                if query["described"] == 0:
                    query["status"] = "QUEUED" if query["polls_left"] > 0 else "RUNNING"
                elif query["polls_left"] > 0:
                    query["status"] = "RUNNING"
                    query["polls_left"] -= 1
                else:
                    query["status"] = "FAILED" if query["fail"] else "FINISHED"
                query["described"] += 1
            result = {"QueryId": request["QueryId"], "QueryString": query["statement"],
                      "QueryStatus": query["status"],
                      "QueryStatistics": {"EventsMatched": len(query["rows"]),
                                          "EventsScanned": len(self.events),
                                          "BytesScanned": 1024, "ExecutionTimeInMillis": 10,
                                          "CreationTime": time.time()}}
            if query["status"] == "FAILED":
                result["ErrorMessage"] = query["fail"]
            return result

    def get_query_results(self, request):
        with self._lock:
            query = self._query(request)
            status = query["status"]
            rows = query["rows"]
        result = {"QueryStatus": status,
                  "QueryStatistics": {"ResultsCount": 0, "TotalResultsCount": 0,
                                      "BytesScanned": 1024}}
        if status == "FAILED":
            result["ErrorMessage"] = query["fail"]
        if status != "FINISHED":
            return result
        max_results = request.get("MaxQueryResults", 1000)
        if not isinstance(max_results, int) or not 1 <= max_results <= 1000:
            raise FakeError(400, "InvalidMaxResultsException", "MaxQueryResults must be 1..1000")
        offset = token_offset(request.get("NextToken"))
        size = min(max_results, self.lake_page_size)
        result["QueryResultRows"] = rows[offset:offset + size]
        result["QueryStatistics"] = {"ResultsCount": len(result["QueryResultRows"]),
                                     "TotalResultsCount": len(rows), "BytesScanned": 1024}
        if offset + size < len(rows):
            result["NextToken"] = base64.b64encode(f"rows:{offset + size}".encode()).decode()
        return result


def token_offset(token):
    """The offset a NextToken of this fake names (base64 of "<kind>:<offset>"); 0 without one."""
    if not token:
        return 0
    try:
        return int(base64.b64decode(token).decode().split(":")[1])
    except (ValueError, IndexError):
        raise FakeError(400, "InvalidNextTokenException", "bad NextToken")


def authorize_record(event_id, account, region, group_id, cidr, port, when,
                     event_name="AuthorizeSecurityGroupIngress", rule_id=None, error_code=None):
    """A CloudTrail record of an Authorize call opening tcp `port` to `cidr`, for tests."""
    record = {
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "accountId": account,
                         "arn": f"arn:aws:iam::{account}:user/alice", "userName": "alice",
                         "accessKeyId": "AKIAEXAMPLE"},
        "eventTime": when, "eventSource": "ec2.amazonaws.com", "eventName": event_name,
        "awsRegion": region, "sourceIPAddress": "198.51.100.7",
        "requestParameters": {"groupId": group_id, "ipPermissions": {"items": [
            {"ipProtocol": "tcp", "fromPort": port, "toPort": port,
             "ipRanges": {"items": [{"cidrIp": cidr}]}}]}},
        "responseElements": {"requestId": "r-" + event_id, "_return": True,
                             "securityGroupRuleSet": {"items": [
                                 {"groupOwnerId": account, "groupId": group_id,
                                  "securityGroupRuleId": rule_id or "sgr-" + event_id,
                                  "isEgress": event_name.endswith("Egress"), "ipProtocol": "tcp",
                                  "fromPort": port, "toPort": port, "cidrIpv4": cidr}]}},
        "eventID": event_id, "readOnly": False, "eventType": "AwsApiCall",
        "managementEvent": True, "recipientAccountId": account,
    }
    if error_code:
        record["errorCode"] = error_code
        record["errorMessage"] = "failed"
        record["responseElements"] = None
    return record


def load_events(path):
    data = read_json(path) or []
    return data["events"] if isinstance(data, dict) else data


def main():
    parser = fake_parser(__doc__, page_size_default=50)
    parser.add_argument("--data", help="JSON file of CloudTrail records")
    parser.add_argument("--sts-endpoint", help="moto's URL, to filter by the caller's account")
    parser.add_argument("--min-interval", type=float, default=0.45,
                        help="seconds between requests per caller and region before throttling")
    parser.add_argument("--lake-store", default="eds-awsgov-fake",
                        help="the id of the one Lake event data store")
    parser.add_argument("--lake-polls", type=int, default=2,
                        help="DescribeQuery answers RUNNING this many times before FINISHED")
    parser.add_argument("--lake-page-size", type=int, default=1000)
    parser.add_argument("--lake-fail", help="every Lake query ends FAILED with this message")
    args = parser.parse_args()
    fake = CloudTrailFake(load_events(args.data), args.port, args.sts_endpoint,
                          args.min_interval, args.page_size, args.lake_store, args.lake_polls,
                          args.lake_page_size)
    fake.lake_fail = args.lake_fail
    return serve_until_stopped(fake, "cloudtrail")


if __name__ == "__main__":
    sys.exit(main())
