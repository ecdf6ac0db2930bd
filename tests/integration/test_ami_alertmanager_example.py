"""rules/alertmanager/ami_references.example.yml: Alertmanager accepts it (amtool check-config),
and it routes each consumer account's AMI alerts to that account's receiver (the old
account_email_mapping), other accounts and other alerts to the default receiver. The alert labels
it matches on are the ones rules/alerts/ami_references.yml keeps."""

import os
import re
import shutil
import subprocess
import unittest

SOURCE_DIR = os.environ.get("AWSGOV_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLE = os.path.join(SOURCE_DIR, "rules", "alertmanager", "ami_references.example.yml")
RULES = os.path.join(SOURCE_DIR, "rules", "alerts", "ami_references.yml")
AMTOOL = shutil.which("amtool")


def route(*labels):
    result = subprocess.run([AMTOOL, "config", "routes", "test", "--config.file", EXAMPLE, *labels],
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.strip()


class AmiAlertmanagerExampleTest(unittest.TestCase):
    def setUp(self):
        self.assertIsNotNone(AMTOOL, "amtool (Debian's prometheus-alertmanager) is needed")

    def test_config_is_valid(self):
        result = subprocess.run([AMTOOL, "check-config", EXAMPLE], capture_output=True,
                                text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("SUCCESS", result.stdout)

    def test_each_consumer_account_reaches_its_own_receiver(self):
        for account in ("222222222222", "333333333333"):
            for alert in ("AwsAmiReferencedAfterRemoval", "AwsAmiReferencedWhileDisabled"):
                self.assertEqual(route(f"alertname={alert}", f"consumer_account_id={account}",
                                       "severity=critical"), f"account-{account}")

    def test_unmapped_accounts_and_other_alerts_go_to_the_platform_team(self):
        self.assertEqual(route("alertname=AwsAmiReferencedAfterRemoval",
                               "consumer_account_id=444444444444"), "platform-team")
        self.assertEqual(route("alertname=AwsSubnetIpUsageHigh",
                               "consumer_account_id=222222222222"), "platform-team")

    def test_rules_keep_the_labels_the_routes_match(self):
        with open(RULES) as f:
            rules = f.read()
        alerts = re.findall(r"- alert: (\S+)", rules)
        self.assertEqual(alerts, ["AwsAmiReferencedAfterRemoval", "AwsAmiReferencedWhileDisabled"])
        for by in re.findall(r"sum by \(([^)]*)\)", rules):
            self.assertIn("consumer_account_id", [label.strip() for label in by.split(",")])


if __name__ == "__main__":
    unittest.main()
