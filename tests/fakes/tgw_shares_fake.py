#!/usr/bin/env python3
"""A fake of what a transit-gateway hub account sees that moto cannot show: other accounts'
attachments to the hub's gateways (moto keeps gateways per account, so no other account can
attach), attachments in any state (moto drops deleted ones and has no pendingAcceptance for VPC
attachments), and RAM principals whose invitation is not yet accepted (moto reports every
principal ASSOCIATED).

Serves, with pagination:
  EC2 (query protocol, XML): DescribeTransitGateways, DescribeTransitGatewayAttachments, with the
      filters owner-id, transit-gateway-id (and MaxResults 5..1000, as EC2 checks);
  RAM (REST-JSON): POST /getresourceshares, POST /getresourceshareassociations.
EC2 responses are serialized from botocore's ec2 model (member locationNames, <item> lists) and
RAM's use the model's member names, so they have the shape the SDKs parse; scenario items are
dicts keyed by the model's member names and unknown keys are refused. Every item may carry
"Region" (EC2) or "region" (RAM): it is then seen only by requests signed for that region.
Requests are recorded and served as JSON at GET /_fake/requests.

    python3 tgw_shares_fake.py --port 4600 [--scenario scenario.json] [--page-size 2]
"""

import json
import re
import sys
import urllib.parse

from fake_support import (FakeError, FakeHandler, FakeServer, error_xml, fake_parser, model,
                          query_params, read_json, serialize_xml, serve_until_stopped,
                          signed_region)

EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/"
HUB = "111111111111"
TGW_A = "tgw-0aaa"
TGW_B = "tgw-0bbb"
SHARE_A = f"arn:aws:ram:eu-west-1:{HUB}:resource-share/aaaa-1111"
SHARE_B = f"arn:aws:ram:eu-west-1:{HUB}:resource-share/bbbb-2222"


def _tgw(tgw_id, region="eu-west-1", state="available"):
    return {"TransitGatewayId": tgw_id, "OwnerId": HUB, "State": state, "Region": region,
            "TransitGatewayArn": f"arn:aws:ec2:{region}:{HUB}:transit-gateway/{tgw_id}"}


def _attachment(attachment_id, tgw_id, owner, resource_id, state, resource_type="vpc"):
    return {"TransitGatewayAttachmentId": attachment_id, "TransitGatewayId": tgw_id,
            "TransitGatewayOwnerId": HUB, "ResourceOwnerId": owner, "ResourceType": resource_type,
            "ResourceId": resource_id, "State": state, "Region": "eu-west-1"}


def _association(share_arn, entity, status, association_type="PRINCIPAL"):
    return {"resourceShareArn": share_arn, "associatedEntity": entity,
            "associationType": association_type, "status": status, "external": False,
            "region": "eu-west-1"}


# Two gateways with separate shares. Principals of share A: 222 (a deleted attachment only:
# unattached), 333 (pendingAcceptance: attached), 444 (invitation not accepted, no attachment),
# 555 (available). Share B holds TGW B with principal 666 (available) and a DISASSOCIATED 777.
DEFAULT_SCENARIO = {
    "page_size": 2,
    "transit_gateways": [
        _tgw(TGW_A), _tgw(TGW_B), _tgw("tgw-0old", state="deleted"),
        _tgw("tgw-0east", region="us-east-1"),
        {**_tgw("tgw-0other"), "OwnerId": "999999999999"},
    ],
    "attachments": [
        _attachment("tgw-attach-01", TGW_A, "222222222222", "vpc-0222", "deleted"),
        _attachment("tgw-attach-02", TGW_A, "333333333333", "vpc-0333", "pendingAcceptance"),
        _attachment("tgw-attach-03", TGW_A, "555555555555", "vpc-0555", "available"),
        _attachment("tgw-attach-04", TGW_A, "555555555555", "vpc-0556", "rejected"),
        _attachment("tgw-attach-05", TGW_A, HUB, "vpc-0hub", "available"),
        _attachment("tgw-attach-06", TGW_A, HUB, "vpn-0abc", "available", "vpn"),
        _attachment("tgw-attach-07", TGW_B, "666666666666", "vpc-0666", "available"),
        _attachment("tgw-attach-08", TGW_B, "666666666666", "vpc-0667", "failed"),
    ],
    "shares": [
        {"resourceShareArn": SHARE_A, "name": "tgw-a-share", "owningAccountId": HUB,
         "status": "ACTIVE", "allowExternalPrincipals": True, "region": "eu-west-1"},
        {"resourceShareArn": SHARE_B, "name": "tgw-b-share", "owningAccountId": HUB,
         "status": "ACTIVE", "allowExternalPrincipals": True, "region": "eu-west-1"},
    ],
    "associations": [
        _association(SHARE_A, f"arn:aws:ec2:eu-west-1:{HUB}:transit-gateway/{TGW_A}",
                     "ASSOCIATED", "RESOURCE"),
        _association(SHARE_B, f"arn:aws:ec2:eu-west-1:{HUB}:transit-gateway/{TGW_B}",
                     "ASSOCIATED", "RESOURCE"),
        _association(SHARE_A, "222222222222", "ASSOCIATED"),
        _association(SHARE_A, "333333333333", "ASSOCIATED"),
        _association(SHARE_A, "444444444444", "ASSOCIATING"),
        _association(SHARE_A, "555555555555", "ASSOCIATED"),
        _association(SHARE_B, "666666666666", "ASSOCIATED"),
        _association(SHARE_B, "777777777777", "DISASSOCIATED"),
    ],
}

