#!/usr/bin/env python3
"""A fake of the EC2, Auto Scaling and STS calls of the ami_references collector, for what moto
cannot show: images in state `disabled` (moto has no DisableImage), small pages on every list
call, and a record of each request per account (to count batched and paced calls).

Several accounts: STS AssumeRole for arn:aws:iam::<account>:role/... answers with the access key
AKIDFAKE<account>, and every later request is served as that account (the key in its SigV4
Credential scope). Responses are serialized from botocore's ec2, autoscaling and sts models
(member locationNames, <item> or <member> lists); scenario items are dicts keyed by the model's
member names and unknown keys are refused.

Scenario (JSON): {"page_size": 2, "accounts": {"111111111111": {
    "images": [Image], "launch_permissions": {"ami-...": [LaunchPermission]},
    "instances": [Instance], "launch_templates": [{"LaunchTemplateId", "LaunchTemplateName",
    "DefaultVersionNumber", "versions": [{"VersionNumber", "LaunchTemplateData"}]}],
    "launch_configurations": [LaunchConfiguration]}}}
A consumer sees (DescribeImages without Owner) its own images, public ones and those whose
launch permissions name it by UserId. Requests are served as JSON at GET /_fake/requests and,
with --requests-log, appended to a file as JSON lines.

    python3 ami_fake.py --port 4599 --scenario scenario.json [--page-size 2] [--requests-log f]
"""

import json
import re
import sys

from fake_support import (FakeError, FakeHandler, FakeServer, credential_scope, error_xml,
                          fake_parser, model, query_params, read_json, serve_until_stopped,
                          token_offset)
from fake_support import serialize_xml as serialize

EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/"
AUTOSCALING_NAMESPACE = "http://autoscaling.amazonaws.com/doc/2011-01-01/"
STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"
KEY_PREFIX = "AKIDFAKE"

EC2_OPERATIONS = ("DescribeImages", "DescribeImageAttribute", "DescribeInstances",
                  "DescribeLaunchTemplates", "DescribeLaunchTemplateVersions")


def indexed(params, prefix):
    """Values of prefix.1, prefix.2, ... in order."""
    found = []
    for key, value in params.items():
        match = re.fullmatch(re.escape(prefix) + r"\.(\d+)", key)
        if match:
            found.append((int(match.group(1)), value))
    return [value for _, value in sorted(found)]


def filters(params):
    """{name: [values]} of Filter.N.Name / Filter.N.Value.M."""
    out = {}
    for key, name in params.items():
        match = re.fullmatch(r"Filter\.(\d+)\.Name", key)
        if match:
            out[name] = indexed(params, f"Filter.{match.group(1)}.Value")
    return out


class AmiHandler(FakeHandler):
    def do_POST(self):
        self.reply_xml(*self.fake.handle(query_params(self.read_body()),
                                         self.headers.get("Authorization", "")))


