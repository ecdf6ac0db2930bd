"""rules/prometheusrule.yaml, the bundle's rules as a prometheus-operator PrometheusRule: it holds
exactly the groups of rules/alerts.yaml and rules/recording.yaml, those pass `promtool check
rules`, `scripts/generate-mixin --check` catches it when stale, and the `_config.prometheusRule`
override that docs/alerting.md shows sets its namespace and labels."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

SOURCE = os.path.abspath(os.environ.get(
    "AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..")))
RULES = os.path.join(SOURCE, "rules")

# The override docs/alerting.md shows, rendered as the doc says.
OVERRIDE = """
(import 'mixin.libsonnet') + {
  _config+:: {
    prometheusRule+: {
      namespace: 'monitoring',
      labels+: { release: 'kube-prometheus-stack' },
    },
  },
}
"""


def load(name):
    with open(os.path.join(RULES, name)) as f:
        return yaml.safe_load(f)


class PrometheusRuleTest(unittest.TestCase):
    def test_the_object_holds_exactly_the_rule_files_groups(self):
        rule = load("prometheusrule.yaml")
        self.assertEqual(rule["apiVersion"], "monitoring.coreos.com/v1")
        self.assertEqual(rule["kind"], "PrometheusRule")
        self.assertEqual(rule["metadata"], {
            "name": "awsgov-exporter", "labels": {"app.kubernetes.io/name": "awsgov-exporter"}})
        self.assertEqual(set(rule), {"apiVersion", "kind", "metadata", "spec"})
        expected = load("alerts.yaml")["groups"] + load("recording.yaml")["groups"]
        self.assertEqual(rule["spec"]["groups"], expected)
        self.assertGreater(sum(len(g["rules"]) for g in expected), 20)

    def test_its_groups_pass_promtool(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "rules.yaml")
            with open(path, "w") as f:
                yaml.safe_dump({"groups": load("prometheusrule.yaml")["spec"]["groups"]}, f)
            result = subprocess.run(["promtool", "check", "rules", path],
                                    capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("SUCCESS", result.stdout + result.stderr)

    def test_a_stale_object_fails_the_check(self):
        with tempfile.TemporaryDirectory() as d:
            for folder in ("rules", "grafana", "scripts", "deploy"):
                shutil.copytree(os.path.join(SOURCE, folder), os.path.join(d, folder))
            with open(os.path.join(d, "rules", "prometheusrule.yaml"), "a") as f:
                f.write("# edited by hand\n")
            stale = subprocess.run([os.path.join(d, "scripts", "generate-mixin"), "--check"],
                                   capture_output=True, text=True)
        self.assertEqual(stale.returncode, 1)
        # Only the edited file is reported: the check tells stale from fresh.
        self.assertEqual([line for line in stale.stderr.splitlines() if "is stale" in line],
                         ["rules/prometheusrule.yaml is stale: run scripts/generate-mixin and "
                          "commit the result"])
        self.assertIn("\n-# edited by hand\n", stale.stdout)  # the committed side of the diff

    def test_the_config_sets_namespace_and_labels(self):
        with tempfile.TemporaryDirectory() as d:
            mine = os.path.join(d, "mine.jsonnet")
            with open(mine, "w") as f:
                f.write(OVERRIDE)
            rendered = subprocess.run(
                ["jsonnet", "-J", RULES, "-e", f"(import '{mine}').prometheusRule"],
                check=True, capture_output=True, text=True).stdout
            text = subprocess.run([sys.executable, os.path.join(SOURCE, "scripts", "mixin_yaml.py")],
                                  input=rendered, check=True, capture_output=True, text=True).stdout
        rule = yaml.safe_load(text)
        self.assertEqual(rule["metadata"], {
            "name": "awsgov-exporter", "namespace": "monitoring",
            "labels": {"app.kubernetes.io/name": "awsgov-exporter",
                       "release": "kube-prometheus-stack"}})
        self.assertEqual(rule["spec"], load("prometheusrule.yaml")["spec"])


if __name__ == "__main__":
    unittest.main()
