"""--print-iam-policy, the checker behind ctest iam.policy_covers_calls
(deploy/iam/policy_coverage.py), and the example role templates in deploy/iam/."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import yaml

from support import EXPORTER, SOURCE_DIR, Workdir

sys.path.insert(0, os.path.join(SOURCE_DIR, "deploy", "iam"))
import policy_coverage  # noqa: E402

CHECKER = os.path.join(SOURCE_DIR, "deploy", "iam", "policy_coverage.py")


def print_policy(config_text=None):
    """(exit code, parsed JSON or None, stdout+stderr)."""
    args = [EXPORTER, "--print-iam-policy"]
    with Workdir() as work:
        if config_text is not None:
            path = os.path.join(work, "config.yml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(config_text.replace("STATE", os.path.join(work, "sg.db")))
            args.append(f"--config.file={path}")
        run = subprocess.run(args, capture_output=True, text=True, timeout=60)
    parsed = json.loads(run.stdout) if run.returncode == 0 else None
    return run.returncode, parsed, run.stdout + run.stderr


def statements(policies, role):
    return {s["Sid"]: s for s in policies[role]["policy"]["Statement"]}


def sids_to_actions(policies, role):
    return {sid: set(s["Action"]) for sid, s in statements(policies, role).items()}


class CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation's short-form tags (!Ref, !Sub, !If...) as {"Fn::X": value}."""


def _tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {("Ref" if suffix == "Ref" else "Fn::" + suffix): value}


CfnLoader.add_multi_constructor("!", _tag)


