"""Demo data for the `inspector_coverage` collector in moto: EC2 instances (running and stopped)
in the first two accounts' first region, the old `Inspector-Exceptions` table, and an instance
tag exception.

moto's Inspector2 has BatchGetAccountStatus but no ListCoverage, so the demo cannot show
instances Inspector actively scans. Every demo account and region has EC2 scanning DISABLED (the
collector then does not ask ListCoverage): every instance is uncovered with reason
EC2_SCANNING_DISABLED, some of them excepted by the table or the tag (the demo config in
exporter/app/demo.cpp names both).
"""

TABLE = "Inspector-Exceptions"
TAG_KEY = "inspector-exception"  # the demo config's exception_tag_key


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


def seed(demo):
    accounts = list(demo.accounts)
    regions = list(demo.regions)
    if not accounts or not regions:
        return None
    # EC2 scanning off everywhere: without it moto would have no status for the account, and the
    # collector would ask ListCoverage, which moto lacks.
    for account in accounts:
        for region in regions:
            demo.client("inspector2", account, region).disable(
                accountIds=[account], resourceTypes=["EC2"])

    hub, region = accounts[0], regions[0]
    ec2 = demo.client("ec2", hub, region)
    web = _instance(ec2, "demo-web")                                   # uncovered, alerts
    batch = _instance(ec2, "demo-batch")                               # stopped, table DoNotStart
    ec2.stop_instances(InstanceIds=[batch])
    bastion = _instance(ec2, "demo-bastion", [(TAG_KEY, "approved")])  # excepted by tag
    legacy = _instance(ec2, "demo-legacy")                             # table DoNotStop: no exception
    ec2.stop_instances(InstanceIds=[legacy])

    dynamodb = demo.client("dynamodb", hub, region)
    _exceptions_table(dynamodb)
    _except(dynamodb, batch, hub, region, "DoNotStart")
    _except(dynamodb, legacy, hub, region, "DoNotStop")

    # Printed by seed_main.py into the demo's seed.log: the demo checks find the instances by id.
    summary = {"hub": {"web": web, "batch": batch, "bastion": bastion, "legacy": legacy}}
    if len(accounts) > 1:
        member = demo.client("ec2", accounts[1], region)
        summary["member"] = {"app": _instance(member, "demo-app")}
    return summary
