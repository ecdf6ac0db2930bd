"""End to end: a seeded AWS (moto, and fakes for what moto lacks) → awsgov-exporter → real
Prometheus (Debian's) evaluating the bundle's rules → real Alertmanager → a local webhook receiver.

The scenarios (tests/integration/e2e_scenarios.py), each with a healthy look-alike that must stay
quiet: an 84 % subnet (ipam), a failing target (the exporter's health), a share principal
without an attachment (tgw_shares, the TGW fake), a running instance of a deregistered image
(ami_references, moto), a pending security-group change open to the internet and a private one
(sg_changes, the CloudTrail fake), an instance Inspector does not scan (inspector_coverage, the
Inspector fake). Three exporters serve them, as the fakes speak EC2 on their own endpoints: one on
moto (with Inspector and CloudTrail from their fakes), one on the IPAM fake, one on the TGW fake.

The rules under test are the generated ones, rendered from the mixin with one `_config` override,
`forOverride: '0s'`: every alert's `for` (up to 24h for an unscanned instance, 7 days for a
pending invitation) becomes 0s, so that alerts fire within a few evaluation cycles. Expressions,
labels and annotations are unchanged. The test asserts that every expected alert arrives with its
exact labels, that every dashboard query returns data while the problems are present, and that
each alert resolves once its scenario is fixed (ENIs deleted, the attachment created, the
instance terminated, the changes approved through the review API, the instance covered).
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

import e2e_scenarios as sc
from support import (Exporter, Moto, Workdir, collectors, free_port, http, stop_process,
                     wait_for_port)

SOURCE = os.environ.get("AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "tests", "fakes"))
import inspector_fake  # noqa: E402
import sg_changes_cloudtrail_fake  # noqa: E402
import tgw_shares_fake  # noqa: E402

# moto's default account: what the exporter's own credentials (assume_role: false) act in.
HUB = "123456789012"
UNREACHABLE = "333333333333"  # its role cannot be assumed: a failing target
REGION = sc.REGION
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "e2e", "AWS_SECRET_ACCESS_KEY": "e2e",
               "AWS_EC2_METADATA_DISABLED": "true"}
REVIEW_TOKEN = "e2e-review-token"
# Collectors run every 10s (the shortest interval allowed), Prometheus scrapes and evaluates
# every second, Alertmanager notifies groups after 1s.
INTERVAL = "10s"

# The mixin's `_config` override: every `for` is 0s here, firing depends on the data alone.
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


def render_rules(workdir):
    """The mixin's alerts and recording rules (with the test's override) as Prometheus rule files,
    from one jsonnet evaluation."""
    source = write(os.path.join(workdir, "e2e.jsonnet"), RULES_OVERRIDE)
    rendered = json.loads(subprocess.run(
        ["jsonnet", "-J", os.path.join(SOURCE, "rules"), "-e",
         f"local m = import '{source}'; {{ alerts: m.prometheusAlerts, recording: m.prometheusRules }}"],
        check=True, capture_output=True, text=True).stdout)
    paths = []
    for name in ("alerts", "recording"):
        text = subprocess.run([sys.executable, os.path.join(SOURCE, "scripts", "mixin_yaml.py")],
                              input=json.dumps(rendered[name]), check=True, capture_output=True,
                              text=True).stdout
        paths.append(write(os.path.join(workdir, name + ".yaml"), text))
    return paths


def disable_all_but(*wanted):
    return [f"--no-collector.{c}" for c in collectors() if c not in ("exporter", *wanted)]


class AlertingEndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir_ctx = Workdir()
        d = cls.workdir_ctx.__enter__()
        cls.processes = []
        cls.fakes = []
        cls.exporters = []
        cls.moto = Moto(d)
        cls.ec2 = sc.ec2_client(boto3, cls.moto.endpoint, CREDENTIALS)
        cls.subnets = sc.seed_subnets(cls.ec2)
        cls.ami = sc.seed_dangling_ami(cls.ec2)
        cls.inspected = sc.seed_inspector_instances(cls.ec2)

        # The fakes run in this process: the test changes their data to fix the scenarios.
        scanned = [i for i in sc.live_instances(cls.ec2) if i != cls.inspected["uncovered"]]
        cls.inspector = cls.start_fake(inspector_fake.InspectorFake(sc.inspector_data(HUB, scanned)))
        cls.cloudtrail = cls.start_fake(sg_changes_cloudtrail_fake.CloudTrailFake(
            sc.sg_records(sg_changes_cloudtrail_fake, HUB)))
        cls.tgw = cls.start_fake(tgw_shares_fake.TgwSharesFake(sc.tgw_scenario()))
        # The IPAM fake serves IPAM (moto has none).
        ipam_port = free_port()
        cls.processes.append(Process(d, "ipam_fake", [
            sys.executable, os.path.join(SOURCE, "tests", "fakes", "ipam_fake.py"),
            "--port", str(ipam_port)]))
        wait_for_port(ipam_port, timeout=30)

        # STS points at a closed port, so the account that needs AssumeRole fails: a failing
        # target for the exporter-health alerts, next to the healthy hub.
        token_file = write(os.path.join(d, "review.token"), REVIEW_TOKEN + "\n")
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
    inspector2: {cls.inspector.endpoint}
    cloudtrail: {cls.cloudtrail.endpoint}
  max_attempts: 1
collectors:
  ipam:
    interval: {INTERVAL}
    options:
      include_ipam: false
  ami_references:
    enabled: true
    interval: {INTERVAL}
    options:
      owner_accounts: ["{HUB}"]
      unresolved_images_owner: "{HUB}"  # deregistered before the exporter's first run
  inspector_coverage:
    interval: {INTERVAL}
  sg_changes:
    enabled: true
    interval: {INTERVAL}
    options:
      state_file: {d}/sg_changes.db
      review_token_file: {token_file}
""")
        ipam_config = write(os.path.join(d, "ipam.yml"), f"""
regions: [{REGION}]
accounts:
  - id: "{HUB}"
    name: hub
    assume_role: false
aws:
  endpoint_url: http://127.0.0.1:{ipam_port}
collectors:
  ipam:
    interval: {INTERVAL}
    options:
      include_unmanaged_vpcs: false
      ipam_account_id: "{HUB}"
""")
        tgw_config = write(os.path.join(d, "tgw.yml"), f"""
regions: [{REGION}]
accounts:
  - id: "{sc.TGW_HUB}"
    name: network-hub
    assume_role: false
aws:
  endpoint_url: {cls.tgw.endpoint}
collectors:
  tgw_shares:
    interval: {INTERVAL}
    options:
      hub_account_ids: ["{sc.TGW_HUB}"]
      inventory:{sc.TGW_INVENTORY}
""")
        for config, wanted in ((moto_config, ("ipam", "ami_references", "inspector_coverage",
                                              "sg_changes")),
                               (ipam_config, ("ipam",)), (tgw_config, ("tgw_shares",))):
            cls.exporters.append(Exporter(d, [f"--config.file={config}", *disable_all_but(*wanted)],
                                          env=CREDENTIALS))
        cls.moto_exporter, cls.ipam_exporter, cls.tgw_exporter = cls.exporters
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

        alerts, recording = render_rules(d)
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
    def start_fake(cls, fake):
        cls.fakes.append(fake)
        return fake.start()

    @classmethod
    def tearDownClass(cls):
        for e in cls.exporters:
            e.stop()
        for p in reversed(cls.processes):
            p.stop()
        for f in cls.fakes:
            f.stop()
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
                  f"prometheus: {self.prometheus.logs()}\n"
                  + "".join(f"exporter {e.port}: {e.logs()[-3000:]}\n" for e in self.exporters))

    def notified(self, status, alertname, **labels):
        """The first notification of `alertname` in `status` matching `labels`, once it came."""
        return self.wait_for(f"{alertname} {status} {labels}", lambda: self.webhook.find(
            status, alertname=alertname, **labels))[0]

    def instance(self, exporter):
        return f"127.0.0.1:{exporter.port}"

    def review(self, decision, change_id):
        """A reviewer's decision through the exporter's review API."""
        return http("POST", f"{self.moto_exporter.base}/api/v1/sg_changes/changes/{decision}",
                    {"Authorization": f"Bearer {REVIEW_TOKEN}",
                     "Content-Type": "application/json"},
                    json.dumps({"id": change_id}).encode())

    # --- firing -----------------------------------------------------------------------------

    def test_1a_subnet_and_failing_target(self):
        firing = self.notified("firing", "AwsgovSubnetIpUsageHigh", subnet_id=self.subnets["subnet"])
        labels = firing["labels"]
        self.assertEqual(labels["account_id"], HUB)
        self.assertEqual(labels["region"], REGION)
        self.assertEqual(labels["vpc_id"], self.subnets["vpc"])
        self.assertEqual(labels["cidr"], "10.20.0.0/27")
        self.assertEqual(labels["severity"], "warning")
        self.assertIn("84.38%", firing["annotations"]["summary"])
        self.assertTrue(firing["annotations"]["runbook_url"].endswith("#awsgovsubnetipusagehigh"))
        # Below the critical level, and the roomy subnet never alerts.
        self.assertEqual(self.webhook.find("firing", alertname="AwsgovSubnetIpUsageCritical",
                                           subnet_id=self.subnets["subnet"]), [])
        self.assertEqual(len(self.webhook.find("firing", alertname="AwsgovSubnetIpUsageHigh")), 1)

        failing = self.notified("firing", "AwsgovCollectorFailing", account_id=UNREACHABLE,
                                collector="ipam")
        self.assertEqual(failing["labels"]["instance"], self.instance(self.moto_exporter))
        self.assertEqual(self.webhook.find("firing", alertname="AwsgovCollectorFailing",
                                           account_id=HUB), [])

    def test_1b_unattached_tgw_principal(self):
        firing = self.notified("firing", "AwsgovTgwSharePrincipalUnattached",
                               principal_id=sc.TGW_UNATTACHED)
        self.assertEqual(firing["labels"], {
            "alertname": "AwsgovTgwSharePrincipalUnattached", "severity": "warning",
            "job": "awsgov", "instance": self.instance(self.tgw_exporter),
            "account_id": sc.TGW_HUB, "region": REGION, "transit_gateway_id": sc.TGW,
            "resource_share_arn": sc.TGW_SHARE, "principal_id": sc.TGW_UNATTACHED,
            "association_status": "ASSOCIATED"})
        self.assertIn(f"Account {sc.TGW_UNATTACHED} has no attachment to transit gateway {sc.TGW}",
                      firing["annotations"]["summary"])
        # The same VPC is missing from the inventory's point of view.
        mismatch = self.notified("firing", "AwsgovTgwInventoryMismatch", vpc_id="vpc-0e2e0444")
        self.assertEqual(mismatch["labels"]["kind"], "missing_attachment")
        self.assertEqual(mismatch["labels"]["principal_id"], sc.TGW_UNATTACHED)
        # The invited principal has its own alert; neither it nor the attached one is "unattached".
        invited = self.notified("firing", "AwsgovTgwShareInvitationPending",
                                principal_id=sc.TGW_INVITED)
        self.assertEqual(invited["labels"]["association_status"], "ASSOCIATING")
        self.assertEqual(
            [a["labels"]["principal_id"] for a in
             self.webhook.find("firing", alertname="AwsgovTgwSharePrincipalUnattached")],
            [sc.TGW_UNATTACHED])
        self.assertEqual(len(self.webhook.find("firing", alertname="AwsgovTgwInventoryMismatch")), 1)

    def test_1c_dangling_ami(self):
        firing = self.notified("firing", "AwsgovAmiReferencedAfterRemoval",
                               image_id=self.ami["retired"])
        self.assertEqual(firing["labels"], {
            "alertname": "AwsgovAmiReferencedAfterRemoval", "severity": "critical",
            "owner_account_id": HUB, "image_id": self.ami["retired"], "consumer_account_id": HUB,
            "region": REGION, "image_status": "deregistered"})
        # The description lists the referencing instance, from the info metric (Prometheus'
        # `query` template function, which only a real Prometheus evaluates).
        self.assertIn(f"Still used in EC2 instances: [ {self.ami['instance']} ].",
                      firing["annotations"]["description"])
        self.assertIn("Still used in launch templates: [ ].", firing["annotations"]["description"])
        # The available image in use never alerts.
        self.assertEqual(
            [a["labels"]["image_id"] for a in
             self.webhook.find("firing", alertname="AwsgovAmiReferencedAfterRemoval")],
            [self.ami["retired"]])
        self.assertEqual(self.webhook.find("firing", alertname="AwsgovAmiReferencedWhileDisabled"), [])

    def test_1d_pending_public_sg_change(self):
        common = {"job": "awsgov", "instance": self.instance(self.moto_exporter),
                  "account_id": HUB, "region": REGION, "group_id": sc.SG_GROUP,
                  "actor": f"arn:aws:iam::{HUB}:user/alice", "protocol": "tcp",
                  "direction": "ingress"}
        public = self.notified("firing", "AwsgovSgChangeOpenToInternet", event_id=sc.SG_OPEN)
        self.assertEqual(public["labels"], {
            **common, "alertname": "AwsgovSgChangeOpenToInternet", "severity": "critical",
            "event_id": sc.SG_OPEN, "port_range": "22", "source": "0.0.0.0/0", "public": "true"})
        self.assertEqual(public["annotations"]["review_url"],
                         f"http://{self.instance(self.moto_exporter)}/sg_changes/review")
        private = self.notified("firing", "AwsgovSgChangePending", event_id=sc.SG_PRIVATE)
        self.assertEqual(private["labels"], {
            **common, "alertname": "AwsgovSgChangePending", "severity": "warning",
            "event_id": sc.SG_PRIVATE, "port_range": "443", "source": "10.0.0.0/8",
            "public": "false"})
        # The public change is not also warned about; nothing is overdue yet.
        self.assertEqual(self.webhook.find("firing", alertname="AwsgovSgChangePending",
                                           event_id=sc.SG_OPEN), [])
        self.assertEqual(self.webhook.find("firing", alertname="AwsgovSgChangePendingTooLong"), [])

    def test_1e_uncovered_instance(self):
        firing = self.notified("firing", "AwsgovInspectorEc2InstanceNotScanned",
                               instance_id=self.inspected["uncovered"])
        self.assertEqual(firing["labels"], {
            "alertname": "AwsgovInspectorEc2InstanceNotScanned", "severity": "warning",
            "job": "awsgov", "instance": self.instance(self.moto_exporter), "account_id": HUB,
            "region": REGION, "instance_id": self.inspected["uncovered"], "excepted": "false"})
        # Every other instance (the covered one, the AMI scenario's) is scanned: only one alert.
        self.assertEqual(len(self.webhook.find("firing",
                                               alertname="AwsgovInspectorEc2InstanceNotScanned")), 1)
        self.assertEqual(self.webhook.find("firing", alertname="AwsgovInspectorEc2ScanningDisabled"), [])

    # --- dashboards, while every problem is present -----------------------------------------

    def test_2_every_dashboard_query_returns_data(self):
        substitutions = {'"$job"': '"awsgov"', '"$instance"': '".*"', '"$account_id"': '".*"',
                         '"$region"': '".*"', "$__rate_interval": "1m"}
        queries = []
        dashboards = sorted(glob.glob(os.path.join(SOURCE, "grafana", "dashboards", "*.json")))
        for path in dashboards:
            with open(path) as f:
                for panel in json.load(f)["panels"]:
                    for target in panel.get("targets", []):
                        expr = target["expr"]
                        for k, v in substitutions.items():
                            expr = expr.replace(k, v)
                        queries.append((os.path.basename(path), panel["title"], expr))
        self.assertEqual(len(dashboards), 6)  # the overview and one per collector
        self.assertGreater(len(queries), 60)
        for dashboard, title, expr in queries:
            with self.subTest(dashboard=dashboard, panel=title):
                self.wait_for(f"data for {dashboard} / {title}: {expr}",
                              lambda: self.query(expr), timeout=60)

    # --- resolving --------------------------------------------------------------------------

    def test_3_alerts_resolve_when_the_scenarios_are_fixed(self):
        for alertname, labels in self.FIXED:
            self.notified("firing", alertname, **labels(self))
        sc.fix_subnets(self.ec2, self.subnets)
        sc.fix_tgw(self.tgw)
        sc.fix_dangling_ami(self.ec2, self.ami)
        for change in (sc.SG_OPEN, sc.SG_PRIVATE):
            response = self.review("approve", f"{change}/0")
            self.assertEqual(response.status, 200, response.text)
            decided = json.loads(response.text)["change"]
            self.assertEqual((decided["state"], decided["decided_by"]), ("approved", "api-token"))
        self.inspector.set_data(sc.inspector_data(HUB, sc.live_instances(self.ec2)))

        for alertname, labels in self.FIXED:
            resolved = self.notified("resolved", alertname, **labels(self))
            self.assertEqual(resolved["labels"]["alertname"], alertname)
        self.assertEqual(
            float(self.query(f'awsgov_subnet_ip_usage_ratio{{subnet_id="{self.subnets["subnet"]}"}}')[0]["value"][1]),
            15 / 32)
        # A decision stands: approving again is refused.
        self.assertEqual(self.review("approve", f"{sc.SG_OPEN}/0").status, 409)

    # Each alert the fixes resolve, with the labels that tell it apart.
    FIXED = [
        ("AwsgovSubnetIpUsageHigh", lambda t: {"subnet_id": t.subnets["subnet"]}),
        ("AwsgovTgwSharePrincipalUnattached", lambda t: {"principal_id": sc.TGW_UNATTACHED}),
        ("AwsgovTgwInventoryMismatch", lambda t: {"vpc_id": "vpc-0e2e0444"}),
        ("AwsgovAmiReferencedAfterRemoval", lambda t: {"image_id": t.ami["retired"]}),
        ("AwsgovSgChangeOpenToInternet", lambda t: {"event_id": sc.SG_OPEN}),
        ("AwsgovSgChangePending", lambda t: {"event_id": sc.SG_PRIVATE}),
        ("AwsgovInspectorEc2InstanceNotScanned",
         lambda t: {"instance_id": t.inspected["uncovered"]}),
    ]


if __name__ == "__main__":
    unittest.main()
