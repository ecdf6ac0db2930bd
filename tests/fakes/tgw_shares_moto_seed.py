#!/usr/bin/env python3
"""Seeds moto_server for the tgw_shares collector's moto test and prints what it made as JSON.

Hub 111111111111 in eu-west-1, the Organizations management account of a small organisation
with OU "workloads" holding two created accounts:
  TGW A: attachments of hub VPCs "hub" and "extra"; share "tgw-a-share" to 222222222222,
         333333333333 and the OU;
  TGW B: attachment of hub VPC "b"; share "tgw-b-share" to 444444444444;
  a share of a subnet (no TGW) to 999999999999, which the collector must not report;
  DynamoDB table dynamodb-tgw-table in the old script's schema: for TGW A a hub item (VPC
  "hub"), a vpc item of 222222222222 never attached, a vpn item, a vpc item of 555555555555
  (not a principal); a vpc item of 222222222222 for tgw-0gone, which does not exist.

    python3 tgw_shares_moto_seed.py --endpoint http://127.0.0.1:PORT
"""

import argparse
import json

import boto3

HUB = "111111111111"
REGION = "eu-west-1"


class Accounts:
    def __init__(self, endpoint):
        self.endpoint = endpoint

    def client(self, service, account_id):
        sts = boto3.client("sts", endpoint_url=self.endpoint, region_name=REGION,
                           aws_access_key_id="seed", aws_secret_access_key="seed")
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/awsgov-exporter",
                                RoleSessionName="tgw-seed")["Credentials"]
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id=creds["AccessKeyId"],
                            aws_secret_access_key=creds["SecretAccessKey"],
                            aws_session_token=creds["SessionToken"])


def vpc_with_subnet(ec2, cidr):
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr)["Subnet"]["SubnetId"]
    return vpc, subnet


def attach(ec2, tgw, vpc_and_subnet):
    vpc, subnet = vpc_and_subnet
    ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])
    return vpc


def seed(endpoint):
    accounts = Accounts(endpoint)
    ec2, ram = accounts.client("ec2", HUB), accounts.client("ram", HUB)
    org, ddb = accounts.client("organizations", HUB), accounts.client("dynamodb", HUB)

    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    ou = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]
    ou_accounts = []
    for name in ("ou-member-1", "ou-member-2"):
        status = org.create_account(AccountName=name, Email=f"{name}@example.com")
        account_id = status["CreateAccountStatus"]["AccountId"]
        org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=ou["Id"])
        ou_accounts.append(account_id)

    tgw_a = ec2.create_transit_gateway(Description="tgw-a")["TransitGateway"]
    tgw_b = ec2.create_transit_gateway(Description="tgw-b")["TransitGateway"]
    hub_vpc = attach(ec2, tgw_a["TransitGatewayId"], vpc_with_subnet(ec2, "10.0.0.0/16"))
    extra_vpc = attach(ec2, tgw_a["TransitGatewayId"], vpc_with_subnet(ec2, "10.9.0.0/16"))
    b_vpc = attach(ec2, tgw_b["TransitGatewayId"], vpc_with_subnet(ec2, "10.8.0.0/16"))
    _, loose_subnet = vpc_with_subnet(ec2, "10.10.0.0/16")

    share_a = ram.create_resource_share(
        name="tgw-a-share", resourceArns=[tgw_a["TransitGatewayArn"]],
        principals=["222222222222", "333333333333", ou["Arn"]])["resourceShare"]
    share_b = ram.create_resource_share(
        name="tgw-b-share", resourceArns=[tgw_b["TransitGatewayArn"]],
        principals=["444444444444"])["resourceShare"]
    ram.create_resource_share(
        name="subnet-share",
        resourceArns=[f"arn:aws:ec2:{REGION}:{HUB}:subnet/{loose_subnet}"],
        principals=["999999999999"])

    ddb.create_table(
        TableName="dynamodb-tgw-table", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "TransitGatewayId", "KeyType": "HASH"},
                   {"AttributeName": "Cidr", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "TransitGatewayId", "AttributeType": "S"},
                              {"AttributeName": "Cidr", "AttributeType": "S"}])

    def item(tgw_id, cidr, resource_type, account, resource_id, configuration=None):
        attributes = {"TransitGatewayId": {"S": tgw_id}, "Cidr": {"S": cidr},
                      "ResourceType": {"S": resource_type}, "Account": {"S": account},
                      "ResourceId": {"S": resource_id}}
        if configuration is not None:
            attributes["Configuration"] = {"S": json.dumps(configuration)}
        ddb.put_item(TableName="dynamodb-tgw-table", Item=attributes)

    a = tgw_a["TransitGatewayId"]
    item(a, "10.0.0.0/16", "hub", HUB, hub_vpc, {"resourceShareArn": share_a["resourceShareArn"]})
    item(a, "10.2.0.0/16", "vpc", "222222222222", "vpc-0missing222")
    item(a, "192.168.0.0/30", "vpn", HUB, "vpn-0abc")
    item(a, "10.5.0.0/16", "vpc", "555555555555", "vpc-0555")
    item("tgw-0gone", "10.7.0.0/16", "vpc", "222222222222", "vpc-0gone")

    return {"tgw_a": a, "tgw_b": tgw_b["TransitGatewayId"],
            "share_a": share_a["resourceShareArn"], "share_b": share_b["resourceShareArn"],
            "hub_vpc": hub_vpc, "extra_vpc": extra_vpc, "b_vpc": b_vpc,
            "ou_accounts": sorted(ou_accounts)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    print(json.dumps(seed(parser.parse_args().endpoint)))


if __name__ == "__main__":
    main()
