#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from the project's own test
data: the config test files (tests/config), the CloudTrail records the sg_changes fake builds
(tests/fakes/sg_changes_cloudtrail_fake.py), and AWS responses shaped as the fakes and moto
serve them (botocore's models: EC2 <item> lists, query-protocol <member> lists, JSON members).
The seeds are committed; re-run after changing a driver or a fake (it overwrites its own files
and leaves the others, such as the regression-* inputs that once crashed or hung a target):

    python3 tests/fuzz/make_seeds.py

Files are small (a few hundred bytes) so that the CI's short runs start from useful inputs.
libFuzzer adds what it finds to its own output corpus, never here.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
sys.path.insert(0, os.path.join(ROOT, "tests", "fakes"))

from sg_changes_cloudtrail_fake import authorize_record  # noqa: E402

EC2 = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"'
ACCOUNT = "111111111111"


def ec2(operation, inner, token=None):
    nt = f"<nextToken>{token}</nextToken>" if token else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{operation}Response {EC2}>'
            f"<requestId>r-1</requestId>{inner}{nt}</{operation}Response>")


def items(set_name, *bodies):
    return f"<{set_name}>" + "".join(f"<item>{b}</item>" for b in bodies) + f"</{set_name}>"


def ec2_error(code, message):
    return (f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error>"
            "</Errors><RequestID>r-err</RequestID></Response>")


def script(driver, *responses):
    """responses: (status, body) or (status, body, {header: value})."""
    out = [driver]
    for r in responses:
        status, body = r[0], r[1]
        out.append(f"--- {status}")
        for name, value in (r[2] if len(r) > 2 else {}).items():
            out.append(f"> {name}: {value}")
        out.append(body)
    return "\n".join(out) + "\n"


VPC = ("<vpcId>vpc-0a</vpcId><ownerId>111111111111</ownerId><cidrBlock>10.0.0.0/16</cidrBlock>"
       + items("cidrBlockAssociationSet",
               "<cidrBlock>10.0.0.0/16</cidrBlock><cidrBlockState><state>associated</state>"
               "</cidrBlockState>")
       + items("ipv6CidrBlockAssociationSet",
               "<ipv6CidrBlock>2001:db8::/56</ipv6CidrBlock><ipv6CidrBlockState><state>associated"
               "</state></ipv6CidrBlockState>")
       + items("tagSet", "<key>Name</key><value>main</value>"))
SUBNET = ("<subnetId>subnet-1</subnetId><vpcId>vpc-0a</vpcId><ownerId>111111111111</ownerId>"
          "<cidrBlock>10.0.1.0/24</cidrBlock><availableIpAddressCount>200</availableIpAddressCount>"
          "<availabilityZone>eu-west-1a</availabilityZone>")
IPAM = ("<ipamId>ipam-1</ipamId><ipamArn>arn:aws:ec2::111111111111:ipam/ipam-1</ipamArn>"
        "<ipamRegion>eu-west-1</ipamRegion>")
SCOPE = ("<ipamScopeId>ipam-scope-1</ipamScopeId><ipamScopeType>private</ipamScopeType>"
         "<ipamArn>arn:aws:ec2::111111111111:ipam/ipam-1</ipamArn>")
RESOURCE_CIDR = ("<ipamScopeId>ipam-scope-1</ipamScopeId><resourceType>vpc</resourceType>"
                 "<resourceId>vpc-0a</resourceId><resourceCidr>10.0.0.0/16</resourceCidr>"
                 "<resourceOwnerId>222222222222</resourceOwnerId><resourceRegion>eu-west-1"
                 "</resourceRegion><ipUsage>0.8125</ipUsage><managementState>managed"
                 "</managementState><vpcId>vpc-0a</vpcId>")
