#!/usr/bin/env python3
"""A fake of EC2's IPAM API (moto has none), speaking the EC2 query protocol.

Serves DescribeIpams, DescribeIpamScopes, GetIpamResourceCidrs, DescribeIpamPools,
GetIpamPoolCidrs and GetIpamPoolAllocations from a scripted scenario, with pagination. Responses
are serialized from botocore's ec2 service model (member locationNames, <item> lists), so their
shape is the one the SDKs parse; scenario items are dicts keyed by the model's member names
(e.g. {"IpamScopeId": "...", "IpUsage": 0.5}) and unknown keys are refused.

An IPAM is regional: a request signed for region R sees the IPAMs whose IpamRegion is R and the
scopes, pools and resource CIDRs that belong to them. MaxResults is checked against the model's
range, as EC2 does. Requests are recorded and served as JSON at GET /_fake/requests.

    python3 ipam_fake.py --port 4599 [--scenario scenario.json] [--page-size 2]
"""

import sys
import urllib.parse

from fake_support import (FakeError, FakeHandler, FakeServer, error_xml, fake_parser, model,
                          query_params, read_json, serialize_xml, serve_until_stopped,
                          signed_region, token_offset)

EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/"

# A scenario with several IPAMs, scopes, pages and a CIDR IPAM has not measured yet.
DEFAULT_SCENARIO = {
    "page_size": 2,
    "ipams": [
        {"IpamId": "ipam-0a1", "OwnerId": "111111111111", "IpamRegion": "eu-west-1",
         "IpamArn": "arn:aws:ec2::111111111111:ipam/ipam-0a1",
         "PrivateDefaultScopeId": "ipam-scope-0priv", "PublicDefaultScopeId": "ipam-scope-0pub",
         "ScopeCount": 3, "State": "create-complete", "Tier": "advanced"},
        {"IpamId": "ipam-0b2", "OwnerId": "111111111111", "IpamRegion": "us-east-1",
         "IpamArn": "arn:aws:ec2::111111111111:ipam/ipam-0b2", "ScopeCount": 1,
         "State": "create-complete"},
    ],
    "scopes": [
        {"IpamScopeId": "ipam-scope-0priv", "IpamArn": "arn:aws:ec2::111111111111:ipam/ipam-0a1",
         "IpamRegion": "eu-west-1", "IpamScopeType": "private", "IsDefault": True,
         "OwnerId": "111111111111", "PoolCount": 2, "State": "create-complete"},
        {"IpamScopeId": "ipam-scope-0priv2", "IpamArn": "arn:aws:ec2::111111111111:ipam/ipam-0a1",
         "IpamRegion": "eu-west-1", "IpamScopeType": "private", "IsDefault": False,
         "OwnerId": "111111111111", "PoolCount": 0, "State": "create-complete"},
        {"IpamScopeId": "ipam-scope-0pub", "IpamArn": "arn:aws:ec2::111111111111:ipam/ipam-0a1",
         "IpamRegion": "eu-west-1", "IpamScopeType": "public", "IsDefault": True,
         "OwnerId": "111111111111", "PoolCount": 0, "State": "create-complete"},
        {"IpamScopeId": "ipam-scope-0east", "IpamArn": "arn:aws:ec2::111111111111:ipam/ipam-0b2",
         "IpamRegion": "us-east-1", "IpamScopeType": "public", "IsDefault": True,
         "OwnerId": "111111111111", "PoolCount": 0, "State": "create-complete"},
    ],
    "resource_cidrs": [
        {"IpamScopeId": "ipam-scope-0priv", "IpamId": "ipam-0a1", "ResourceType": "vpc",
         "ResourceId": "vpc-0aaa", "ResourceCidr": "10.0.0.0/16", "ResourceOwnerId": "222222222222",
         "ResourceRegion": "eu-west-1", "IpUsage": 0.8125, "ManagementState": "managed",
         "ComplianceStatus": "compliant", "OverlapStatus": "nonoverlapping", "VpcId": "vpc-0aaa"},
        {"IpamScopeId": "ipam-scope-0priv", "IpamId": "ipam-0a1", "ResourceType": "vpc",
         "ResourceId": "vpc-0aaa", "ResourceCidr": "100.64.0.0/24", "ResourceOwnerId": "222222222222",
         "ResourceRegion": "eu-west-1", "IpUsage": 0.25, "ManagementState": "managed",
         "ComplianceStatus": "compliant", "OverlapStatus": "nonoverlapping", "VpcId": "vpc-0aaa"},
        {"IpamScopeId": "ipam-scope-0priv", "IpamId": "ipam-0a1", "ResourceType": "vpc",
         "ResourceId": "vpc-0bbb", "ResourceCidr": "10.1.0.0/16", "ResourceOwnerId": "333333333333",
         "ResourceRegion": "eu-central-1", "IpUsage": 0.0, "ManagementState": "unmanaged",
         "ComplianceStatus": "unmanaged", "OverlapStatus": "nonoverlapping", "VpcId": "vpc-0bbb"},
        # Discovered but not measured yet: no IpUsage.
        {"IpamScopeId": "ipam-scope-0priv", "IpamId": "ipam-0a1", "ResourceType": "vpc",
         "ResourceId": "vpc-0new", "ResourceCidr": "10.2.0.0/16", "ResourceOwnerId": "222222222222",
         "ResourceRegion": "eu-west-1", "ManagementState": "managed", "VpcId": "vpc-0new"},
        {"IpamScopeId": "ipam-scope-0priv", "IpamId": "ipam-0a1", "ResourceType": "subnet",
         "ResourceId": "subnet-0a1", "ResourceCidr": "10.0.0.0/28", "ResourceOwnerId": "222222222222",
         "ResourceRegion": "eu-west-1", "IpUsage": 0.9375, "ManagementState": "managed",
         "VpcId": "vpc-0aaa", "AvailabilityZoneId": "euw1-az1"},
        {"IpamScopeId": "ipam-scope-0priv2", "IpamId": "ipam-0a1", "ResourceType": "vpc",
         "ResourceId": "vpc-0ccc", "ResourceCidr": "172.16.0.0/20", "ResourceOwnerId": "111111111111",
         "ResourceRegion": "eu-west-1", "IpUsage": 0.5, "ManagementState": "managed",
         "VpcId": "vpc-0ccc"},
        {"IpamScopeId": "ipam-scope-0pub", "IpamId": "ipam-0a1", "ResourceType": "eip",
         "ResourceId": "eipalloc-0a", "ResourceCidr": "203.0.113.10/32",
         "ResourceOwnerId": "111111111111", "ResourceRegion": "eu-west-1", "IpUsage": 1.0,
         "ManagementState": "unmanaged"},
    ],
    "pools": [
        {"IpamPoolId": "ipam-pool-0v4", "IpamArn": "arn:aws:ec2::111111111111:ipam/ipam-0a1",
         "IpamScopeType": "private", "IpamRegion": "eu-west-1", "Locale": "eu-west-1",
         "AddressFamily": "ipv4", "OwnerId": "111111111111", "State": "create-complete",
         "PoolDepth": 1},
        {"IpamPoolId": "ipam-pool-0v6", "IpamArn": "arn:aws:ec2::111111111111:ipam/ipam-0a1",
         "IpamScopeType": "private", "IpamRegion": "eu-west-1", "Locale": "None",
         "AddressFamily": "ipv6", "OwnerId": "111111111111", "State": "create-complete",
         "PoolDepth": 1},
    ],
    "pool_cidrs": {
        "ipam-pool-0v4": [
            {"Cidr": "10.0.0.0/16", "State": "provisioned", "IpamPoolCidrId": "ipam-pool-cidr-1",
             "NetmaskLength": 16},
            {"Cidr": "10.1.0.0/17", "State": "provisioned", "IpamPoolCidrId": "ipam-pool-cidr-2",
             "NetmaskLength": 17},
            {"Cidr": "10.9.0.0/16", "State": "pending-provision",
             "IpamPoolCidrId": "ipam-pool-cidr-3", "NetmaskLength": 16},
        ],
        "ipam-pool-0v6": [
            {"Cidr": "fd00:ec2::/52", "State": "provisioned", "IpamPoolCidrId": "ipam-pool-cidr-4",
             "NetmaskLength": 52},
        ],
    },
    "pool_allocations": {
        "ipam-pool-0v4": [
            {"Cidr": "10.0.0.0/18", "IpamPoolAllocationId": "ipam-pool-alloc-1",
             "ResourceType": "vpc", "ResourceId": "vpc-0aaa", "ResourceOwner": "222222222222",
             "ResourceRegion": "eu-west-1"},
            {"Cidr": "10.0.64.0/20", "IpamPoolAllocationId": "ipam-pool-alloc-2",
             "ResourceType": "custom", "Description": "reserved"},
            {"Cidr": "10.1.0.0/20", "IpamPoolAllocationId": "ipam-pool-alloc-3",
             "ResourceType": "vpc", "ResourceId": "vpc-0bbb"},
        ],
        "ipam-pool-0v6": [
            {"Cidr": "fd00:ec2::/56", "IpamPoolAllocationId": "ipam-pool-alloc-4",
             "ResourceType": "vpc", "ResourceId": "vpc-0aaa"},
        ],
    },
}

