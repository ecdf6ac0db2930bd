"""Demo data for the `sg_changes` collector: security groups (moto) whose ingress rules were
added, and the CloudTrail records of those calls, served by the project's CloudTrail fake
(tests/fakes/sg_changes_cloudtrail_fake.py) because moto has no LookupEvents. The fake finds
each caller's account through moto's STS, as the collector's own tests do.

In the first region (times are minutes before the seed ran):
  hub (first account), group demo-web-sg:   tcp 443 from 0.0.0.0/0 (40 min, public: alerts
                                            AwsgovSgChangeOpenToInternet) and tcp 22 from
                                            10.0.0.0/8 (25 min, AwsgovSgChangePending)
  hub, a failed call (errorCode) for tcp 3389 from 0.0.0.0/0 (5 min): changed nothing, skipped
  member (second account), group demo-db-sg: tcp 5432 from 10.20.0.0/16 (10 min)
Every change is pending review; the demo's review page (/sg_changes/review) approves or denies
them with the token in the demo's review token file.
"""
from datetime import datetime, timedelta, timezone

PUBLIC, PRIVATE, DATABASE, FAILED = (f"00000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3, 4))


def _authorize(ec2, group_id, port, cidr):
    """Adds the rule in moto; its rule id, as CloudTrail's responseElements would carry it."""
    rules = ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
         "IpRanges": [{"CidrIp": cidr}]}])["SecurityGroupRules"]
    return rules[0]["SecurityGroupRuleId"]


def _group(ec2, name):
    return ec2.create_security_group(GroupName=name, Description=name)["GroupId"]


def seed(demo):
    accounts = list(demo.accounts)
    if len(accounts) < 2 or not demo.regions:
        return None
    hub, member, region = accounts[0], accounts[1], demo.regions[0]
    now = datetime.now(timezone.utc).replace(microsecond=0)

    def at(minutes_ago):
        return (now - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")

    hub_ec2 = demo.client("ec2", hub, region)
    web = _group(hub_ec2, "demo-web-sg")
    member_ec2 = demo.client("ec2", member, region)
    db = _group(member_ec2, "demo-db-sg")
    # event id -> (account, group, port, cidr, minutes ago, rule id or None for the failed call)
    changes = {
        PUBLIC: (hub, web, 443, "0.0.0.0/0", 40, _authorize(hub_ec2, web, 443, "0.0.0.0/0")),
        PRIVATE: (hub, web, 22, "10.0.0.0/8", 25, _authorize(hub_ec2, web, 22, "10.0.0.0/8")),
        DATABASE: (member, db, 5432, "10.20.0.0/16", 10,
                   _authorize(member_ec2, db, 5432, "10.20.0.0/16")),
        FAILED: (hub, web, 3389, "0.0.0.0/0", 5, None),
    }

    def make(fake):
        records = [fake.authorize_record(event_id, account, region, group, cidr, port,
                                         at(minutes), rule_id=rule_id,
                                         error_code=None if rule_id else "Client.UnauthorizedOperation")
                   for event_id, (account, group, port, cidr, minutes, rule_id) in changes.items()]
        return fake.CloudTrailFake(records, sts_endpoint=demo.endpoint)

    demo.serve_fake("sg_changes_cloudtrail_fake", make, ["cloudtrail"])
    # Printed by seed_main.py into the demo's seed.log: the demo checks read the ids and times.
    return {event_id: {"account_id": account, "group_id": group, "port": port, "cidr": cidr,
                       "event_time": int((now - timedelta(minutes=minutes)).timestamp()),
                       "rule_id": rule_id}
            for event_id, (account, group, port, cidr, minutes, rule_id) in changes.items()}
