"""End to end: a seeded AWS (moto, and the IPAM fake for what moto lacks) → awsgov-exporter → real
Prometheus (Debian's) evaluating the bundle's rules → real Alertmanager → a local webhook receiver.

The rules are rendered from the mixin with every `for` set to 0s (a `_config` override, as users
would do), so that alerts fire within a few evaluation cycles instead of 15 minutes. The test
asserts that the expected alerts arrive with the expected labels, that they resolve once the
scenario is fixed, and that every dashboard query returns data from this Prometheus.
"""
import glob
import json
import os
import subprocess
import sys
import threading
import time
import unittest
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3

from support import (Exporter, Moto, Workdir, collectors, free_port, stop_process,
                     wait_for_port)

SOURCE = os.environ.get("AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
# moto's default account: what the exporter's own credentials (assume_role: false) act in.
HUB = "123456789012"
UNREACHABLE = "333333333333"  # its role cannot be assumed: a failing target
REGION = "eu-west-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "e2e", "AWS_SECRET_ACCESS_KEY": "e2e",
               "AWS_EC2_METADATA_DISABLED": "true"}

# Every duration the alerts wait is 0s here: firing depends on the data alone.
RULES_OVERRIDE = """
(import 'mixin.libsonnet') + {
  _config+:: { forOverride: '0s' },
}
"""


class Webhook:
    """Alertmanager's webhook receiver: keeps every notification's alerts."""

    def __init__(self):
        self.alerts = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with outer.lock:
                    outer.alerts.extend(body["alerts"])
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def find(self, status, **labels):
        with self.lock:
            return [a for a in self.alerts if a["status"] == status
                    and all(a["labels"].get(k) == v for k, v in labels.items())]

    def stop(self):
        self.server.shutdown()


class Process:
    def __init__(self, workdir, name, argv):
        self.log_path = os.path.join(workdir, name + ".log")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT)

    def logs(self):
        self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")[-4000:]

    def stop(self):
        stop_process(self.proc)
        self.log.close()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def render(expression, workdir, name):
    """One field of the mixin (with the test's override) as a Prometheus rule file."""
    source = write(os.path.join(workdir, "e2e.jsonnet"), RULES_OVERRIDE)
    rendered = subprocess.run(["jsonnet", "-J", os.path.join(SOURCE, "rules"), "-e",
                               f"(import '{source}').{expression}"],
                              check=True, capture_output=True, text=True).stdout
    text = subprocess.run([sys.executable, os.path.join(SOURCE, "scripts", "mixin_yaml.py")],
                          input=rendered, check=True, capture_output=True, text=True).stdout
    return write(os.path.join(workdir, name), text)