# operation -> (scenario key, the output list member, what selects the items)
OPERATIONS = {
    "DescribeIpams": ("ipams", "Ipams", None),
    "DescribeIpamScopes": ("scopes", "IpamScopes", None),
    "GetIpamResourceCidrs": ("resource_cidrs", "IpamResourceCidrs", "IpamScopeId"),
    "DescribeIpamPools": ("pools", "IpamPools", None),
    "GetIpamPoolCidrs": ("pool_cidrs", "IpamPoolCidrs", "IpamPoolId"),
    "GetIpamPoolAllocations": ("pool_allocations", "IpamPoolAllocations", "IpamPoolId"),
}


class IpamHandler(FakeHandler):
    """EC2 answers a query string on GET as it does a POSTed form."""

    def get_other(self):
        self._answer(query_params(urllib.parse.urlsplit(self.path).query))

    def do_POST(self):
        self._answer(query_params(self.read_body()))

    def _answer(self, params):
        region = signed_region(self.headers.get("Authorization", ""))
        self.reply_xml(*self.fake.handle(params, region))


class IpamFake(FakeServer):
    """The scenario, the request log and the HTTP server; start() picks a free loopback port
    unless one is given. Thread-safety: requests are served on threads; the log is locked."""

    handler = IpamHandler

    def __init__(self, scenario=None, page_size=None, port=0):
        super().__init__(port)
        self.scenario = scenario if scenario is not None else DEFAULT_SCENARIO
        self.page_size = page_size or self.scenario.get("page_size", 1000)
        self.model = model("ec2")
        self._validate_scenario()

    def _validate_scenario(self):
        for operation, (key, member, by) in OPERATIONS.items():
            item_shape = self.model.operation_model(operation).output_shape.members[member].member
            items = self.scenario.get(key, {} if by == "IpamPoolId" else [])
            for item in (sum(items.values(), []) if isinstance(items, dict) else items):
                serialize_xml(item_shape, item, "item")  # raises on unknown members

    # --- the API ---
    def handle(self, params, region):
        action = params.get("Action", "")
        self.record({"region": region, **params})
        try:
            if action not in OPERATIONS:
                raise FakeError(400, "InvalidAction", f"The action {action} is not valid for this web service.")
            return 200, self._respond(action, params, region)
        except FakeError as e:
            return e.status, error_xml(e.code, e.message)

    def _respond(self, action, params, region):
        key, member, by = OPERATIONS[action]
        operation = self.model.operation_model(action)
        max_results = self._max_results(operation, params)
        items = self._visible(action, key, by, params, region)
        token = params.get("NextToken")
        offset = token_offset(token, action,
                              FakeError(400, "InvalidNextToken", f"The token '{token}' is invalid."))
        page_size = min(max_results, self.page_size)
        page = items[offset:offset + page_size]
        output = operation.output_shape
        body = serialize_xml(output.members[member], page, output.members[member].serialization["name"])
        if offset + page_size < len(items):
            body += f"<nextToken>{action}:{offset + page_size}</nextToken>"
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{action}Response xmlns="{EC2_NAMESPACE}">'
                f"<requestId>fake-{len(self.requests)}</requestId>{body}</{action}Response>")

    def _max_results(self, operation, params):
        limits = operation.input_shape.members["MaxResults"].metadata
        if "MaxResults" not in params:
            return 1000
        value = int(params["MaxResults"])
        if not limits.get("min", 0) <= value <= limits.get("max", 10 ** 9):
            raise FakeError(400, "InvalidParameterValue",
                            f"Value ({value}) for parameter maxResults is invalid. Expecting a value "
                            f"between {limits.get('min')} and {limits.get('max')}.")
        return value

    def _visible(self, action, key, by, params, region):
        ipam_arns = {i["IpamArn"] for i in self.scenario.get("ipams", [])
                     if region is None or i.get("IpamRegion") == region}
        scopes = {s["IpamScopeId"]: s for s in self.scenario.get("scopes", [])
                  if s.get("IpamArn") in ipam_arns}
        pools = {p["IpamPoolId"]: p for p in self.scenario.get("pools", [])
                 if p.get("IpamArn") in ipam_arns}
        if action == "DescribeIpams":
            return [i for i in self.scenario.get("ipams", []) if i["IpamArn"] in ipam_arns]
        if action == "DescribeIpamScopes":
            return list(scopes.values())
        if action == "DescribeIpamPools":
            return list(pools.values())
        selector = params.get(by)
        if not selector:
            raise FakeError(400, "MissingParameter", f"The request must contain the parameter {by}")
        if action == "GetIpamResourceCidrs":
            if selector not in scopes:
                raise FakeError(400, "InvalidIpamScopeId.NotFound",
                                f"The scope ID '{selector}' does not exist")
            wanted_type = params.get("ResourceType")
            return [c for c in self.scenario.get(key, []) if c["IpamScopeId"] == selector
                    and (not wanted_type or c.get("ResourceType") == wanted_type)]
        if selector not in pools:
            raise FakeError(400, "InvalidIpamPoolId.NotFound", f"The pool ID '{selector}' does not exist")
        return self.scenario.get(key, {}).get(selector, [])


def main(argv):
    parser = fake_parser(__doc__)
    parser.add_argument("--scenario", help="JSON file; default: the built-in scenario")
    args = parser.parse_args(argv)
    return serve_until_stopped(IpamFake(read_json(args.scenario), args.page_size, args.port),
                               "ipam")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
