"""The alert bundle as a whole: house style of every alert, a runbook section for each, and a
promtool case where each fires and one where it does not (rules/tests/*.yml)."""
import glob
import os
import re
import unittest

import yaml

SOURCE = os.environ.get("AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
RULES = os.path.join(SOURCE, "rules")


def alerts():
    files = [os.path.join(RULES, "alerts.yaml")] + sorted(glob.glob(os.path.join(RULES, "alerts", "*.yml")))
    out = []
    for path in files:
        with open(path) as f:
            for group in yaml.safe_load(f)["groups"]:
                out += [(os.path.relpath(path, SOURCE), r) for r in group["rules"] if "alert" in r]
    return out


def rule_tests():
    """{alertname: [exp_alerts lists]} over every promtool test file."""
    cases = {}
    for path in glob.glob(os.path.join(RULES, "tests", "*.yml")):
        with open(path) as f:
            for test in yaml.safe_load(f)["tests"]:
                for case in test.get("alert_rule_test", []):
                    cases.setdefault(case["alertname"], []).append(case.get("exp_alerts") or [])
    return cases


def runbook_anchors():
    with open(os.path.join(SOURCE, "docs", "runbooks.md")) as f:
        return {m.group(1).lower() for m in re.finditer(r"^## (\w+)\s*$", f.read(), re.M)}


class RulesBundleTest(unittest.TestCase):
    def test_found_the_alerts(self):
        names = [r["alert"] for _, r in alerts()]
        self.assertIn("AwsgovExporterDown", names)
        self.assertIn("AwsgovSubnetIpUsageHigh", names)
        self.assertEqual(len(names), len(set(names)), "alert names must be unique")

    def test_every_alert_follows_the_house_style(self):
        for path, rule in alerts():
            with self.subTest(alert=rule["alert"], file=path):
                self.assertRegex(rule["alert"], r"^Awsgov[A-Z][A-Za-z0-9]+$")
                self.assertIn(rule.get("labels", {}).get("severity"), {"critical", "warning", "info"})
                annotations = rule.get("annotations", {})
                for key in ("summary", "description", "runbook_url"):
                    self.assertTrue(annotations.get(key), f"{key} missing")

    def test_every_alert_has_a_runbook_section(self):
        anchors = runbook_anchors()
        for path, rule in alerts():
            with self.subTest(alert=rule["alert"]):
                url = rule["annotations"]["runbook_url"]
                self.assertTrue(url.endswith("docs/runbooks.md#" + rule["alert"].lower()), url)
                self.assertIn(rule["alert"].lower(), anchors, "no '## %s' in docs/runbooks.md" % rule["alert"])

    def test_every_alert_has_a_firing_and_a_silent_promtool_case(self):
        cases = rule_tests()
        for _, rule in alerts():
            with self.subTest(alert=rule["alert"]):
                expectations = cases.get(rule["alert"], [])
                self.assertTrue(any(expectations), "no case where it fires")
                self.assertTrue(any(not e for e in expectations), "no case where it stays silent")
                for fired in (e for e in expectations if e):
                    for alert in fired:  # exact labels and annotations, as promtool compares them
                        self.assertIn("severity", alert.get("exp_labels", {}))
                        self.assertIn("runbook_url", alert.get("exp_annotations", {}))


if __name__ == "__main__":
    unittest.main()