POOL = ("<ipamPoolId>ipam-pool-1</ipamPoolId><ipamArn>arn:aws:ec2::111111111111:ipam/ipam-1"
        "</ipamArn><ipamScopeType>private</ipamScopeType><ownerId>111111111111</ownerId>"
        "<locale>eu-west-1</locale><addressFamily>ipv4</addressFamily>")
IMAGE = ("<imageId>ami-0a</imageId><imageOwnerId>111111111111</imageOwnerId>"
         "<imageState>available</imageState><isPublic>false</isPublic>")
INSTANCE = ("<instanceId>i-0a</instanceId><imageId>ami-0a</imageId><instanceState><name>running"
            "</name></instanceState>" + items("tagSet", "<key>InspectorException</key><value>yes</value>"))
RESERVATIONS = items("reservationSet", items("instancesSet", INSTANCE))
TGW = ("<transitGatewayId>tgw-0a</transitGatewayId><transitGatewayArn>arn:aws:ec2:eu-west-1:"
       "111111111111:transit-gateway/tgw-0a</transitGatewayArn><ownerId>111111111111</ownerId>"
       "<state>available</state>")
ATTACHMENT = ("<transitGatewayAttachmentId>tgw-attach-1</transitGatewayAttachmentId>"
              "<transitGatewayId>tgw-0a</transitGatewayId><resourceOwnerId>222222222222"
              "</resourceOwnerId><resourceType>vpc</resourceType><resourceId>vpc-0b</resourceId>"
              "<state>available</state>")
LAUNCH_PERMISSIONS = ec2("DescribeImageAttribute", "<imageId>ami-0a</imageId>" + items(
    "launchPermission", "<userId>222222222222</userId>", "<group>all</group>",
    "<organizationalUnitArn>arn:aws:organizations::111111111111:ou/o-abc/ou-abc-1"
    "</organizationalUnitArn>", "<organizationArn>arn:aws:organizations::111111111111:"
    "organization/o-abc</organizationArn>"))
LAUNCH_CONFIGS = ('<DescribeLaunchConfigurationsResponse xmlns="http://autoscaling.amazonaws.com/'
                  'doc/2011-01-01/"><DescribeLaunchConfigurationsResult><LaunchConfigurations>'
                  "<member><LaunchConfigurationName>lc-1</LaunchConfigurationName><ImageId>ami-0a"
                  "</ImageId></member></LaunchConfigurations><NextToken>lc-2</NextToken>"
                  "</DescribeLaunchConfigurationsResult></DescribeLaunchConfigurationsResponse>")
ASSUME_ROLE = ('<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
               "<AssumeRoleResult><Credentials><AccessKeyId>ASIAFUZZ</AccessKeyId>"
               "<SecretAccessKey>fuzz-secret</SecretAccessKey><SessionToken>fuzz-token"
               "</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
               "<AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/r/s</Arn>"
               "<AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
               "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>")

