#!/usr/bin/env python3
"""A fake of Amazon Inspector (v2) for EC2 coverage (moto has no ListCoverage), speaking REST-JSON.

Serves ListCoverage (POST /coverage/list), BatchGetAccountStatus (POST /status/batch/get) and
ListFindingAggregations of type ACCOUNT (POST /findings/aggregation/list) from a data file, with
pagination. Every request body is checked against botocore's inspector2 model
(unknown members and out-of-range maxResults are ValidationExceptions, as the service answers)
and every data item must be a member-for-member instance of the model's output shape, so that
what the fake serves is what the SDKs parse.

Inspector is regional: a request signed for region R sees data["regions"][R]. The data file:

    {"page_size": 2,
     "regions": {"eu-west-1": {
         "coverage": [CoveredResource, ...],          # ListCoverage items, model member names
         "account_status": [AccountState, ...],       # BatchGetAccountStatus "accounts" items
         "failed_accounts": [FailedAccount, ...],     # and its "failedAccounts" items
         "finding_counts": [AccountAggregationResponse, ...]}}}  # ListFindingAggregations

ListCoverage honours the string filters accountId, resourceType, resourceId, scanType, scanMode,
scanStatusCode and scanStatusReason (EQUALS values of one key are alternatives, NOT_EQUALS values
all exclude; keys combine with AND); any other filter is refused rather than ignored.
BatchGetAccountStatus answers each asked account from account_status, else failed_accounts,
else as a failed account with RESOURCE_NOT_FOUND; with no accountIds it returns every
account_status entry (the fake cannot tell who the caller is).
ListFindingAggregations takes aggregationType ACCOUNT only (the others are refused) and honours
accountIds (EQUALS values; any other comparison is refused); each response item is
{"accountAggregation": <finding_counts item>}.

The data file is read again when it changes, so a test or the demo can rewrite it while the fake
runs. Requests are recorded (operation, signed region, the signing access key id, body) and served
as JSON at GET /_fake/requests: a test tells from the key which account's credentials asked.

    python3 inspector_fake.py --port 4600 --data data.json [--page-size 2]
"""

import json
import os
import sys

from fake_support import (FakeError, FakeHandler, FakeServer, fake_parser, model,
                          serve_until_stopped, signed_region, signing_key_id, token_offset)

ROUTES = {
    "/coverage/list": "ListCoverage",
    "/status/batch/get": "BatchGetAccountStatus",
    "/findings/aggregation/list": "ListFindingAggregations",
}

# ListCoverage filter key -> path of the item's value.
STRING_FILTERS = {
    "accountId": ("accountId",),
    "resourceType": ("resourceType",),
    "resourceId": ("resourceId",),
    "scanType": ("scanType",),
    "scanMode": ("scanMode",),
    "scanStatusCode": ("scanStatus", "statusCode"),
    "scanStatusReason": ("scanStatus", "reason"),
}


def _validation(message):
    return FakeError(400, "ValidationException", message)