EC2_OPERATIONS = {
    # action: (scenario key, result list member, filters: name -> item key)
    "DescribeTransitGateways": ("transit_gateways", "TransitGateways",
                                {"owner-id": "OwnerId", "transit-gateway-id": "TransitGatewayId",
                                 "state": "State"}),
    "DescribeTransitGatewayAttachments": (
        "attachments", "TransitGatewayAttachments",
        {"transit-gateway-id": "TransitGatewayId", "resource-owner-id": "ResourceOwnerId",
         "state": "State", "resource-type": "ResourceType"}),
}


def _check_keys(shape, item, extra):
    unknown = set(item) - set(shape.members) - extra
    if unknown:
        raise ValueError(f"{shape.name}: unknown keys {sorted(unknown)}")


def _ec2_filters(params):
    filters = {}
    for key, name in params.items():
        match = re.fullmatch(r"Filter\.(\d+)\.Name", key)
        if match:
            prefix = f"Filter.{match.group(1)}.Value."
            filters[name] = [v for k, v in params.items() if k.startswith(prefix)]
    return filters


class TgwSharesHandler(FakeHandler):
    """RAM's REST-JSON paths; anything else POSTed is an EC2 query."""

    def do_POST(self):
        body = self.read_body()
        region = signed_region(self.headers.get("Authorization", ""))
        path = urllib.parse.urlparse(self.path).path
        if path in ("/getresourceshares", "/getresourceshareassociations"):
            try:
                return self.reply_json(200, self.fake.handle_ram(path, json.loads(body or b"{}"),
                                                                 region))
            except FakeError as error:
                return self.reply_json_error(error)
        status, out = self.fake.handle_ec2(query_params(body), region)
        return self.reply(status, out, "text/xml")


