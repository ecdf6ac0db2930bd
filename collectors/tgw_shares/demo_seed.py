"""Demo data for the `tgw_shares` collector: a hub account's transit gateway (moto) shared with
two workload accounts that never attached, one of which has not accepted the invitation yet, and
the old script's DynamoDB inventory (moto) with one mismatch of each kind.

Hub (first account, first region), transit gateway "demo-hub-tgw":
  attachments: the hub's own VPC "demo-tgw-hub" (10.100.0.0/16, in the inventory) and VPC
    "demo-tgw-rogue" (10.101.0.0/16, not in the inventory: unexpected_attachment);
  RAM share "demo-tgw-share" to the second and third accounts, served by the project's RAM fake
    (tests/fakes/tgw_shares_fake.py) because moto reports every principal ASSOCIATED: the second
    account ASSOCIATED (accepted), the third ASSOCIATING (invitation pending). Neither attaches
    (moto cannot attach another account's VPC to the hub's gateway), so both are principals with
    no attachment: AwsgovTgwSharePrincipalUnattached for the second,
    AwsgovTgwShareInvitationPending for the third;
  table dynamodb-tgw-table: the hub item (its VPC, attached), a vpc item of the second account
    (vpc-0demo0000000222, never attached: missing_attachment), a vpn item, a vpc item of
    444444444444 (not a principal: missing_share and missing_attachment), and a vpc item of the
    second account for tgw-0decommissioned00, which exists nowhere (missing_attachment and
    missing_share).
"""
import json

TABLE = "dynamodb-tgw-table"
SHARE_NAME = "demo-tgw-share"
SHARE_ID = "0d3e5f00-4a1b-4c2d-9e3f-00000000demo"


def _ram_scenario(hub, region, tgw_arn, share_arn, principals):
    """The tgw_shares fake's RAM scenario: the share, its gateway, its principals by status."""
    def association(entity, status, kind="PRINCIPAL"):
        return {"resourceShareArn": share_arn, "associatedEntity": entity,
                "associationType": kind, "status": status, "external": False, "region": region}
    return {
        "shares": [{"resourceShareArn": share_arn, "name": SHARE_NAME, "owningAccountId": hub,
                    "status": "ACTIVE", "allowExternalPrincipals": False, "region": region}],
        "associations": [association(tgw_arn, "ASSOCIATED", "RESOURCE")]
        + [association(account, status) for account, status in principals],
    }


def _vpc_with_subnet(ec2, cidr, subnet_cidr, name):
    # A small subnet, so that the ipam collector's demo values for these VPCs stay low.
    vpc_id = ec2.create_vpc(
        CidrBlock=cidr,
        TagSpecifications=[{"ResourceType": "vpc",
                            "Tags": [{"Key": "Name", "Value": name}]}])["Vpc"]["VpcId"]
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock=subnet_cidr)["Subnet"]["SubnetId"]
    return vpc_id, subnet_id


def _inventory(ddb, items):
    ddb.create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "TransitGatewayId", "KeyType": "HASH"},
                   {"AttributeName": "Cidr", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "TransitGatewayId", "AttributeType": "S"},
                              {"AttributeName": "Cidr", "AttributeType": "S"}])
    for tgw_id, cidr, resource_type, account, resource_id, configuration in items:
        item = {"TransitGatewayId": {"S": tgw_id}, "Cidr": {"S": cidr},
                "ResourceType": {"S": resource_type}, "Account": {"S": account},
                "ResourceId": {"S": resource_id}}
        if configuration:
            item["Configuration"] = {"S": json.dumps(configuration)}
        ddb.put_item(TableName=TABLE, Item=item)


def seed(demo):
    accounts = list(demo.accounts)
    if len(accounts) < 3 or not demo.regions:
        return None
    hub, workload_a, workload_b = accounts[:3]
    region = demo.regions[0]
    ec2 = demo.client("ec2", hub, region)
    tgw = ec2.create_transit_gateway(
        Description="demo-hub-tgw",
        TagSpecifications=[{"ResourceType": "transit-gateway",
                            "Tags": [{"Key": "Name", "Value": "demo-hub-tgw"}]}])["TransitGateway"]
    tgw_id = tgw["TransitGatewayId"]
    hub_vpc, hub_subnet = _vpc_with_subnet(ec2, "10.100.0.0/16", "10.100.0.0/24", "demo-tgw-hub")
    rogue_vpc, rogue_subnet = _vpc_with_subnet(ec2, "10.101.0.0/16", "10.101.0.0/24",
                                             "demo-tgw-rogue")
    for vpc_id, subnet_id in ((hub_vpc, hub_subnet), (rogue_vpc, rogue_subnet)):
        ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw_id, VpcId=vpc_id,
                                                  SubnetIds=[subnet_id])

    share_arn = f"arn:aws:ram:{region}:{hub}:resource-share/{SHARE_ID}"
    scenario = _ram_scenario(hub, region, tgw["TransitGatewayArn"], share_arn,
                             [(workload_a, "ASSOCIATED"), (workload_b, "ASSOCIATING")])
    demo.serve_fake("tgw_shares_fake", lambda fake: fake.TgwSharesFake(scenario), ["ram"])

    _inventory(demo.client("dynamodb", hub, region), [
        (tgw_id, "10.100.0.0/16", "hub", hub, hub_vpc,
         {"resourceShareArn": share_arn}),
        (tgw_id, "10.2.0.0/16", "vpc", workload_a, "vpc-0demo0000000222", None),
        (tgw_id, "192.168.0.0/30", "vpn", hub, "vpn-0demo00000000001", None),
        (tgw_id, "10.4.0.0/16", "vpc", "444444444444", "vpc-0demo0000000444", None),
        ("tgw-0decommissioned00", "10.7.0.0/16", "vpc", workload_a, "vpc-0demo0000000777", None),
    ])
    return {"transit_gateway_id": tgw_id, "share": share_arn,
            "hub_vpc": hub_vpc, "rogue_vpc": rogue_vpc}
