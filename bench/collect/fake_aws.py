#!/usr/bin/env python3
"""Bench-only fake AWS for the collection benchmark (a fake, not AWS): one asyncio HTTP/1.1 server
on loopback answering every call the ipam, tgw_shares, inspector_coverage and ami_references
collectors make, for any number of accounts, with an injected latency and throttling rate.

Every account has the same small estate (bodies differ only in the account id): 2 VPCs with 3
subnets each, no IPAMs (DescribeIpams, asked in the IPAM account only, lists none), no transit
gateways, 3
instances (2 running one of the owner's images), 1 launch template, no launch configurations,
and Inspector coverage of two of the instances. The owner account (--owner) has 2 images, one
public, and is Inspector's delegated administrator in the benchmark's config: BatchGetAccountStatus
answers every asked account (up to 100 per call, as the service), ListCoverage the account its
accountId filter names. Responses are serialized from botocore's models by tests/fakes/ami_fake.py's
serializer (EC2, Auto Scaling, STS) once per distinct request and then reused with the account id
substituted, so that the fake is not what limits the rate (about 0.4 ms of CPU per call: 9 s
over the 21,000 calls of a 1,000-account cycle).

Latency: every answer (throttled ones too) waits --latency-ms without holding the event loop.
Throttling: a seeded random --throttle share of all calls (AssumeRole included) is answered as
AWS does per protocol: EC2 503 RequestLimitExceeded, STS and Auto Scaling 400
Throttling (query XML), Inspector 429 ThrottlingException (REST-JSON, x-amzn-ErrorType).

GET /_fake/stats: {"calls": {"service:Operation": n}, "throttled": {...}, "cpu_seconds": s}.
POST /_fake/reset clears the counters.

    python3 fake_aws.py --port 0 --owner 100000000000 [--latency-ms 50] [--throttle 0.1]
prints "listening port=<port>" when ready.
"""
import argparse
import asyncio
import json
import os
import random
import re
import resource
import sys
from collections import Counter
from urllib.parse import parse_qsl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                                "fakes"))
import ami_fake  # noqa: E402  (the botocore-model serializer and the AMI calls)

TEMPLATE_ACCOUNT = "999900000000"  # stands for "this account" in cached bodies
EC2_NS = ami_fake.EC2_NAMESPACE


def ec2_body(action, member, items):
    output = ami_fake.model("ec2").operation_model(action).output_shape
    shape = output.members[member]
    inner = ami_fake.serialize(shape, items, shape.serialization.get("name", member))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{action}Response xmlns="{EC2_NS}">'
            f"<requestId>fake</requestId>{inner}</{action}Response>")


def estate(owner):
    """The ami_fake scenario: the owner's images and the template consumer's resources."""
    shared = {"ImageId": "ami-0aaaaaaaaaaaaaaa1", "OwnerId": owner, "State": "available",
              "Name": "golden-2026-11", "CreationDate": "2026-11-01T00:00:00.000Z",
              "Public": True, "ImageType": "machine"}
    private = dict(shared, ImageId="ami-0aaaaaaaaaaaaaaa2", Name="golden-2026-10", Public=False)

    def instance(n, image):
        return {"InstanceId": f"i-0{n:016x}", "ImageId": image, "State": {"Name": "running", "Code": 16},
                "LaunchTime": "2026-11-02T00:00:00.000Z", "InstanceType": "t3.micro"}
    consumer = {
        "instances": [instance(1, shared["ImageId"]), instance(2, shared["ImageId"]),
                      instance(3, "ami-0bbbbbbbbbbbbbbb1")],
        "launch_templates": [{"LaunchTemplateId": "lt-0aaaaaaaaaaaaaaa1", "LaunchTemplateName": "web",
                              "DefaultVersionNumber": 1,
                              "versions": [{"VersionNumber": 1, "LaunchTemplateData": {
                                  "ImageId": shared["ImageId"]}}]}],
        "launch_configurations": [],
    }
    return {"page_size": 1000, "accounts": {
        owner: {"images": [shared, private],
                "launch_permissions": {shared["ImageId"]: [{"Group": "all"}]},
                **consumer},
        TEMPLATE_ACCOUNT: consumer}}


def vpcs_and_subnets():
    vpcs, subnets = [], []
    for v in range(2):
        vpc_id = f"vpc-0{v + 1:016x}"
        vpcs.append({"VpcId": vpc_id, "CidrBlock": f"10.{v}.0.0/16", "OwnerId": TEMPLATE_ACCOUNT,
                     "State": "available", "IsDefault": False,
                     "CidrBlockAssociationSet": [{"AssociationId": f"vpc-cidr-assoc-0{v + 1:016x}",
                                                  "CidrBlock": f"10.{v}.0.0/16",
                                                  "CidrBlockState": {"State": "associated"}}]})
        for s in range(3):
            subnets.append({"SubnetId": f"subnet-0{v * 3 + s + 1:016x}", "VpcId": vpc_id,
                            "CidrBlock": f"10.{v}.{s}.0/24", "AvailableIpAddressCount": 200 - 50 * s,
                            "AvailabilityZone": "zone-a", "State": "available",
                            "OwnerId": TEMPLATE_ACCOUNT})
    return vpcs, subnets


