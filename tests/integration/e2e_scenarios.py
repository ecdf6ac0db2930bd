"""The problems tests/integration/test_alerting_e2e.py seeds, one per collector, and how each is
fixed. Moto holds what it can (VPCs, instances, images); the fakes hold what it cannot (other
accounts' attachments to a hub's transit gateway, Inspector's coverage, CloudTrail events).

Every scenario has one problem that alerts and, next to it, a healthy look-alike that must not,
so that an alert firing for everything would be caught.
"""
from datetime import datetime, timedelta, timezone

REGION = "eu-west-1"


def ec2_client(boto3, endpoint, credentials):
    return boto3.client("ec2", endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"])


# --- ipam (moto) ---------------------------------------------------------------------------------

def seed_subnets(ec2):
    """A /27 subnet with 22 network interfaces is (5 + 22) / 32 = 84.4 % used (above the 80 %
    warning, below the 95 % critical); a /24 next to it is 3 % used."""
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    full = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.0.0/27")["Subnet"]["SubnetId"]
    roomy = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
    enis = [ec2.create_network_interface(SubnetId=full)["NetworkInterface"]["NetworkInterfaceId"]
            for _ in range(22)]
    ec2.create_network_interface(SubnetId=roomy)
    return {"vpc": vpc, "subnet": full, "enis": enis}


def fix_subnets(ec2, seeded):
    for eni in seeded["enis"][:12]:  # (5 + 10) / 32 = 47 %
        ec2.delete_network_interface(NetworkInterfaceId=eni)


# --- ami_references (moto) -----------------------------------------------------------------------

def seed_dangling_ami(ec2):
    """The hub is its own image factory: it builds two images, runs an instance of each, then
    deregisters the first while its instance still runs (the old tool's alert case). The second
    image stays available and referenced: it must not alert."""
    public = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    builder = ec2.run_instances(ImageId=public, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    retired = ec2.create_image(InstanceId=builder, Name="e2e-golden-1")["ImageId"]
    current = ec2.create_image(InstanceId=builder, Name="e2e-golden-2")["ImageId"]
    ec2.terminate_instances(InstanceIds=[builder])  # a terminated instance references nothing
    user = ec2.run_instances(ImageId=retired, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    ec2.run_instances(ImageId=current, MinCount=1, MaxCount=1)
    ec2.deregister_image(ImageId=retired)
    return {"retired": retired, "current": current, "instance": user}


def fix_dangling_ami(ec2, seeded):
    """The referencing instance is terminated: nothing uses the deregistered image any more."""
    ec2.terminate_instances(InstanceIds=[seeded["instance"]])


# --- inspector_coverage (moto's EC2, the Inspector fake) -----------------------------------------

def seed_inspector_instances(ec2):
    public = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    covered, uncovered = (
        i["InstanceId"] for i in ec2.run_instances(ImageId=public, MinCount=2, MaxCount=2)["Instances"])
    return {"covered": covered, "uncovered": uncovered}


def live_instances(ec2):
    pages = ec2.get_paginator("describe_instances").paginate(Filters=[
        {"Name": "instance-state-name", "Values": ["pending", "running", "stopping", "stopped"]}])
    return sorted(i["InstanceId"] for page in pages for r in page["Reservations"]
                  for i in r["Instances"])


def inspector_data(account, scanned):
    """What Inspector reports: EC2 scanning ENABLED for the account, an ACTIVE package scan for
    each instance in `scanned`; an instance left out is not listed (reason NOT_LISTED)."""
    state = {"status": "ENABLED", "errorCode": "ALREADY_ENABLED", "errorMessage": "-"}
    return {"regions": {REGION: {
        "account_status": [{"accountId": account, "state": state, "resourceState": {"ec2": state}}],
        "coverage": [{"resourceType": "AWS_EC2_INSTANCE", "resourceId": instance,
                      "accountId": account, "scanType": "PACKAGE",
                      "scanStatus": {"statusCode": "ACTIVE", "reason": "SUCCESSFUL"}}
                     for instance in scanned],
    }}}


# --- sg_changes (the CloudTrail fake) ------------------------------------------------------------

def iso(minutes_ago):
    when = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


SG_GROUP = "sg-0e2e0000000000001"
SG_OPEN = "ev-e2e-open"  # tcp 22 from 0.0.0.0/0: critical at once
SG_PRIVATE = "ev-e2e-private"  # tcp 443 from 10.0.0.0/8: the warning


def sg_records(fake_module, account):
    return [
        fake_module.authorize_record(SG_OPEN, account, REGION, SG_GROUP, "0.0.0.0/0", 22, iso(6)),
        fake_module.authorize_record(SG_PRIVATE, account, REGION, SG_GROUP, "10.0.0.0/8", 443,
                                     iso(4)),
    ]


# --- tgw_shares (the TGW fake) -------------------------------------------------------------------

TGW_HUB = "111111111111"
TGW = "tgw-0e2e0000000000001"
TGW_SHARE = f"arn:aws:ram:{REGION}:{TGW_HUB}:resource-share/e2e-share"
TGW_ATTACHED = "222222222222"  # accepted the share and attached: healthy
TGW_UNATTACHED = "444444444444"  # accepted the share, never attached: the alert
TGW_INVITED = "555555555555"  # has not accepted the invitation: its own alert, not "unattached"


def _attachment(attachment_id, owner, vpc):
    return {"TransitGatewayAttachmentId": attachment_id, "TransitGatewayId": TGW,
            "TransitGatewayOwnerId": TGW_HUB, "ResourceOwnerId": owner, "ResourceType": "vpc",
            "ResourceId": vpc, "State": "available"}


def _principal(account, status):
    return {"resourceShareArn": TGW_SHARE, "associatedEntity": account,
            "associationType": "PRINCIPAL", "status": status, "external": False}


def tgw_scenario():
    return {
        "transit_gateways": [{
            "TransitGatewayId": TGW, "OwnerId": TGW_HUB, "State": "available",
            "TransitGatewayArn": f"arn:aws:ec2:{REGION}:{TGW_HUB}:transit-gateway/{TGW}"}],
        "attachments": [_attachment("tgw-attach-0e2e01", TGW_ATTACHED, "vpc-0e2e0222")],
        "shares": [{"resourceShareArn": TGW_SHARE, "name": "e2e-share", "owningAccountId": TGW_HUB,
                    "status": "ACTIVE", "allowExternalPrincipals": True}],
        "associations": [
            {"resourceShareArn": TGW_SHARE, "associationType": "RESOURCE", "status": "ASSOCIATED",
             "associatedEntity": f"arn:aws:ec2:{REGION}:{TGW_HUB}:transit-gateway/{TGW}",
             "external": False},
            _principal(TGW_ATTACHED, "ASSOCIATED"),
            _principal(TGW_UNATTACHED, "ASSOCIATED"),
            _principal(TGW_INVITED, "ASSOCIATING"),
        ],
    }


# The expected inventory (collectors.tgw_shares.options.inventory.items): both principals' VPCs,
# so the unattached one is also a missing_attachment mismatch until it attaches.
TGW_INVENTORY = f"""
        items:
          - {{transit_gateway_id: {TGW}, resource_type: vpc, account: "{TGW_ATTACHED}", resource_id: vpc-0e2e0222}}
          - {{transit_gateway_id: {TGW}, resource_type: vpc, account: "{TGW_UNATTACHED}", resource_id: vpc-0e2e0444}}"""


def fix_tgw(fake):
    """The unattached principal creates its attachment. The fake reads its scenario at each
    request; appending one item is atomic, so the running fake sees it at its next request."""
    fake.scenario["attachments"].append(
        _attachment("tgw-attach-0e2e02", TGW_UNATTACHED, "vpc-0e2e0444"))