EC2_SEEDS = {
    "ipam": script(
        "ipam",
        (200, ec2("DescribeVpcs", items("vpcSet", VPC), token="t1")),
        (200, ec2("DescribeVpcs", items("vpcSet"))),
        (200, ec2("DescribeSubnets", items("subnetSet", SUBNET))),
        (200, ec2("DescribeIpams", items("ipamSet", IPAM))),
        (200, ec2("DescribeIpamScopes", items("ipamScopeSet", SCOPE))),
        (200, ec2("GetIpamResourceCidrs", items("ipamResourceCidrSet", RESOURCE_CIDR))),
        (200, ec2("DescribeIpamPools", items("ipamPoolSet", POOL))),
        (200, ec2("GetIpamPoolCidrs", items("ipamPoolCidrSet", "<cidr>10.0.0.0/8</cidr><state>"
                                            "provisioned</state>"))),
        (200, ec2("GetIpamPoolAllocations", items("ipamPoolAllocationSet",
                                                  "<cidr>10.0.0.0/16</cidr>")))),
    "ipam_throttled": script(
        "ipam", (503, ec2_error("RequestLimitExceeded", "slow down")),
        (200, ec2("DescribeVpcs", items("vpcSet", VPC))),
        (403, ec2_error("UnauthorizedOperation", "not allowed"))),
    "ami": script(
        "ami",
        (200, ec2("DescribeInstances", RESERVATIONS)),
        (200, ec2("DescribeLaunchTemplateVersions", items(
            "launchTemplateVersionSet", "<launchTemplateId>lt-1</launchTemplateId><versionNumber>3"
            "</versionNumber><launchTemplateData><imageId>ami-0b</imageId></launchTemplateData>"))),
        (200, LAUNCH_CONFIGS),
        (200, ec2("DescribeImages", items("imagesSet", IMAGE))),
        (200, ec2("DescribeImages", items("imagesSet"))),
        (200, LAUNCH_PERMISSIONS)),
    "ami_owner": script(
        "ami_owner",
        (200, ec2("DescribeImages", items("imagesSet", IMAGE), token="p2")),
        (200, ec2("DescribeImages", items("imagesSet", IMAGE.replace("0a", "0c")))),
        (200, LAUNCH_PERMISSIONS),
        (200, ec2("DescribeImages", items("imagesSet", IMAGE)))),
    "ami_consumer": script(
        "ami_consumer",
        (200, ec2("DescribeInstances", RESERVATIONS)),
        (200, ec2("DescribeLaunchTemplateVersions", items(
            "launchTemplateVersionSet", "<launchTemplateId>lt-1</launchTemplateId><versionNumber>1"
            "</versionNumber><launchTemplateData><imageId>resolve:ssm:/x</imageId>"
            "</launchTemplateData>"))),
        (200, ec2("DescribeLaunchTemplates", items(
            "launchTemplates", "<launchTemplateId>lt-1</launchTemplateId>"))),
        (200, ec2("DescribeLaunchTemplateVersions", items("launchTemplateVersionSet"))),
        (200, LAUNCH_CONFIGS),
        (200, LAUNCH_CONFIGS.replace("<NextToken>lc-2</NextToken>", ""))),
    "inspector_ec2": script("inspector_ec2", (200, ec2("DescribeInstances", RESERVATIONS))),
    "tgw_ec2": script(
        "tgw_ec2",
        (200, ec2("DescribeTransitGateways", items("transitGatewaySet", TGW))),
        (200, ec2("DescribeTransitGatewayAttachments", items("transitGatewayAttachments",
                                                             ATTACHMENT)))),
    "assume_role": script("assume_role", (200, ASSUME_ROLE)),
    "assume_role_denied": script(
        "assume_role",
        (403, '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>'
              "Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform "
              "sts:AssumeRole</Message></Error><RequestId>r-2</RequestId></ErrorResponse>")),
    "pages": script(
        "pages",
        (200, ec2("DescribeVpcs", items("vpcSet", VPC), token="a")),
        (200, ec2("DescribeVpcs", items("vpcSet", VPC), token="a")),
        (500, "<html>internal error</html>", {"x-amzn-requestid": "r-3"})),
}

RECORD = authorize_record("ev-1", ACCOUNT, "eu-west-1", "sg-0a", "0.0.0.0/0", 22,
                          "2026-11-20T10:00:00Z")


def lookup_events(*records, token=None):
    body = {"Events": [{"EventId": r["eventID"], "EventName": r["eventName"],
                        "EventTime": 1795168800, "CloudTrailEvent": json.dumps(r)}
                       for r in records]}
    if token:
        body["NextToken"] = token
    return json.dumps(body)


