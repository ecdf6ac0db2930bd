"""The transit-gateway fake (tests/fakes/tgw_shares_fake.py) read by real boto3 ec2 and ram
clients: every response must parse under botocore's models into the scenario's values, pages
must chain, filters and regions must hold, and errors must come back as the services' codes."""

import unittest

from botocore.exceptions import ClientError

from fake_test_support import fake_client

import tgw_shares_fake as fake_module  # tests/fakes, on sys.path through fake_test_support


def client(service, endpoint, region="eu-west-1"):
    return fake_client(service, endpoint, region, validate=False)


class TgwSharesFakeParsedByBotocoreTest(unittest.TestCase):
    def setUp(self):
        self.fake = fake_module.TgwSharesFake().start()  # built-in scenario, 2 items per page
        self.ec2 = client("ec2", self.fake.endpoint)
        self.ram = client("ram", self.fake.endpoint)

    def tearDown(self):
        self.fake.stop()

    def paginate(self, service, operation, key, **kwargs):
        return [item for page in service.get_paginator(operation).paginate(**kwargs)
                for item in page[key]]

    def test_transit_gateways_filtered_by_owner_and_region(self):
        tgws = self.paginate(self.ec2, "describe_transit_gateways", "TransitGateways",
                             Filters=[{"Name": "owner-id", "Values": ["111111111111"]}])
        self.assertEqual([(t["TransitGatewayId"], t["State"]) for t in tgws],
                         [("tgw-0aaa", "available"), ("tgw-0bbb", "available"),
                          ("tgw-0old", "deleted")])
        self.assertEqual(tgws[0]["TransitGatewayArn"],
                         "arn:aws:ec2:eu-west-1:111111111111:transit-gateway/tgw-0aaa")
        east = client("ec2", self.fake.endpoint, "us-east-1").describe_transit_gateways()
        self.assertEqual([t["TransitGatewayId"] for t in east["TransitGateways"]], ["tgw-0east"])

    def test_attachments_of_other_accounts_in_every_state_over_pages(self):
        attachments = self.paginate(
            self.ec2, "describe_transit_gateway_attachments", "TransitGatewayAttachments",
            Filters=[{"Name": "transit-gateway-id", "Values": ["tgw-0aaa"]}],
            PaginationConfig={"PageSize": 1000})
        self.assertEqual(
            [(a["ResourceOwnerId"], a["ResourceId"], a["State"]) for a in attachments],
            [("222222222222", "vpc-0222", "deleted"),
             ("333333333333", "vpc-0333", "pendingAcceptance"),
             ("555555555555", "vpc-0555", "available"),
             ("555555555555", "vpc-0556", "rejected"),
             ("111111111111", "vpc-0hub", "available"),
             ("111111111111", "vpn-0abc", "available")])
        self.assertEqual(attachments[5]["ResourceType"], "vpn")
        self.assertEqual(attachments[0]["TransitGatewayOwnerId"], "111111111111")
        requests = [r for r in self.fake.requests if r["service"] == "ec2"]
        self.assertEqual(len(requests), 3)  # 6 items, 2 per page
        self.assertEqual(requests[1]["NextToken"], "page-2")

    def test_max_results_out_of_range_is_an_ec2_error(self):
        with self.assertRaises(ClientError) as caught:
            self.ec2.describe_transit_gateway_attachments(MaxResults=2)
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidParameterValue")

    def test_shares_and_principal_associations(self):
        shares = self.paginate(self.ram, "get_resource_shares", "resourceShares",
                               resourceOwner="SELF")
        self.assertEqual([s["name"] for s in shares], ["tgw-a-share", "tgw-b-share"])
        holding = self.ram.get_resource_share_associations(
            associationType="RESOURCE",
            resourceArn="arn:aws:ec2:eu-west-1:111111111111:transit-gateway/tgw-0bbb")
        self.assertEqual([a["resourceShareArn"] for a in holding["resourceShareAssociations"]],
                         [fake_module.SHARE_B])
        principals = self.paginate(self.ram, "get_resource_share_associations",
                                   "resourceShareAssociations", associationType="PRINCIPAL",
                                   resourceShareArns=[fake_module.SHARE_A])
        self.assertEqual([(p["associatedEntity"], p["status"]) for p in principals],
                         [("222222222222", "ASSOCIATED"), ("333333333333", "ASSOCIATED"),
                          ("444444444444", "ASSOCIATING"), ("555555555555", "ASSOCIATED")])
        self.assertEqual(principals[2]["resourceShareName"], "tgw-a-share")

    def test_ram_errors_carry_the_exception_name(self):
        with self.assertRaises(ClientError) as caught:
            self.ram.get_resource_share_associations(associationType="PRINCIPAL",
                                                     resourceArn="arn:aws:ec2:x")
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidParameterException")

    def test_scenario_with_unknown_keys_is_refused(self):
        with self.assertRaises(ValueError):
            fake_module.TgwSharesFake({"transit_gateways": [{"TransitGatewayID": "tgw-1"}]})


if __name__ == "__main__":
    unittest.main()