class AmiFake(FakeServer):
    """The scenario, the request log and the HTTP server; start() picks a free loopback port
    unless one is given. Thread-safety: requests are served on threads; the log is locked."""

    handler = AmiHandler

    def __init__(self, scenario, page_size=None, port=0, requests_log=None):
        super().__init__(port)
        self.scenario = scenario
        self.requests_log = requests_log
        self.page_size = page_size or scenario.get("page_size", 1000)
        self._validate()

    def _validate(self):
        ec2 = model("ec2")
        shapes = {
            "images": ec2.shape_for("Image"),
            "instances": ec2.shape_for("Instance"),
            "launch_configurations": model("autoscaling").shape_for("LaunchConfiguration"),
        }
        for account in self.scenario.get("accounts", {}).values():
            for key, shape in shapes.items():
                for item in account.get(key, []):
                    serialize(shape, item, "item")  # raises on unknown members
            for permissions in account.get("launch_permissions", {}).values():
                for item in permissions:
                    serialize(ec2.shape_for("LaunchPermission"), item, "item")
            for template in account.get("launch_templates", []):
                for version in template["versions"]:
                    serialize(ec2.shape_for("LaunchTemplateVersion"), self._version(template, version),
                              "item")

    # --- the API ---
    def handle(self, params, authorization):
        action = params.get("Action", "")
        key, region, service = credential_scope(authorization) or ("", "", "")
        account = key[len(KEY_PREFIX):] if key.startswith(KEY_PREFIX) else ""
        record = {"account": account, "region": region, "service": service, **params}
        with self._lock:
            self.requests.append(record)
            if self.requests_log:
                with open(self.requests_log, "a") as log:
                    log.write(json.dumps(record) + "\n")
        try:
            if action == "AssumeRole":
                return 200, self._assume_role(params)
            if account not in self.scenario.get("accounts", {}):
                raise FakeError(403, "AuthFailure", f"unknown access key {key!r}")
            data = self.scenario["accounts"][account]
            if action == "DescribeLaunchConfigurations":
                return 200, self._launch_configurations(data, params)
            if action not in EC2_OPERATIONS:
                raise FakeError(400, "InvalidAction", f"The action {action} is not valid for this web service.")
            return 200, getattr(self, "_" + action)(account, data, params)
        except FakeError as e:
            return e.status, error_xml(e.code, e.message)

    def _assume_role(self, params):
        match = re.fullmatch(r"arn:aws:iam::(\d{12}):role/.+", params.get("RoleArn", ""))
        if not match:
            raise FakeError(400, "ValidationError", "RoleArn is not a role ARN")
        result = {
            "Credentials": {"AccessKeyId": KEY_PREFIX + match.group(1),
                            "SecretAccessKey": "fake-secret", "SessionToken": "fake-token",
                            "Expiration": "2099-01-01T00:00:00Z"},
            "AssumedRoleUser": {"AssumedRoleId": "AROAFAKE:" + params.get("RoleSessionName", ""),
                                "Arn": params["RoleArn"]},
        }
        output = model("sts").operation_model("AssumeRole").output_shape
        body = serialize(output, result, "AssumeRoleResult", "member")
        return (f'<AssumeRoleResponse xmlns="{STS_NAMESPACE}">{body}'
                "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>")

    def _page(self, action, params, items, member, token_name="nextToken", max_name="MaxResults"):
        """The page of `items` NextToken asks for, serialized as the output's `member`."""
        token = params.get("NextToken")
        offset = token_offset(token, action,
                              FakeError(400, "InvalidNextToken", f"The token '{token}' is invalid."))
        size = min(int(params.get(max_name, 1000)), self.page_size)
        service = "autoscaling" if action == "DescribeLaunchConfigurations" else "ec2"
        output = model(service).operation_model(action).output_shape
        shape = output.members[member]
        list_item = "member" if service == "autoscaling" else "item"
        body = serialize(shape, items[offset:offset + size],
                         shape.serialization.get("name", member), list_item)
        if offset + size < len(items):
            body += f"<{token_name}>{action}:{offset + size}</{token_name}>"
        return body

    def _ec2(self, action, body):
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{action}Response xmlns="{EC2_NAMESPACE}">'
                f"<requestId>fake-{len(self.requests)}</requestId>{body}</{action}Response>")

    def _visible_to(self, account, image):
        if image.get("Public"):
            return True
        for owner, data in self.scenario["accounts"].items():
            if image in data.get("images", []):
                if owner == account:
                    return True
                permissions = data.get("launch_permissions", {}).get(image["ImageId"], [])
                return any(p.get("UserId") == account for p in permissions)
        return False

    def _DescribeImages(self, account, data, params):
        owners = indexed(params, "Owner")
        include_disabled = params.get("IncludeDisabled") == "true"
        if owners:
            if owners != ["self"]:
                raise FakeError(400, "InvalidParameterValue", "the fake serves Owner=self only")
            images = list(data.get("images", []))
        else:
            images = [image for other in self.scenario["accounts"].values()
                      for image in other.get("images", []) if self._visible_to(account, image)]
        wanted = filters(params).get("image-id")
        if wanted is not None:
            if len(wanted) > 200:
                raise FakeError(400, "FilterLimitExceeded", "at most 200 filter values")
            images = [image for image in images if image["ImageId"] in wanted]
        images = [image for image in images
                  if include_disabled or image.get("State") != "disabled"]
        return self._ec2("DescribeImages", self._page("DescribeImages", params, images, "Images"))

    def _DescribeImageAttribute(self, account, data, params):
        image_id = params.get("ImageId", "")
        if params.get("Attribute") != "launchPermission":
            raise FakeError(400, "InvalidParameterValue", "the fake serves launchPermission only")
        if image_id not in {image["ImageId"] for image in data.get("images", [])}:
            raise FakeError(400, "InvalidAMIID.NotFound", f"The image id '[{image_id}]' does not exist")
        output = model("ec2").operation_model("DescribeImageAttribute").output_shape
        body = "".join([
            serialize(output.members["ImageId"], image_id, "imageId"),
            serialize(output.members["LaunchPermissions"],
                      data.get("launch_permissions", {}).get(image_id, []), "launchPermission"),
        ])
        return self._ec2("DescribeImageAttribute", body)

    def _DescribeInstances(self, account, data, params):
        states = filters(params).get("instance-state-name")
        instances = [i for i in data.get("instances", [])
                     if states is None or i.get("State", {}).get("Name") in states]
        reservations = [{"ReservationId": "r-" + i["InstanceId"][2:], "OwnerId": account,
                         "Instances": [i]} for i in instances]
        return self._ec2("DescribeInstances",
                         self._page("DescribeInstances", params, reservations, "Reservations"))

    @staticmethod
    def _version(template, version):
        return {"LaunchTemplateId": template["LaunchTemplateId"],
                "LaunchTemplateName": template["LaunchTemplateName"],
                "DefaultVersion": version["VersionNumber"] == template["DefaultVersionNumber"],
                **version}

    def _DescribeLaunchTemplates(self, account, data, params):
        templates = [{"LaunchTemplateId": t["LaunchTemplateId"],
                      "LaunchTemplateName": t["LaunchTemplateName"],
                      "DefaultVersionNumber": t["DefaultVersionNumber"],
                      "LatestVersionNumber": max(v["VersionNumber"] for v in t["versions"])}
                     for t in data.get("launch_templates", [])]
        return self._ec2("DescribeLaunchTemplates", self._page(
            "DescribeLaunchTemplates", params, templates, "LaunchTemplates"))

    def _DescribeLaunchTemplateVersions(self, account, data, params):
        templates = data.get("launch_templates", [])
        template_id = params.get("LaunchTemplateId")
        wanted = indexed(params, "LaunchTemplateVersion")
        versions = []
        if template_id:
            matching = [t for t in templates if t["LaunchTemplateId"] == template_id]
            if not matching:
                raise FakeError(400, "InvalidLaunchTemplateId.NotFound",
                                f"The specified launch template, with template ID {template_id}, does not exist.")
            versions = [self._version(matching[0], v) for v in matching[0]["versions"]]
        else:
            if not wanted or set(wanted) - {"$Default", "$Latest"}:
                raise FakeError(400, "InvalidParameterValue",
                                "Without a template, versions must be $Latest and/or $Default")
            for t in templates:
                latest = max(v["VersionNumber"] for v in t["versions"])
                for v in t["versions"]:
                    is_default = v["VersionNumber"] == t["DefaultVersionNumber"]
                    is_latest = v["VersionNumber"] == latest
                    # AWS lists a version once per name it matches: twice when default and latest.
                    for _ in range(int("$Default" in wanted and is_default)
                                   + int("$Latest" in wanted and is_latest)):
                        versions.append(self._version(t, v))
        return self._ec2("DescribeLaunchTemplateVersions", self._page(
            "DescribeLaunchTemplateVersions", params, versions, "LaunchTemplateVersions"))

    def _launch_configurations(self, data, params):
        body = self._page("DescribeLaunchConfigurations", params,
                          data.get("launch_configurations", []), "LaunchConfigurations",
                          token_name="NextToken", max_name="MaxRecords")
        return (f'<DescribeLaunchConfigurationsResponse xmlns="{AUTOSCALING_NAMESPACE}">'
                f"<DescribeLaunchConfigurationsResult>{body}</DescribeLaunchConfigurationsResult>"
                "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata>"
                "</DescribeLaunchConfigurationsResponse>")


def main(argv):
    parser = fake_parser(__doc__)
    parser.add_argument("--scenario", required=True, help="JSON file")
    parser.add_argument("--requests-log", help="append each request as a JSON line to this file")
    args = parser.parse_args(argv)
    return serve_until_stopped(
        AmiFake(read_json(args.scenario), args.page_size, args.port, args.requests_log), "ami")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