JSON_HEADERS = {"content-type": "application/x-amz-json-1.1"}
JSON_SEEDS = {
    "inspector": script(
        "inspector",
        (200, ec2("DescribeInstances", RESERVATIONS)),
        (200, json.dumps({"accounts": [{"accountId": ACCOUNT, "state": {"status": "ENABLED"},
                                        "resourceState": {"ec2": {"status": "ENABLED"}}}],
                          "failedAccounts": []})),
        (200, json.dumps({"coveredResources": [
            {"resourceId": "i-0a", "resourceType": "AWS_EC2_INSTANCE", "accountId": ACCOUNT,
             "scanType": "PACKAGE", "scanStatus": {"statusCode": "ACTIVE", "reason": "SUCCESSFUL"}}],
            "nextToken": "n1"})),
        (200, json.dumps({"coveredResources": []})),
        (200, json.dumps({"Items": [{"InstanceId": {"S": "i-0a"}, "ExceptionType": {"S": "DoNotStart"},
                                     "AccountId": {"S": ACCOUNT}}], "Count": 1}), JSON_HEADERS)),
    "inspector_api": script(
        "inspector_api",
        (200, json.dumps({"coveredResources": [
            {"resourceId": "i-0a", "resourceType": "AWS_EC2_INSTANCE", "accountId": ACCOUNT,
             "scanType": "NETWORK", "scanStatus": {"statusCode": "INACTIVE", "reason": "STALE"}}]})),
        (200, json.dumps({"accounts": [], "failedAccounts": [
            {"accountId": ACCOUNT, "resourceStatus": {"ec2": "SUSPENDED"}, "errorCode": "X"}]}))),
    "tgw": script(
        "tgw",
        (200, ec2("DescribeTransitGateways", items("transitGatewaySet", TGW))),
        (200, ec2("DescribeTransitGatewayAttachments", items("transitGatewayAttachments",
                                                             ATTACHMENT))),
        (200, json.dumps({"resourceShares": [{"resourceShareArn": "arn:aws:ram:eu-west-1:"
                                              "111111111111:resource-share/a", "name": "tgw",
                                              "status": "ACTIVE"}]})),
        (200, json.dumps({"resourceShareAssociations": [
            {"resourceShareArn": "arn:aws:ram:eu-west-1:111111111111:resource-share/a",
             "associatedEntity": "arn:aws:ec2:eu-west-1:111111111111:transit-gateway/tgw-0a",
             "associationType": "RESOURCE", "status": "ASSOCIATED"}]})),
        (200, json.dumps({"resourceShareAssociations": [
            {"resourceShareArn": "arn:aws:ram:eu-west-1:111111111111:resource-share/a",
             "associatedEntity": "222222222222", "associationType": "PRINCIPAL",
             "status": "ASSOCIATING"}]})),
        (200, json.dumps({"Items": [{"tgw_id": {"S": "tgw-0a"}, "account_id": {"S": "222222222222"},
                                     "vpc_id": {"S": "vpc-0b"}}]}), JSON_HEADERS)),
    "tgw_ram": script(
        "tgw_ram",
        (200, json.dumps({"resourceShares": [{"resourceShareArn": "arn:a", "name": "n",
                                              "status": "ACTIVE"}], "nextToken": "x"})),
        (200, json.dumps({"resourceShares": []})),
        (200, json.dumps({"resourceShareAssociations": [{"resourceShareArn": "arn:a",
                                                         "status": "ASSOCIATED"}]})),
        (200, json.dumps({"resourceShareAssociations": [
            {"resourceShareArn": "arn:aws:ram:eu-west-1:111111111111:share/a",
             "associatedEntity": "arn:aws:organizations::111111111111:ou/o-abc/ou-abc-1",
             "associationType": "PRINCIPAL", "status": "ASSOCIATED"}]})),
        (200, json.dumps({"Accounts": [{"Id": "333333333333", "Status": "ACTIVE"}]})),
        (200, json.dumps({"Children": [{"Id": "ou-abc-2", "Type": "ORGANIZATIONAL_UNIT"}]})),
        (200, json.dumps({"Accounts": [{"Id": "444444444444", "Status": "SUSPENDED"}]})),
        (200, json.dumps({"Children": []}))),
    "sg_lookup": script(
        "sg_lookup",
        (200, lookup_events(RECORD, token="n1"), JSON_HEADERS),
        (200, lookup_events(authorize_record("ev-2", ACCOUNT, "eu-west-1", "sg-0b", "::/0", 443,
                                             "2026-11-20T10:01:00Z",
                                             event_name="AuthorizeSecurityGroupEgress")),
         JSON_HEADERS),
        (400, json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}),
         JSON_HEADERS)),
    "sg_lake": script(
        "sg_lake",
        (200, json.dumps({"QueryId": "q-1"}), JSON_HEADERS),
        (200, json.dumps({"QueryStatus": "RUNNING"}), JSON_HEADERS),
        (200, json.dumps({"QueryStatus": "FINISHED", "QueryResultRows": [
            [{"eventJson": json.dumps(RECORD)}]]}), JSON_HEADERS)),
    "discovery": script(
        "discovery",
        (200, json.dumps({"Children": [{"Id": "ou-abcd-22222222", "Type": "ORGANIZATIONAL_UNIT"}]}),
         JSON_HEADERS),
        (200, json.dumps({"Accounts": [{"Id": "222222222222", "Name": "b", "Status": "ACTIVE"},
                                       {"Id": "333333333333", "Name": "c", "Status": "ACTIVE"}],
                          "NextToken": "t"}), JSON_HEADERS),
        (200, json.dumps({"Accounts": []}), JSON_HEADERS),
        (200, json.dumps({"Children": []}), JSON_HEADERS)),
    "denied": script(
        "pages",
        (400, json.dumps({"__type": "com.amazon.coral.service#AccessDeniedException:x",
                          "Message": "no"}), {"x-amzn-errortype": "AccessDeniedException:http"})),
    "pages": script(
        "pages",
        (200, json.dumps({"Items": [{"a": {"S": "b"}}], "LastEvaluatedKey": {"a": {"S": "b"}}})),
        (200, json.dumps({"Items": [], "LastEvaluatedKey": {"a": {"S": "b"}}})),
        (200, "{not json")),
}

