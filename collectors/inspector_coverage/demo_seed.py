"""Demo data for the `inspector_coverage` collector: EC2 instances (moto) in the first two
accounts' first region, the old `Inspector-Exceptions` table (moto), an instance tag exception,
and Inspector2's view of them, served by the project's Inspector fake
(tests/fakes/inspector_fake.py) because moto has no ListCoverage.

Hub (first account), first region, EC2 scanning ENABLED:
  demo-web        running  ListCoverage ACTIVE                              covered
  demo-unmanaged  running  ListCoverage INACTIVE UNMANAGED_EC2_INSTANCE     uncovered: alerts
  demo-bastion    running  not listed (NOT_LISTED)                          excepted by tag
  demo-batch      stopped  ListCoverage INACTIVE EC2_INSTANCE_STOPPED       excepted: table DoNotStart
  demo-legacy     stopped  ListCoverage INACTIVE EC2_INSTANCE_STOPPED       table DoNotStop: not excepted
Member (second account), first region, EC2 scanning DISABLED: demo-app (and the ami_references
seed's instances there) uncovered with reason EC2_SCANNING_DISABLED.
Every other demo account and region: EC2 scanning ENABLED, nothing to list.

Finding counts per account (ListFindingAggregations, ACCOUNT): in the hub 1 critical, 3 high,
5 medium of 12 findings in all.
"""

TABLE = "Inspector-Exceptions"
TAG_KEY = "inspector-exception"  # the demo config's exception_tag_key
HUB_FINDINGS = {"all": 12, "critical": 1, "high": 3, "medium": 5}


def _instance(ec2, name, tags=()):
    tag_list = [{"Key": "Name", "Value": name}] + [{"Key": k, "Value": v} for k, v in tags]
    return ec2.run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance", "Tags": tag_list}],
    )["Instances"][0]["InstanceId"]


def _exceptions_table(dynamodb):
    dynamodb.create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "InstanceId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "InstanceId", "AttributeType": "S"}])


def _except(dynamodb, instance_id, account_id, region, exception_type):
    dynamodb.put_item(TableName=TABLE, Item={
        "InstanceId": {"S": instance_id}, "AccountId": {"S": account_id},
        "InstanceRegion": {"S": region}, "ExceptionType": {"S": exception_type}})


def _account_state(account, ec2_status):
    def state(status):
        return {"status": status, "errorCode": "ALREADY_ENABLED", "errorMessage": "-"}
    return {"accountId": account, "state": state(ec2_status),
            "resourceState": {"ec2": state(ec2_status), "ecr": state("DISABLED")}}


def _covered(account, instance_id, status, reason):
    return {"resourceType": "AWS_EC2_INSTANCE", "resourceId": instance_id, "accountId": account,
            "scanType": "PACKAGE", "scanMode": "EC2_SSM_AGENT_BASED",
            "scanStatus": {"statusCode": status, "reason": reason}}


def seed(demo):
    accounts = list(demo.accounts)
    regions = list(demo.regions)
    if len(accounts) < 2 or not regions:
        return None
    hub, member, region = accounts[0], accounts[1], regions[0]
    ec2 = demo.client("ec2", hub, region)
    web = _instance(ec2, "demo-web")
    unmanaged = _instance(ec2, "demo-unmanaged")
    bastion = _instance(ec2, "demo-bastion", [(TAG_KEY, "approved")])
    batch = _instance(ec2, "demo-batch")
    legacy = _instance(ec2, "demo-legacy")
    ec2.stop_instances(InstanceIds=[batch, legacy])
    app = _instance(demo.client("ec2", member, region), "demo-app")

    dynamodb = demo.client("dynamodb", hub, region)
    _exceptions_table(dynamodb)
    _except(dynamodb, batch, hub, region, "DoNotStart")
    _except(dynamodb, legacy, hub, region, "DoNotStop")

    data = {"regions": {}}
    for r in regions:
        data["regions"][r] = {"account_status": [
            _account_state(a, "DISABLED" if (a, r) == (member, region) else "ENABLED")
            for a in accounts], "coverage": [], "finding_counts": []}
    data["regions"][region]["coverage"] = [
        _covered(hub, web, "ACTIVE", "SUCCESSFUL"),
        _covered(hub, unmanaged, "INACTIVE", "UNMANAGED_EC2_INSTANCE"),
        _covered(hub, batch, "INACTIVE", "EC2_INSTANCE_STOPPED"),
        _covered(hub, legacy, "INACTIVE", "EC2_INSTANCE_STOPPED"),
    ]
    data["regions"][region]["finding_counts"] = [
        {"accountId": hub, "severityCounts": HUB_FINDINGS}]
    demo.serve_fake("inspector_fake", lambda fake: fake.InspectorFake(data=data), ["inspector2"])

    # Printed by seed_main.py into the demo's seed.log: the demo checks find the instances by id.
    return {"hub": {"web": web, "unmanaged": unmanaged, "bastion": bastion, "batch": batch,
                    "legacy": legacy},
            "member": {"app": app}}
