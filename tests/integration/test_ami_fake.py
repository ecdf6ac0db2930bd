"""The ami_references fake (tests/fakes/ami_fake.py) read by real boto3 clients: AssumeRole gives
each account its own key, every EC2 / Auto Scaling response parses under botocore's models into
the scenario's values, pages chain, and a consumer sees only what is shared with it."""

import unittest

import botocore.config
from botocore.exceptions import ClientError

from fake_test_support import fake_client

import ami_fake  # tests/fakes, on sys.path through fake_test_support

OWNER = "111111111111"
CONSUMER = "222222222222"

SCENARIO = {
    "accounts": {
        OWNER: {
            "images": [
                {"ImageId": "ami-0a", "State": "available", "OwnerId": OWNER, "Public": False},
                {"ImageId": "ami-0b", "State": "disabled", "OwnerId": OWNER, "Public": False},
                {"ImageId": "ami-0c", "State": "available", "OwnerId": OWNER, "Public": True},
            ],
            "launch_permissions": {
                "ami-0a": [{"UserId": CONSUMER},
                           {"OrganizationalUnitArn": "arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-cdef3456"}],
                "ami-0b": [{"UserId": CONSUMER}],
            },
        },
        CONSUMER: {
            "instances": [
                {"InstanceId": "i-01", "ImageId": "ami-0a", "State": {"Name": "running", "Code": 16}},
                {"InstanceId": "i-02", "ImageId": "ami-0b", "State": {"Name": "stopped", "Code": 80}},
                {"InstanceId": "i-03", "ImageId": "ami-0a", "State": {"Name": "terminated", "Code": 48}},
            ],
            "launch_templates": [
                {"LaunchTemplateId": "lt-01", "LaunchTemplateName": "web", "DefaultVersionNumber": 1,
                 "versions": [{"VersionNumber": 1, "LaunchTemplateData": {"ImageId": "ami-0a"}},
                              {"VersionNumber": 2, "LaunchTemplateData": {"ImageId": "ami-0c"}},
                              {"VersionNumber": 3, "LaunchTemplateData": {"ImageId": "ami-0b"}}]},
            ],
            "launch_configurations": [
                {"LaunchConfigurationName": "lc-1", "ImageId": "ami-0a", "InstanceType": "t3.micro",
                 "CreatedTime": "2026-01-01T00:00:00Z"},
                {"LaunchConfigurationName": "lc-2", "ImageId": "ami-0b", "InstanceType": "t3.micro",
                 "CreatedTime": "2026-01-01T00:00:00Z"},
            ],
        },
    },
}

CONFIG = botocore.config.Config(retries={"max_attempts": 1})


class AmiFakeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fake = ami_fake.AmiFake(SCENARIO, page_size=1).start()

    @classmethod
    def tearDownClass(cls):
        cls.fake.stop()

    def client(self, service, account):
        sts = fake_client("sts", self.fake.endpoint, config=CONFIG,
                          credentials={"AccessKeyId": "AKIDBASE", "SecretAccessKey": "base"})
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/reader",
                                RoleSessionName="test")["Credentials"]
        self.assertEqual(creds["AccessKeyId"], "AKIDFAKE" + account)
        return fake_client(service, self.fake.endpoint, credentials=creds, config=CONFIG)

    def test_owner_images_every_page_with_disabled(self):
        ec2 = self.client("ec2", OWNER)
        pages = list(ec2.get_paginator("describe_images").paginate(
            Owners=["self"], IncludeDisabled=True, IncludeDeprecated=True))
        self.assertEqual(len(pages), 3)  # one image per page
        images = [i for p in pages for i in p["Images"]]
        self.assertEqual([(i["ImageId"], i["State"], i["Public"]) for i in images],
                         [("ami-0a", "available", False), ("ami-0b", "disabled", False),
                          ("ami-0c", "available", True)])
        without = [i["ImageId"] for p in ec2.get_paginator("describe_images").paginate(Owners=["self"])
                   for i in p["Images"]]
        self.assertEqual(without, ["ami-0a", "ami-0c"])

    def test_launch_permissions(self):
        ec2 = self.client("ec2", OWNER)
        answer = ec2.describe_image_attribute(ImageId="ami-0a", Attribute="launchPermission")
        self.assertEqual(answer["ImageId"], "ami-0a")
        self.assertEqual(answer["LaunchPermissions"], SCENARIO["accounts"][OWNER]["launch_permissions"]["ami-0a"])
        with self.assertRaises(ClientError) as raised:
            ec2.describe_image_attribute(ImageId="ami-0zz", Attribute="launchPermission")
        self.assertEqual(raised.exception.response["Error"]["Code"], "InvalidAMIID.NotFound")

    def test_consumer_sees_shared_and_public_images_by_filter(self):
        ec2 = self.client("ec2", CONSUMER)
        seen = ec2.describe_images(Filters=[{"Name": "image-id", "Values": ["ami-0a", "ami-0c", "ami-0b"]}],
                                   IncludeDisabled=True, MaxResults=1000)
        # page_size 1: the first page only; the ids and owners parse
        self.assertEqual([(i["ImageId"], i["OwnerId"]) for i in seen["Images"]], [("ami-0a", OWNER)])
        all_seen = [i["ImageId"] for p in ec2.get_paginator("describe_images").paginate(
            Filters=[{"Name": "image-id", "Values": ["ami-0a", "ami-0c", "ami-0b"]}],
            IncludeDisabled=True) for i in p["Images"]]
        self.assertEqual(all_seen, ["ami-0a", "ami-0b", "ami-0c"])

    def test_instances_filtered_by_state_every_page(self):
        ec2 = self.client("ec2", CONSUMER)
        pages = list(ec2.get_paginator("describe_instances").paginate(Filters=[{
            "Name": "instance-state-name", "Values": ["pending", "running", "stopped"]}]))
        instances = [i for p in pages for r in p["Reservations"] for i in r["Instances"]]
        self.assertEqual([(i["InstanceId"], i["ImageId"], i["State"]["Name"]) for i in instances],
                         [("i-01", "ami-0a", "running"), ("i-02", "ami-0b", "stopped")])

    def test_launch_template_versions(self):
        ec2 = self.client("ec2", CONSUMER)
        pages = list(ec2.get_paginator("describe_launch_template_versions").paginate(
            Versions=["$Default", "$Latest"]))
        versions = [(v["LaunchTemplateId"], v["VersionNumber"], v["DefaultVersion"],
                     v["LaunchTemplateData"]["ImageId"]) for p in pages for v in p["LaunchTemplateVersions"]]
        self.assertEqual(versions, [("lt-01", 1, True, "ami-0a"), ("lt-01", 3, False, "ami-0b")])
        every = [v["VersionNumber"] for p in ec2.get_paginator("describe_launch_template_versions").paginate(
            LaunchTemplateId="lt-01") for v in p["LaunchTemplateVersions"]]
        self.assertEqual(every, [1, 2, 3])
        templates = ec2.describe_launch_templates()["LaunchTemplates"]
        self.assertEqual([(t["LaunchTemplateId"], t["DefaultVersionNumber"], t["LatestVersionNumber"])
                          for t in templates], [("lt-01", 1, 3)])
        with self.assertRaises(ClientError):
            ec2.describe_launch_template_versions(Versions=["1"])

    def test_launch_configurations_every_page(self):
        autoscaling = self.client("autoscaling", CONSUMER)
        pages = list(autoscaling.get_paginator("describe_launch_configurations").paginate())
        self.assertEqual(len(pages), 2)
        self.assertEqual([(c["LaunchConfigurationName"], c["ImageId"]) for p in pages
                          for c in p["LaunchConfigurations"]], [("lc-1", "ami-0a"), ("lc-2", "ami-0b")])

    def test_requests_are_recorded_per_account(self):
        self.client("ec2", CONSUMER).describe_instances()
        last = self.fake.requests[-1]
        self.assertEqual((last["account"], last["Action"]), (CONSUMER, "DescribeInstances"))

    def test_unknown_scenario_member_is_refused(self):
        with self.assertRaises(ValueError):
            ami_fake.AmiFake({"accounts": {OWNER: {"images": [{"ImageId": "ami-1", "Colour": "red"}]}}})


if __name__ == "__main__":
    unittest.main()