CLOUDTRAIL_SEEDS = {
    "ingress": json.dumps(RECORD),
    "egress_ipv6": json.dumps(authorize_record("ev-3", ACCOUNT, "eu-west-1", "sg-0c", "::/0", 80,
                                               "2026-11-20T10:00:00.123Z",
                                               event_name="AuthorizeSecurityGroupEgress")),
    "failed_call": json.dumps(authorize_record("ev-4", ACCOUNT, "eu-west-1", "sg-0d", "1.2.3.4/32",
                                               22, "2026-11-20T10:00:00Z",
                                               error_code="Client.InvalidPermission.Duplicate")),
    "modify": json.dumps({
        "eventVersion": "1.09", "eventTime": "2026-11-20T11:00:00Z", "eventName":
        "ModifySecurityGroupRules", "awsRegion": "eu-west-1", "eventID": "ev-5",
        "recipientAccountId": ACCOUNT, "userIdentity": {"arn": "arn:aws:sts::1:assumed-role/r/s"},
        "requestParameters": {"ModifySecurityGroupRulesRequest": {"GroupId": "sg-0e",
            "SecurityGroupRule": {"SecurityGroupRuleId": "sgr-1", "SecurityGroupRule": {
                "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv4": "0.0.0.0/0"}}}}}),
    "sources": json.dumps({
        "eventTime": "2026-11-20T12:00:00Z", "eventName": "AuthorizeSecurityGroupIngress",
        "eventID": "ev-6", "recipientAccountId": ACCOUNT, "awsRegion": "eu-west-1",
        "requestParameters": {"groupName": "default", "ipPermissions": {"items": [
            {"ipProtocol": "icmp", "fromPort": 8, "toPort": 0,
             "ipv6Ranges": {"items": [{"cidrIpv6": "::/0"}]},
             "prefixListIds": {"items": [{"prefixListId": "pl-1"}]},
             "groups": {"items": [{"groupId": "sg-9", "userId": "222222222222"}]}},
            {"ipProtocol": "17", "fromPort": "1024", "toPort": "65535",
             "ipRanges": {"items": [{"cidrIp": "10.0.0.0/8"}]}}]}}}),
    "time": "2026-11-20T10:00:00Z",
}

