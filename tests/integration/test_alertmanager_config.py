"""rules/alertmanager.example.yml: amtool accepts it, every route sends each kind of alert where
the file's header says, and a real Alertmanager applies its inhibition rules."""
import json
import os
import subprocess
import time
import unittest
import urllib.request

from support import Workdir, free_port, wait_for_port

SOURCE = os.environ.get("AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLE = os.path.join(SOURCE, "rules", "alertmanager.example.yml")

# (labels, receivers in order): the routing the example promises.
ROUTES = [
    ({"alertname": "AwsgovExporterDown", "severity": "critical"}, ["platform-slack"]),
    ({"alertname": "AwsgovCollectorFailing", "severity": "warning"}, ["platform-slack"]),
    ({"alertname": "AwsgovSubnetIpUsageHigh", "severity": "warning"}, ["network-slack"]),
    ({"alertname": "AwsgovTgwPrincipalUnattached", "severity": "warning"}, ["network-slack"]),
    ({"alertname": "AwsgovSgIngressChangePublic", "severity": "critical"},
     ["security-sns", "security-slack"]),
    ({"alertname": "AwsgovSgIngressChangePending", "severity": "warning"}, ["security-slack"]),
    ({"alertname": "AwsgovInspectorInstanceNotScanned", "severity": "warning"}, ["security-slack"]),
    # sg_changes review alerts: the message with Slack buttons; a failed revert has no buttons.
    ({"alertname": "AwsgovSgChangeOpenToInternet", "severity": "critical", "event_id": "ev-1"},
     ["security-sns", "security-sg-review"]),
    ({"alertname": "AwsgovSgChangePending", "severity": "warning", "event_id": "ev-2"},
     ["security-sg-review"]),
    ({"alertname": "AwsgovSgChangePendingTooLong", "severity": "warning", "event_id": "ev-3"},
     ["security-sg-review"]),
    ({"alertname": "AwsgovSgRevertFailed", "severity": "warning"}, ["security-slack"]),
    ({"alertname": "AwsgovAmiReferenceBroken", "severity": "critical",
      "consumer_account_id": "222222222222"}, ["platform-slack", "account-222222222222-email"]),
    ({"alertname": "AwsgovAmiReferenceBroken", "severity": "critical",
      "consumer_account_id": "333333333333"}, ["platform-slack", "account-333333333333-email"]),
    ({"alertname": "AwsgovAmiReferenceBroken", "severity": "critical",
      "consumer_account_id": "999999999999"}, ["platform-slack"]),
    ({"alertname": "SomethingElse"}, ["platform-slack"]),
]


def amtool(*args):
    return subprocess.run(["amtool", *args], capture_output=True, text=True)


class AlertmanagerExampleTest(unittest.TestCase):
    def test_amtool_accepts_the_example(self):
        result = amtool("check-config", EXAMPLE)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("2 inhibit rules", result.stdout)

    def test_each_alert_kind_reaches_its_receivers(self):
        for labels, receivers in ROUTES:
            with self.subTest(labels=labels):
                result = amtool("config", "routes", "test", f"--config.file={EXAMPLE}",
                                *[f"{k}={v}" for k, v in labels.items()])
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout.strip().split(","), receivers)


class AlertmanagerInhibitionTest(unittest.TestCase):
    """The inhibition rules, applied by a real Alertmanager (Debian's) on a loopback port."""

    def setUp(self):
        self.workdir_ctx = Workdir()
        d = self.workdir_ctx.__enter__()
        # The example reads its secrets from files under /etc; point them into the work dir.
        with open(EXAMPLE) as f:
            text = f.read().replace("/etc/alertmanager/secrets", d)
        for name, value in (("slack-webhook-url", "http://127.0.0.1:9/slack"), ("smtp-password", "x")):
            with open(os.path.join(d, name), "w") as f:
                f.write(value)
        config = os.path.join(d, "alertmanager.yml")
        with open(config, "w") as f:
            f.write(text)
        self.port = free_port()
        self.log = open(os.path.join(d, "alertmanager.log"), "w")
        self.proc = subprocess.Popen(
            ["prometheus-alertmanager", f"--config.file={config}", f"--storage.path={d}/data",
             f"--web.listen-address=127.0.0.1:{self.port}", "--cluster.listen-address="],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, timeout=30)

    def tearDown(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.log.close()
        self.workdir_ctx.__exit__(None, None, None)

    def api(self, method, path, body=None):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/v2{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
            return json.loads(text) if text else None

    def inhibited(self, alerts, timeout=20):
        """{alertname/resource: inhibited?} once Alertmanager has processed every alert."""
        self.api("POST", "/alerts", [{"labels": labels} for labels in alerts])
        deadline = time.time() + timeout
        while True:
            got = self.api("GET", "/alerts")
            if len(got) == len(alerts) or time.time() > deadline:
                break
            time.sleep(0.2)
        # Inhibition is evaluated when alerts are listed; give the inhibitor a moment to see both.
        time.sleep(1)
        got = self.api("GET", "/alerts")
        return {(a["labels"]["alertname"], a["labels"].get("subnet_id", a["labels"].get("instance", ""))):
                bool(a["status"]["inhibitedBy"]) for a in got}

    def test_critical_inhibits_warning_for_the_same_resource_only(self):
        subnet = {"account_id": "111111111111", "region": "eu-west-1", "vpc_id": "vpc-1",
                  "cidr": "10.0.0.0/28"}
        state = self.inhibited([
            dict(subnet, alertname="AwsgovSubnetIpUsageCritical", severity="critical", subnet_id="subnet-1"),
            dict(subnet, alertname="AwsgovSubnetIpUsageHigh", severity="warning", subnet_id="subnet-1"),
            dict(subnet, alertname="AwsgovSubnetIpUsageHigh", severity="warning", subnet_id="subnet-2"),
            {"alertname": "AwsgovExporterDown", "severity": "critical", "instance": "exp-a:9955"},
            {"alertname": "AwsgovCollectorFailing", "severity": "warning", "instance": "exp-a:9955",
             "collector": "ipam", "account_id": "111111111111", "region": "eu-west-1"},
            {"alertname": "AwsgovCollectorFailing", "severity": "warning", "instance": "exp-b:9955",
             "collector": "ipam", "account_id": "222222222222", "region": "eu-west-1"},
        ])
        self.assertEqual(state, {
            ("AwsgovSubnetIpUsageCritical", "subnet-1"): False,
            ("AwsgovSubnetIpUsageHigh", "subnet-1"): True,   # same subnet: the critical covers it
            ("AwsgovSubnetIpUsageHigh", "subnet-2"): False,  # another subnet
            ("AwsgovExporterDown", "exp-a:9955"): False,
            ("AwsgovCollectorFailing", "exp-a:9955"): True,  # its exporter is down
            ("AwsgovCollectorFailing", "exp-b:9955"): False,
        })


if __name__ == "__main__":
    unittest.main()