class Fake:
    def __init__(self, owner, latency, throttle, seed):
        self.owner = owner
        self.latency = latency
        self.throttle = throttle
        self.random = random.Random(seed)
        self.ami = ami_fake.AmiFake(estate(owner))
        self.ami.requests = _Discard()
        vpcs, subnets = vpcs_and_subnets()
        self.static = {
            "DescribeVpcs": ec2_body("DescribeVpcs", "Vpcs", vpcs),
            "DescribeSubnets": ec2_body("DescribeSubnets", "Subnets", subnets),
            "DescribeIpams": ec2_body("DescribeIpams", "Ipams", []),
            "DescribeTransitGateways": ec2_body("DescribeTransitGateways", "TransitGateways", []),
        }
        self.instance_ids = [i["InstanceId"] for i in estate(owner)["accounts"][owner]["instances"]]
        self.cache = {}
        self.calls = Counter()
        self.throttled = Counter()

    # --- one request → (status, headers, body) ---
    def answer(self, method, path, headers, body):
        auth = headers.get("authorization", "")
        match = re.search(r"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/", auth)
        key, region, service = match.groups() if match else ("", "", "")
        account = key[len(ami_fake.KEY_PREFIX):] if key.startswith(ami_fake.KEY_PREFIX) else ""
        if service == "inspector2":
            operation = {"/coverage/list": "ListCoverage",
                         "/status/batch/get": "BatchGetAccountStatus"}.get(path, path)
        else:
            params = dict(parse_qsl(body.decode(), keep_blank_values=True))
            operation = params.get("Action", "?")
        name = f"{service}:{operation}"
        self.calls[name] += 1
        if self.throttle and self.random.random() < self.throttle:
            self.throttled[name] += 1
            return throttled(service)
        if service == "inspector2":
            return self.inspector(operation, body)
        if operation in self.static:
            return 200, XML, self.static[operation].replace(TEMPLATE_ACCOUNT, account)
        # AMI calls and AssumeRole: ami_fake's answer for the owner, or for the template consumer
        # with this account's id substituted.
        as_account = account if account in (self.owner, "") else TEMPLATE_ACCOUNT
        cache_key = (as_account, region, service, tuple(sorted(params.items())))
        cached = self.cache.get(cache_key)
        if cached is None or operation == "AssumeRole":
            fake_auth = auth.replace(key, ami_fake.KEY_PREFIX + as_account) if key else auth
            cached = self.ami.handle(params, fake_auth)
            if operation != "AssumeRole":
                self.cache[cache_key] = cached
        status, text = cached
        return status, XML, text.replace(TEMPLATE_ACCOUNT, account) if account else text

    def inspector(self, operation, body):
        request = json.loads(body or b"{}")
        if operation == "BatchGetAccountStatus":
            # Every asked account, as the delegated administrator answers for its organisation
            # (botocore's BatchGetAccountStatusResponse; AccountIdSet takes at most 100 ids).
            ids = request.get("accountIds", [])
            if len(ids) > 100:
                return 400, JSON, json.dumps({"message": "accountIds: at most 100 members"}), {
                    "x-amzn-ErrorType": "ValidationException"}
            enabled = {"status": "ENABLED", "errorCode": "ALREADY_ENABLED", "errorMessage": "-"}
            return 200, JSON, json.dumps({"accounts": [
                {"accountId": a, "state": enabled,
                 "resourceState": {"ec2": enabled, "ecr": enabled}}
                for a in ids], "failedAccounts": []})
        if operation != "ListCoverage":
            return 400, JSON, json.dumps({"message": f"unsupported {operation}"})
        account = request.get("filterCriteria", {}).get("accountId", [{}])[0].get("value", "")
        items = [{"accountId": account, "resourceId": i, "resourceType": "AWS_EC2_INSTANCE",
                  "scanType": "PACKAGE",
                  "scanStatus": {"statusCode": "ACTIVE", "reason": "SUCCESSFUL"}}
                 for i in self.instance_ids[:2]]  # the third instance is not covered
        return 200, JSON, json.dumps({"coveredResources": items})

    def stats(self):
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {"calls": dict(self.calls), "throttled": dict(self.throttled),
                "cpu_seconds": usage.ru_utime + usage.ru_stime}


class _Discard(list):
    def append(self, _):  # ami_fake records every request; the benchmark counts them itself
        pass


XML = "text/xml;charset=UTF-8"
JSON = "application/json"


def throttled(service):
    if service == "inspector2":
        return 429, JSON, json.dumps({"message": "Rate exceeded"}), {
            "x-amzn-ErrorType": "ThrottlingException"}
    if service == "ec2":
        return 503, XML, ami_fake.error_xml("RequestLimitExceeded", "Request limit exceeded.")
    return 400, XML, ('<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>'
                      '<Message>Rate exceeded</Message></Error><RequestId>fake</RequestId>'
                      '</ErrorResponse>')


async def serve_connection(fake, reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    k, v = line.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            path = target.split("?", 1)[0]
            extra = {}
            if path == "/_fake/stats":
                status, ctype, text = 200, JSON, json.dumps(fake.stats())
            elif path == "/_fake/reset":
                fake.calls.clear()
                fake.throttled.clear()
                status, ctype, text = 200, JSON, "{}"
            else:
                if method == "GET" and "?" in target:
                    body = target.split("?", 1)[1].encode()
                reply = fake.answer(method, path, headers, body)
                status, ctype, text = reply[:3]
                if len(reply) > 3:
                    extra = reply[3]
                await asyncio.sleep(fake.latency)
            data = text.encode()
            out = [f"HTTP/1.1 {status} X", f"Content-Type: {ctype}", f"Content-Length: {len(data)}",
                   "x-amzn-RequestId: fake"] + [f"{k}: {v}" for k, v in extra.items()]
            writer.write(("\r\n".join(out) + "\r\n\r\n").encode() + data)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main_async(args):
    fake = Fake(args.owner, args.latency_ms / 1000.0, args.throttle, args.seed)
    server = await asyncio.start_server(lambda r, w: serve_connection(fake, r, w), "127.0.0.1",
                                        args.port, backlog=1024)
    print(f"listening port={server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--owner", required=True, help="the AMI owner (and IPAM) account")
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--throttle", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    try:
        asyncio.run(main_async(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