HTTP_SEEDS = {
    "metrics": "GET /metrics HTTP/1.1\r\nHost: localhost\r\nAccept: application/openmetrics-text;"
               "version=1.0.0,text/plain;q=0.5\r\nAccept-Encoding: gzip\r\n\r\n",
    "head_landing": "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "landing": "GET /?x=1 HTTP/1.1\r\n\r\n",
    "healthy": "GET /-/healthy HTTP/1.1\r\n\r\n",
    "ready": "GET /-/ready HTTP/1.0\r\n\r\n",
    "reload": "POST /-/reload HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
    "not_found": "GET /metrics/../x%2e HTTP/1.1\r\n\r\n",
    "too_large": "POST /api/v1/sg_changes/changes/approve HTTP/1.1\r\nContent-Length: 99999\r\n\r\n{}",
    "review_page": "GET /sg_changes/review HTTP/1.1\r\nHost: localhost:9100\r\n"
                   "Authorization: Basic YWxpY2U6ZnV6ei1yZXZpZXctdG9rZW4=\r\n\r\n",
    "review_form": "POST /sg_changes/review HTTP/1.1\r\nHost: localhost:9100\r\nOrigin: "
                   "http://localhost:9100\r\nAuthorization: Basic YWxpY2U6ZnV6ei1yZXZpZXctdG9rZW4=\r\n"
                   "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 44\r\n\r\n"
                   "id=e-1%2F0&decision=deny&form_token=abcdef12",
    "api_list": "GET /api/v1/sg_changes/changes?state=pending HTTP/1.1\r\n"
                "Authorization: Bearer fuzz-review-token\r\n\r\n",
    "api_approve": "POST /api/v1/sg_changes/changes/approve HTTP/1.1\r\nAuthorization: Bearer "
                   "fuzz-review-token\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n"
                   '{"id":"e-1/0"}',
    "api_deny": "POST /api/v1/sg_changes/changes/deny HTTP/1.1\r\nAuthorization: Bearer "
                "fuzz-review-token\r\nContent-Type: application/json\r\nSec-Fetch-Site: same-origin"
                '\r\nTransfer-Encoding: chunked\r\n\r\n{"id":"e-2/0","revert":true}',
    "api_cross_site": "POST /api/v1/sg_changes/changes/deny HTTP/1.1\r\nAuthorization: Bearer "
                      "fuzz-review-token\r\nOrigin: https://evil.example\r\nContent-Length: 2\r\n\r\n{}",
    "api_wrong_token": "GET /api/v1/sg_changes/changes HTTP/1.1\r\nAuthorization: Bearer nope\r\n\r\n",
}

WEB_CONFIG_SEEDS = {
    "basic_auth": "basic_auth_users:\n  alice: $2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi\n",
    "headers": "http_server_config:\n  http2: false\n  headers:\n    Strict-Transport-Security: "
               "max-age=31536000\n    X-Frame-Options: deny\n    X-Content-Type-Options: nosniff\n",
    "tls": "tls_server_config:\n  cert_file: server.crt\n  key_file: /etc/key.pem\n"
           "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"
           "  min_version: TLS12\n  max_version: TLS13\n  cipher_suites:\n"
           "    - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\n  curve_preferences: [X25519, CurveP256]\n"
           "  prefer_server_cipher_suites: true\n",
    "unknown_key": "tls_server_config:\n  cert_fil: x\nbasic_auth_users: {}\n",
    "bad_hash": "basic_auth_users:\n  bob: $2y$03$short\n  carol: plain\n",
    "empty": "",
}