def check_shape(shape, value, where):
    """Raises ValueError when `value` is not an instance of `shape` (unknown members, wrong types,
    values outside an enum or a numeric range)."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise ValueError(f"{where}: {shape.name} wants an object")
        unknown = set(value) - set(shape.members)
        if unknown:
            raise ValueError(f"{where}: {shape.name} has no members {sorted(unknown)}")
        for key, item in value.items():
            check_shape(shape.members[key], item, f"{where}.{key}")
    elif kind == "list":
        if not isinstance(value, list):
            raise ValueError(f"{where}: {shape.name} wants a list")
        if not shape.metadata.get("min", 0) <= len(value) <= shape.metadata.get("max", 2 ** 31):
            raise ValueError(f"{where}: {len(value)} items, outside {shape.name}'s length range")
        for i, item in enumerate(value):
            check_shape(shape.member, item, f"{where}[{i}]")
    elif kind == "map":
        if not isinstance(value, dict):
            raise ValueError(f"{where}: {shape.name} wants an object")
        for key, item in value.items():
            check_shape(shape.value, item, f"{where}.{key}")
    elif kind == "string":
        if not isinstance(value, str):
            raise ValueError(f"{where}: {shape.name} wants a string")
        if shape.enum and value not in shape.enum:
            raise ValueError(f"{where}: {value!r} is not one of {shape.name}'s values")
        if not shape.metadata.get("min", 0) <= len(value) <= shape.metadata.get("max", 2 ** 31):
            raise ValueError(f"{where}: {value!r} has a length outside {shape.name}'s range")
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{where}: {shape.name} wants an integer")
        limits = shape.metadata
        if not limits.get("min", -2 ** 63) <= value <= limits.get("max", 2 ** 63):
            raise ValueError(f"{where}: {value} is outside {shape.name}'s range")
    elif kind == "timestamp":  # REST-JSON's default format: epoch seconds
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ValueError(f"{where}: {shape.name} wants epoch seconds")
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"{where}: {shape.name} wants true or false")


class InspectorHandler(FakeHandler):
    def get_other(self):
        self.reply_json_error(FakeError(404, "UnknownOperationException", f"GET {self.path}"))

    def do_POST(self):
        raw = self.read_body()
        authorization = self.headers.get("Authorization", "")
        try:
            status, body = self.fake.handle(self.path.split("?")[0], raw,
                                            signed_region(authorization),
                                            signing_key_id(authorization))
            self.reply_json(status, body)
        except FakeError as e:
            self.reply_json_error(e)


class InspectorFake(FakeServer):
    """The data, the request log and the HTTP server; start() picks a free loopback port unless
    one is given. Thread-safety: requests are served on threads; data and log are locked."""

    handler = InspectorHandler

    def __init__(self, data=None, data_path=None, page_size=None, port=0):
        super().__init__(port)
        self.model = model("inspector2")
        self._data_path = data_path
        self._data_mtime = None
        self._page_size = page_size
        self._data = {}
        if data is not None:
            self.set_data(data)
        elif data_path is not None:
            self._reload_locked()

    # --- data ---
    def set_data(self, data):
        self._validate(data)
        with self._lock:
            self._data = data

    def _validate(self, data):
        unknown = set(data) - {"page_size", "regions"}
        if unknown:
            raise ValueError(f"data: unknown keys {sorted(unknown)}")
        coverage = self.model.operation_model("ListCoverage").output_shape
        status = self.model.operation_model("BatchGetAccountStatus").output_shape
        aggregations = self.model.operation_model("ListFindingAggregations").output_shape
        account_aggregation = aggregations.members["responses"].member.members["accountAggregation"]
        members = {"coverage": coverage.members["coveredResources"],
                   "account_status": status.members["accounts"],
                   "failed_accounts": status.members["failedAccounts"]}
        for region, section in data.get("regions", {}).items():
            unknown = set(section) - set(members) - {"finding_counts"}
            if unknown:
                raise ValueError(f"data.regions.{region}: unknown keys {sorted(unknown)}")
            for key, shape in members.items():
                check_shape(shape, section.get(key, []), f"data.regions.{region}.{key}")
            for i, item in enumerate(section.get("finding_counts", [])):
                check_shape(account_aggregation, item,
                            f"data.regions.{region}.finding_counts[{i}]")

    def _reload_locked(self):
        if self._data_path is None:
            return
        mtime = os.stat(self._data_path).st_mtime_ns
        if mtime == self._data_mtime:
            return
        with open(self._data_path) as f:
            data = json.load(f)
        self._validate(data)
        self._data, self._data_mtime = data, mtime

    # --- the API ---
    def handle(self, path, raw_body, region, access_key_id=None):
        operation = ROUTES.get(path)
        if operation is None:
            raise FakeError(404, "UnknownOperationException", f"no operation at POST {path}")
        try:
            request = json.loads(raw_body or b"{}")
        except ValueError:
            raise FakeError(400, "SerializationException", "request body is not JSON")
        with self._lock:
            self.requests.append({"operation": operation, "region": region,
                                  "access_key_id": access_key_id, "body": request})
            try:
                self._reload_locked()
            except (OSError, ValueError) as e:
                raise FakeError(500, "InternalServerException", f"fake data: {e}")
            data = self._data
        try:
            check_shape(self.model.operation_model(operation).input_shape, request, operation)
        except ValueError as e:
            raise _validation(str(e))
        section = data.get("regions", {}).get(region, {})
        if operation == "ListCoverage":
            return 200, self._list_coverage(request, section, data)
        if operation == "ListFindingAggregations":
            return 200, self._list_finding_aggregations(request, section, data)
        return 200, self._batch_get_account_status(request, section)

    def _list_coverage(self, request, section, data):
        page_size = min(request.get("maxResults", 200),
                        self._page_size or data.get("page_size", 200))
        items = [c for c in section.get("coverage", [])
                 if _matches(c, request.get("filterCriteria", {}))]
        offset = _offset(request.get("nextToken"))
        response = {"coveredResources": items[offset:offset + page_size]}
        if offset + page_size < len(items):
            response["nextToken"] = f"ListCoverage:{offset + page_size}"
        return response

    def _list_finding_aggregations(self, request, section, data):
        if request["aggregationType"] != "ACCOUNT":
            raise _validation(f"the fake serves aggregationType ACCOUNT only, not "
                              f"{request['aggregationType']}")
        wanted = []
        for f in request.get("accountIds", []):
            if f["comparison"] != "EQUALS":
                raise _validation(f"the fake serves accountIds EQUALS only, not {f['comparison']}")
            wanted.append(f["value"])
        items = [{"accountAggregation": c} for c in section.get("finding_counts", [])
                 if not wanted or c["accountId"] in wanted]
        page_size = min(request.get("maxResults", 100),
                        self._page_size or data.get("page_size", 100))
        offset = _offset(request.get("nextToken"), "ListFindingAggregations")
        response = {"aggregationType": "ACCOUNT", "responses": items[offset:offset + page_size]}
        if offset + page_size < len(items):
            response["nextToken"] = f"ListFindingAggregations:{offset + page_size}"
        return response

    @staticmethod
    def _batch_get_account_status(request, section):
        states = {a["accountId"]: a for a in section.get("account_status", [])}
        failed = {a["accountId"]: a for a in section.get("failed_accounts", [])}
        asked = request.get("accountIds")
        if not asked:
            return {"accounts": list(states.values()), "failedAccounts": []}
        response = {"accounts": [], "failedAccounts": []}
        for account_id in asked:
            if account_id in states:
                response["accounts"].append(states[account_id])
            elif account_id in failed:
                response["failedAccounts"].append(failed[account_id])
            else:
                response["failedAccounts"].append(
                    {"accountId": account_id, "errorCode": "RESOURCE_NOT_FOUND",
                     "errorMessage": f"account {account_id} is not known to Inspector here"})
        return response


def _value_at(item, path):
    for key in path:
        if not isinstance(item, dict):
            return None
        item = item.get(key)
    return item


def _matches(item, criteria):
    for key, filters in criteria.items():
        if key not in STRING_FILTERS:
            raise FakeError(400, "ValidationException", f"the fake does not implement filter {key}")
        value = _value_at(item, STRING_FILTERS[key])
        equals = [f["value"] for f in filters if f["comparison"] == "EQUALS"]
        not_equals = [f["value"] for f in filters if f["comparison"] == "NOT_EQUALS"]
        if equals and value not in equals:
            return False
        if value in not_equals:
            return False
    return True


def _offset(token, operation="ListCoverage"):
    return token_offset(token, operation, _validation(f"invalid nextToken {token!r}"))


def main(argv):
    parser = fake_parser(__doc__, "items per ListCoverage page (max 200)")
    parser.add_argument("--data", required=True, help="JSON data file (see the module's doc)")
    args = parser.parse_args(argv)
    return serve_until_stopped(
        InspectorFake(data_path=args.data, page_size=args.page_size, port=args.port), "inspector")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