class TgwSharesFake(FakeServer):
    """The fake server; start() serves on 127.0.0.1 in a thread, stop() ends it. Thread-safety:
    requests are served on threads; the request log is locked, the scenario is read-only."""

    handler = TgwSharesHandler

    def __init__(self, scenario=None, page_size=None, port=0):
        super().__init__(port)
        self.scenario = json.loads(json.dumps(scenario or DEFAULT_SCENARIO))
        self.page_size = page_size or self.scenario.get("page_size", 1000)
        self._validate_scenario()

    def _validate_scenario(self):
        # The ec2 model takes a while to load: only when there are EC2 items (the demo's
        # scenario has RAM items only).
        for action, (key, member, _) in EC2_OPERATIONS.items():
            for item in self.scenario.get(key, []):
                shape = model("ec2").operation_model(action).output_shape.members[member].member
                _check_keys(shape, item, {"Region"})
        ram = model("ram")
        for item in self.scenario.get("shares", []):
            _check_keys(ram.shape_for("ResourceShare"), item, {"region"})
        for item in self.scenario.get("associations", []):
            _check_keys(ram.shape_for("ResourceShareAssociation"), item, {"region"})

    def _page(self, items, token, max_results):
        offset = 0
        if token:
            match = re.fullmatch(r"page-(\d+)", token)
            if not match:
                raise FakeError(400, "InvalidNextToken", f"bad token {token}")
            offset = int(match.group(1))
        size = min(self.page_size, max_results)
        end = offset + size
        return items[offset:end], (f"page-{end}" if end < len(items) else None)

    # EC2 ------------------------------------------------------------------------------------

    def handle_ec2(self, params, region):
        action = params.get("Action", "")
        self.record({"service": "ec2", "region": region, **params})
        try:
            if action not in EC2_OPERATIONS:
                raise FakeError(400, "InvalidAction", f"The action {action} is not valid")
            return 200, self._ec2_respond(action, params, region)
        except FakeError as error:
            return error.status, error_xml(error.code, error.message, "fake-request")

    def _ec2_respond(self, action, params, region):
        key, member, filter_keys = EC2_OPERATIONS[action]
        max_results = int(params.get("MaxResults", "1000"))
        if not 5 <= max_results <= 1000:
            raise FakeError(400, "InvalidParameterValue",
                            f"Value ( {max_results} ) for parameter maxResults is invalid.")
        items = [i for i in self.scenario.get(key, [])
                 if region is None or i.get("Region", region) == region]
        for name, values in _ec2_filters(params).items():
            if name not in filter_keys:
                raise FakeError(400, "InvalidParameterValue", f"unknown filter {name}")
            items = [i for i in items if i.get(filter_keys[name]) in values]
        page, token = self._page(items, params.get("NextToken"), max_results)
        output = model("ec2").operation_model(action).output_shape
        list_shape = output.members[member]
        payload = [{k: v for k, v in i.items() if k != "Region"} for i in page]
        body = serialize_xml(list_shape, payload, list_shape.serialization["name"])
        if token:
            body += f"<nextToken>{token}</nextToken>"
        return (f'<{action}Response xmlns="{EC2_NAMESPACE}"><requestId>fake-request</requestId>'
                f"{body}</{action}Response>")

    # RAM ------------------------------------------------------------------------------------

    def handle_ram(self, path, request, region):
        """The response of a RAM call; raises FakeError."""
        self.record({"service": "ram", "region": region, "path": path, **request})
        max_results = int(request.get("maxResults", 500))
        if not 1 <= max_results <= 500:
            raise FakeError(400, "InvalidParameterException", "maxResults out of range")
        if path == "/getresourceshares":
            items, key = self._shares(request, region), "resourceShares"
        else:
            items, key = self._associations(request, region), "resourceShareAssociations"
        page, token = self._page(items, request.get("nextToken"), max_results)
        out = {key: [{k: v for k, v in i.items() if k != "region"} for i in page]}
        if token:
            out["nextToken"] = token
        return out

    def _visible(self, key, region):
        return [i for i in self.scenario.get(key, [])
                if region is None or i.get("region", region) == region]

    def _shares(self, request, region):
        if request.get("resourceOwner") not in ("SELF", "OTHER-ACCOUNTS"):
            raise FakeError(400, "InvalidParameterException", "resourceOwner is required")
        shares = self._visible("shares", region)
        if request.get("resourceShareStatus"):
            shares = [s for s in shares if s["status"] == request["resourceShareStatus"]]
        return shares

    def _associations(self, request, region):
        kind = request.get("associationType")
        if kind not in ("PRINCIPAL", "RESOURCE"):
            raise FakeError(400, "InvalidParameterException", "associationType is required")
        if kind == "PRINCIPAL" and request.get("resourceArn"):
            raise FakeError(400, "InvalidParameterException",
                            "You cannot specify a resource ARN when the association type is "
                            "PRINCIPAL.")
        items = [a for a in self._visible("associations", region) if a["associationType"] == kind]
        names = {s["resourceShareArn"]: s["name"] for s in self.scenario.get("shares", [])}
        items = [{**a, "resourceShareName": names.get(a["resourceShareArn"], "")} for a in items]
        if request.get("resourceShareArns"):
            items = [a for a in items if a["resourceShareArn"] in request["resourceShareArns"]]
        if request.get("resourceArn"):
            items = [a for a in items if a["associatedEntity"] == request["resourceArn"]]
        if request.get("associationStatus"):
            items = [a for a in items if a["status"] == request["associationStatus"]]
        return items


def main(argv):
    parser = fake_parser(__doc__)
    parser.add_argument("--scenario", help="JSON file; default: the built-in scenario")
    args = parser.parse_args(argv)
    return serve_until_stopped(
        TgwSharesFake(read_json(args.scenario), args.page_size, args.port), "tgw_shares")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