def template_statements(name):
    """{Sid: statement} of the template's inline policies, both branches of an !If included."""
    with open(os.path.join(SOURCE_DIR, "deploy", "iam", name), encoding="utf-8") as f:
        template = yaml.load(f, Loader=CfnLoader)
    found = {}

    def visit(statement):
        if "Fn::If" in statement:
            for branch in statement["Fn::If"][1:]:
                if isinstance(branch, dict) and "Sid" in branch:
                    visit(branch)
            return
        found[statement["Sid"]] = statement

    for policy in template["Resources"]["Role"]["Properties"]["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            visit(statement)
    return found


class CheckerTest(unittest.TestCase):
    def test_recorded_calls_map_to_iam_actions(self):
        cases = {
            "ec2:DescribeSubnets": "ec2:DescribeSubnets",
            "ram:GetResourceShares": "ram:GetResourceShares",
            "inspector2:ListCoverage": "inspector2:ListCoverage",
            "cloudtrail:LookupEvents": "cloudtrail:LookupEvents",
            "dynamodb:Scan": "dynamodb:Scan",
            "sts:AssumeRole": "sts:AssumeRole",
            "autoscaling:DescribeLaunchConfigurations": "autoscaling:DescribeLaunchConfigurations",
            # Where the signing name or the action name differs from the API's.
            "monitoring:GetMetricData": "cloudwatch:GetMetricData",
            "s3:ListObjectsV2": "s3:ListBucket",
        }
        for line, action in cases.items():
            self.assertEqual(policy_coverage.iam_action(line + "\n"), action, line)

    def test_unknown_service_and_malformed_lines_are_errors(self):
        with self.assertRaises(policy_coverage.UnknownService):
            policy_coverage.iam_action("lambda:ListFunctions")
        with self.assertRaises(ValueError):
            policy_coverage.iam_action("DescribeSubnets")

    def test_comments_and_blank_lines_are_skipped_and_calls_deduplicated(self):
        lines = ["# header\n", "\n", "ec2:DescribeVpcs\n", "ec2:DescribeVpcs\n", "sts:AssumeRole\n"]
        self.assertEqual(policy_coverage.recorded_actions(lines),
                         {"ec2:DescribeVpcs", "sts:AssumeRole"})

    def test_the_check_fails_when_an_action_is_removed_from_the_policy(self):
        code, policies, out = print_policy()
        self.assertEqual(code, 0, out)
        recorded = {"ec2:DescribeSubnets", "inspector2:ListCoverage", "sts:AssumeRole"}
        self.assertEqual(policy_coverage.uncovered(recorded, policy_coverage.policy_actions(policies)), [])
        for statement in policies["spoke"]["policy"]["Statement"]:
            statement["Action"] = [a for a in statement["Action"] if a != "ec2:DescribeSubnets"]
        self.assertEqual(policy_coverage.uncovered(recorded, policy_coverage.policy_actions(policies)),
                         ["ec2:DescribeSubnets"])

    def test_command_line_exit_codes(self):
        with tempfile.TemporaryDirectory() as work:
            record = os.path.join(work, "calls")
            with open(record, "w", encoding="utf-8") as f:
                f.write("# header\nec2:DescribeVpcs\nsts:AssumeRole\n")
            ok = subprocess.run([sys.executable, CHECKER, "--exporter", EXPORTER, "--record", record],
                                capture_output=True, text=True, timeout=60)
            self.assertEqual(ok.returncode, 0, ok.stdout)
            self.assertIn("2 distinct AWS actions", ok.stdout)
            with open(record, "a", encoding="utf-8") as f:
                f.write("ec2:CreateVpc\n")  # a call no collector declares
            bad = subprocess.run([sys.executable, CHECKER, "--exporter", EXPORTER, "--record", record],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(bad.returncode, 1, bad.stdout)
            self.assertIn("  ec2:CreateVpc", bad.stdout)
            missing = subprocess.run([sys.executable, CHECKER, "--exporter", EXPORTER,
                                      "--record", os.path.join(work, "absent")],
                                     capture_output=True, text=True, timeout=60)
            self.assertEqual(missing.returncode, 2, missing.stdout)


class PrintedPolicyTest(unittest.TestCase):
    def test_without_config_every_collector_option_and_discovery(self):
        code, policies, out = print_policy()
        self.assertEqual(code, 0, out)
        self.assertEqual(sorted(policies), ["hub", "spoke"])
        hub = statements(policies, "hub")
        self.assertEqual(hub["AssumeMemberRoles"]["Action"], ["sts:AssumeRole"])
        self.assertEqual(hub["AssumeMemberRoles"]["Resource"], ["arn:aws:iam::*:role/awsgov-exporter"])
        self.assertEqual(set(hub["DiscoverAccounts"]["Action"]),
                         {"organizations:ListAccounts", "organizations:ListAccountsForParent",
                          "organizations:ListChildren"})
        spoke = sids_to_actions(policies, "spoke")
        self.assertIn("ec2:DescribeSubnets", spoke["Ipam"])
        self.assertEqual(spoke["SgChangesWhenRevert"],
                         {"ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"})
        # Writes: the opt-in revert, and the exporter's own tables in the accounts the options
        # and flags name (sg_changes' review state, the HA lease); everything else reads.
        writes = {(sid, a) for sid, actions in spoke.items() for a in actions
                  if not a.split(":")[1].startswith(("Describe", "Get", "List", "Lookup", "Scan",
                                                      "BatchGet", "StartQuery"))}
        table_writes = {"dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}
        self.assertEqual(writes, {("SgChangesWhenRevert", "ec2:RevokeSecurityGroupIngress"),
                                  ("SgChangesWhenRevert", "ec2:RevokeSecurityGroupEgress"),
                                  *{("SgChangesNamedAccountsWhenStateStore", a)
                                    for a in table_writes},
                                  *{("HaLeaseNamedAccounts", a) for a in table_writes}})

    def test_a_config_narrows_collectors_options_and_roles(self):
        code, policies, out = print_policy("""
regions: [eu-west-1]
accounts:
  - id: "111111111111"
  - id: "222222222222"
    role_arn: arn:aws:iam::222222222222:role/custom/Reader
aws:
  role_name: awsgov-member
collectors:
  ipam:
    enabled: false
  sg_changes:
    enabled: true
    options:
      state_file: STATE
""")
        self.assertEqual(code, 0, out)
        self.assertEqual(sorted(policies), ["hub", "spoke"])
        hub = statements(policies, "hub")
        self.assertEqual(hub["AssumeMemberRoles"]["Resource"],
                         ["arn:aws:iam::*:role/awsgov-member",
                          "arn:aws:iam::222222222222:role/custom/Reader"])
        self.assertNotIn("DiscoverAccounts", hub)  # discovery is off
        spoke = sids_to_actions(policies, "spoke")
        self.assertNotIn("Ipam", spoke)
        self.assertEqual(spoke["SgChanges"], {"cloudtrail:LookupEvents"})
        self.assertNotIn("SgChangesWhenRevert", spoke)  # revert not enabled
        self.assertNotIn("SgChangesNamedAccountsWhenSource", spoke)  # no lake
        self.assertNotIn("InspectorCoverageNamedAccountsWhenExceptionsTable", spoke)
        self.assertIn("inspector2:ListCoverage", spoke["InspectorCoverageNamedAccounts"])

    def test_revert_lake_discovery_role_and_own_credentials(self):
        code, policies, out = print_policy("""
regions: [eu-west-1]
accounts:
  - id: "111111111111"
    assume_role: false
discovery:
  enabled: true
  role_arn: arn:aws:iam::999999999999:role/OrgReader
aws:
  role_arn_template: "arn:aws:iam::{account_id}:role/awsgov-exporter"
collectors:
  sg_changes:
    enabled: true
    options:
      state_file: STATE
      revert: true
      source: cloudtrail_lake
      lake:
        event_data_store: arn:aws:cloudtrail:eu-west-1:333333333333:eventdatastore/abc
        account_id: "333333333333"
        region: eu-west-1
""")
        self.assertEqual(code, 0, out)
        self.assertEqual(sorted(policies), ["discovery", "hub", "spoke"])
        self.assertEqual(sids_to_actions(policies, "discovery")["DiscoverAccounts"],
                         set(policy_coverage.policy_actions({"d": policies["discovery"]})))
        hub = statements(policies, "hub")
        self.assertEqual(hub["AssumeMemberRoles"]["Resource"],
                         ["arn:aws:iam::*:role/awsgov-exporter",
                          "arn:aws:iam::999999999999:role/OrgReader"])
        self.assertNotIn("DiscoverAccounts", hub)  # the discovery role lists the accounts
        # Account 111111111111 is read with the hub's own credentials: it needs the reads too.
        self.assertIn("SgChanges", hub)
        spoke = sids_to_actions(policies, "spoke")
        self.assertEqual(spoke["SgChangesWhenRevert"],
                         {"ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"})
        self.assertEqual(spoke["SgChangesNamedAccountsWhenSource"],
                         {"cloudtrail:StartQuery", "cloudtrail:DescribeQuery",
                          "cloudtrail:GetQueryResults"})

    def test_a_bad_config_is_reported_with_its_location(self):
        code, _, out = print_policy("regions: [eu-west-1]\naccounts: 12\n")
        self.assertEqual(code, 2)
        self.assertIn("config.yml:2:", out)


class TemplatesTest(unittest.TestCase):
    """deploy/iam/*.yaml hold the statements --print-iam-policy prints without a config."""

    @classmethod
    def setUpClass(cls):
        code, cls.policies, out = print_policy()
        assert code == 0, out

    def assert_same_statements(self, template, role):
        printed = sids_to_actions(self.policies, role)
        written = {sid: set(s["Action"]) for sid, s in template_statements(template).items()}
        self.assertEqual(written, printed)

    def test_spoke_template_matches_the_printed_spoke_policy(self):
        self.assert_same_statements("spoke-role.yaml", "spoke")

    def test_hub_template_matches_the_printed_hub_policy(self):
        self.assert_same_statements("hub-role.yaml", "hub")
        assume = template_statements("hub-role.yaml")["AssumeMemberRoles"]["Resource"]
        self.assertEqual(assume, [{"Fn::Sub": "arn:${AWS::Partition}:iam::*:role/${MemberRoleName}"}])
        with open(os.path.join(SOURCE_DIR, "deploy", "iam", "hub-role.yaml"), encoding="utf-8") as f:
            params = yaml.load(f, Loader=CfnLoader)["Parameters"]
        printed = statements(self.policies, "hub")["AssumeMemberRoles"]["Resource"]
        self.assertEqual(printed, [f"arn:aws:iam::*:role/{params['MemberRoleName']['Default']}"])

    def test_the_spoke_role_name_is_the_one_the_hub_assumes(self):
        with open(os.path.join(SOURCE_DIR, "deploy", "iam", "spoke-role.yaml"), encoding="utf-8") as f:
            spoke = yaml.load(f, Loader=CfnLoader)
        with open(os.path.join(SOURCE_DIR, "deploy", "iam", "hub-role.yaml"), encoding="utf-8") as f:
            hub = yaml.load(f, Loader=CfnLoader)
        self.assertEqual(spoke["Parameters"]["RoleName"]["Default"],
                         hub["Parameters"]["MemberRoleName"]["Default"])


if __name__ == "__main__":
    unittest.main()