def seed(moto):
    """The hub account's VPC: a /27 subnet with 22 network interfaces is (5 + 22) / 32 = 84.4 %
    used (above the 80 % warning, below the 95 % critical); a /24 next to it is 3 % used.
    The exporter calls the hub with its own credentials (assume_role: false), as this does."""
    ec2 = boto3.client("ec2", endpoint_url=moto.endpoint, region_name=REGION,
                       aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                       aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    full = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.0.0/27")["Subnet"]["SubnetId"]
    roomy = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
    enis = [ec2.create_network_interface(SubnetId=full)["NetworkInterface"]["NetworkInterfaceId"]
            for _ in range(22)]
    ec2.create_network_interface(SubnetId=roomy)
    return ec2, vpc, full, enis


class AlertingEndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir_ctx = Workdir()
        d = cls.workdir_ctx.__enter__()
        cls.processes = []
        cls.moto = Moto(d)
        cls.ec2, cls.vpc, cls.full_subnet, cls.enis = seed(cls.moto)

        # The IPAM fake serves IPAM (moto has none).
        fake_port = free_port()
        cls.processes.append(Process(d, "ipam_fake", [
            sys.executable, os.path.join(SOURCE, "tests", "fakes", "ipam_fake.py"),
            "--port", str(fake_port)]))
        wait_for_port(fake_port, timeout=30)
        fake = f"http://127.0.0.1:{fake_port}"

        # STS points at a closed port, so the account that needs AssumeRole fails: a failing
        # target for the exporter-health alerts, next to the healthy hub.
        moto_config = write(os.path.join(d, "moto.yml"), f"""
regions: [{REGION}]
accounts:
  - id: "{HUB}"
    name: hub
    assume_role: false
  - id: "{UNREACHABLE}"
    name: unreachable
aws:
  role_name: e2e
  endpoint_url: {cls.moto.endpoint}
  endpoint_urls:
    sts: http://127.0.0.1:{free_port()}
  max_attempts: 1
collectors:
  ipam:
    interval: 10s
    options:
      include_ipam: false
""")
        fake_config = write(os.path.join(d, "fake.yml"), f"""
regions: [{REGION}]
accounts:
  - id: "{HUB}"
    name: hub
    assume_role: false
aws:
  endpoint_url: {fake}
collectors:
  ipam:
    interval: 10s
    options:
      include_unmanaged_vpcs: false
      ipam_account_id: "{HUB}"
""")
        others = [f"--no-collector.{c}" for c in collectors()
                  if c not in ("exporter", "ipam")]
        cls.exporters = [Exporter(d, [f"--config.file={c}", *others], env=CREDENTIALS)
                         for c in (moto_config, fake_config)]
        for e in cls.exporters:
            e.wait_ready()

        cls.webhook = Webhook()
        am_port = free_port()
        am_config = write(os.path.join(d, "alertmanager.yml"), f"""
route:
  receiver: webhook
  group_by: ['...']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: webhook
    webhook_configs:
      - url: {cls.webhook.url}
        send_resolved: true
""")
        cls.processes.append(Process(d, "alertmanager", [
            "prometheus-alertmanager", f"--config.file={am_config}",
            f"--storage.path={d}/alertmanager", f"--web.listen-address=127.0.0.1:{am_port}",
            "--cluster.listen-address="]))
        wait_for_port(am_port, timeout=30)

        alerts = render("prometheusAlerts", d, "alerts.yaml")
        recording = render("prometheusRules", d, "recording.yaml")
        cls.prom_port = free_port()
        targets = ", ".join(f"'127.0.0.1:{e.port}'" for e in cls.exporters)
        prom_config = write(os.path.join(d, "prometheus.yml"), f"""
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [{alerts}, {recording}]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:{am_port}']
scrape_configs:
  - job_name: awsgov
    static_configs:
      - targets: [{targets}]
""")
        cls.prometheus = Process(d, "prometheus", [
            "prometheus", f"--config.file={prom_config}", f"--storage.tsdb.path={d}/prometheus",
            f"--web.listen-address=127.0.0.1:{cls.prom_port}", "--rules.alert.resend-delay=1s"])
        cls.processes.append(cls.prometheus)
        wait_for_port(cls.prom_port, timeout=60)

    @classmethod
    def tearDownClass(cls):
        for e in getattr(cls, "exporters", []):
            e.stop()
        for p in reversed(cls.processes):
            p.stop()
        if hasattr(cls, "webhook"):
            cls.webhook.stop()
        cls.moto.stop()
        cls.workdir_ctx.__exit__(None, None, None)

    def query(self, expr):
        url = (f"http://127.0.0.1:{self.prom_port}/api/v1/query?"
               + urllib.parse.urlencode({"query": expr}))
        with urllib.request.urlopen(url, timeout=10) as response:
            body = json.load(response)
        self.assertEqual(body["status"], "success", body)
        return body["data"]["result"]

    def wait_for(self, what, predicate, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = predicate()
            if found:
                return found
            time.sleep(0.5)
        self.fail(f"{what} within {timeout}s; notifications: {self.webhook.alerts}\n"
                  f"prometheus: {self.prometheus.logs()}\nexporter: {self.exporters[0].logs()[-3000:]}")

    def test_1_alerts_fire_with_their_labels(self):
        firing = self.wait_for("subnet warning", lambda: self.webhook.find(
            "firing", alertname="AwsgovSubnetIpUsageHigh", subnet_id=self.full_subnet))
        labels = firing[0]["labels"]
        self.assertEqual(labels["account_id"], HUB)
        self.assertEqual(labels["region"], REGION)
        self.assertEqual(labels["vpc_id"], self.vpc)
        self.assertEqual(labels["cidr"], "10.20.0.0/27")
        self.assertEqual(labels["severity"], "warning")
        self.assertIn("84.38%", firing[0]["annotations"]["summary"])
        self.assertTrue(firing[0]["annotations"]["runbook_url"].endswith("#awsgovsubnetipusagehigh"))
        # Below the critical level, and the roomy subnet never alerts.
        self.assertEqual(self.webhook.find("firing", alertname="AwsgovSubnetIpUsageCritical",
                                           subnet_id=self.full_subnet), [])
        self.assertEqual(len(self.webhook.find("firing", alertname="AwsgovSubnetIpUsageHigh")), 1)

        failing = self.wait_for("failing target", lambda: self.webhook.find(
            "firing", alertname="AwsgovCollectorFailing", account_id=UNREACHABLE))
        self.assertEqual(failing[0]["labels"]["collector"], "ipam")
        self.assertEqual(failing[0]["labels"]["instance"], f"127.0.0.1:{self.exporters[0].port}")
        self.assertEqual(self.webhook.find("firing", alertname="AwsgovCollectorFailing",
                                           account_id=HUB), [])

    def test_2_alerts_resolve_when_the_scenario_is_fixed(self):
        self.wait_for("subnet warning", lambda: self.webhook.find(
            "firing", alertname="AwsgovSubnetIpUsageHigh", subnet_id=self.full_subnet))
        for eni in self.enis[:12]:  # (5 + 10) / 32 = 47 %
            self.ec2.delete_network_interface(NetworkInterfaceId=eni)
        self.wait_for("subnet warning resolved", lambda: self.webhook.find(
            "resolved", alertname="AwsgovSubnetIpUsageHigh", subnet_id=self.full_subnet))
        self.assertEqual(
            float(self.query(f'awsgov_subnet_ip_usage_ratio{{subnet_id="{self.full_subnet}"}}')[0]["value"][1]),
            15 / 32)

    def test_3_every_dashboard_query_returns_data(self):
        substitutions = {'"$job"': '"awsgov"', '"$instance"': '".*"', '"$account_id"': '".*"',
                         '"$region"': '".*"', "$__rate_interval": "1m"}
        queries = []
        for path in sorted(glob.glob(os.path.join(SOURCE, "grafana", "dashboards", "*.json"))):
            with open(path) as f:
                for panel in json.load(f)["panels"]:
                    for target in panel.get("targets", []):
                        expr = target["expr"]
                        for k, v in substitutions.items():
                            expr = expr.replace(k, v)
                        queries.append((os.path.basename(path), panel["title"], expr))
        self.assertGreater(len(queries), 20)
        for dashboard, title, expr in queries:
            with self.subTest(dashboard=dashboard, panel=title):
                self.wait_for(f"data for {dashboard} / {title}: {expr}",
                              lambda: self.query(expr), timeout=90)


if __name__ == "__main__":
    unittest.main()