# Every collector's options, so that the fuzzer starts inside each options parser.
CONFIG_SEEDS = {
    "all_collectors.yml": """regions: [eu-west-1, us-east-1]
accounts:
  - id: "111111111111"
    name: hub
  - id: "222222222222"
    regions: [eu-central-1]
aws:
  role_arn_template: "arn:aws:iam::{account_id}:role/awsgov-exporter"
collectors:
  ipam:
    interval: 10m
    options:
      scope_types: [private, public]
      resource_types: [vpc, subnet, eip]
      include_unmanaged_vpcs: true
      include_ipam: true
      ipam_account_id: "111111111111"
      include_vpc_ids: [vpc-0a]
      exclude_vpc_ids: [vpc-0b]
      include_vpc_tags: {env: prod}
      exclude_vpc_tags: {skip: "yes"}
  ami_references:
    options:
      owner_accounts: ["111111111111"]
      launch_template_versions: all
      include_unknown_owners: true
      unresolved_images_owner: "111111111111"
      organizations_account_id: "111111111111"
      organization_id: o-abc
      account_parents: {"222222222222": [ou-abc-1, r-abc]}
      launch_permission_lookups_per_second: 2.5
  inspector_coverage:
    enabled: true
    options:
      delegated_admin_account_id: "111111111111"
      check_account_status: false
      exceptions_table: {name: Exceptions, account_id: "111111111111", region: eu-west-1,
                         exception_types: [DoNotStart, DoNotStop]}
      excepted_instance_ids: [i-0a]
      exception_tag_key: InspectorException
      exception_tag_value: "true"
  sg_changes:
    timeout: 2m
    options:
      source: cloudtrail_lake
      lake: {event_data_store: eds-1, account_id: "111111111111", region: eu-west-1,
             poll_interval: 2s}
      include_egress: true
      include_modify: true
      state_file: /var/lib/awsgov/sg.db
      initial_lookback: 24h
      overlap: 30m
      retention: 90d
      lookup_requests_per_second: 2
      review_token_file: /etc/awsgov/review-token
      revert: true
  tgw_shares:
    options:
      hub_account_ids: ["111111111111"]
      transit_gateway_ids: [tgw-0a]
      share_names: [tgw-share]
      share_arns: ["arn:aws:ram:eu-west-1:111111111111:resource-share/a"]
      organizations_account_id: "111111111111"
      inventory:
        region: eu-west-1
        items:
          - {account: "222222222222", transit_gateway_id: tgw-0a, resource_type: vpc,
             resource_id: vpc-0b, cidr: 10.1.0.0/16}
""",
    "tgw_dynamodb.yml": """regions: [eu-west-1]
accounts: [{id: "111111111111"}]
collectors:
  tgw_shares:
    options:
      inventory: {dynamodb_table: dynamodb-tgw-table, dynamodb_account_id: "111111111111",
                  scan_page_size: 100}
""",
}


def write(target, name, text):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "w", newline="") as f:
        f.write(text)


def main():
    for name, text in EC2_SEEDS.items():
        write("fuzz_ec2_xml", name, text)
    for name, text in JSON_SEEDS.items():
        write("fuzz_json_response", name, text)
    for name, text in CLOUDTRAIL_SEEDS.items():
        write("fuzz_cloudtrail_event", name, text)
    for name, text in HTTP_SEEDS.items():
        write("fuzz_http_request", name, text)
    for name, text in WEB_CONFIG_SEEDS.items():
        write("fuzz_web_config", name, text)
    for name, text in CONFIG_SEEDS.items():
        write("fuzz_config", name, text)
    # The config test files, good and bad, as they are (the small ones).
    config_dir = os.path.join(ROOT, "tests", "config")
    for name in sorted(os.listdir(config_dir)):
        path = os.path.join(config_dir, name)
        if os.path.getsize(path) <= 4096:
            with open(path) as f:
                write("fuzz_config", name, f.read())


if __name__ == "__main__":
    main()
