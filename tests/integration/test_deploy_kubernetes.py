"""deploy/kubernetes: `kubectl kustomize` renders the example overlay, and the rendered objects fit
together (shard flags, probes, ports, the labels the ServiceMonitor selects, IRSA, hardening). The
rendered container arguments, with the pod name Kubernetes substitutes, start the real exporter as
shard 2 of 3."""
import os
import re
import shutil
import subprocess
import unittest

import yaml

from support import EXPORTER, SOURCE_DIR, Exporter, Workdir, find_samples, parse_exposition

KUSTOMIZE_DIR = os.path.join(SOURCE_DIR, "deploy", "kubernetes")


def render(path):
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        raise AssertionError("kubectl not found: run scripts/install-deps")
    out = subprocess.run([kubectl, "kustomize", path], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    return [doc for doc in yaml.safe_load_all(out) if doc]


def one(objects, kind, name=None):
    found = [o for o in objects if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)]
    if len(found) != 1:
        raise AssertionError(f"expected one {kind} {name or ''}, found {len(found)}")
    return found[0]


def flag(args, name):
    values = [a.split("=", 1)[1] for a in args if a.startswith(f"--{name}=")]
    if len(values) != 1:
        raise AssertionError(f"--{name} given {len(values)} times in {args}")
    return values[0]


def expand(arg, env):
    """Kubernetes' $(VAR) substitution in container args."""
    return re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda m: env.get(m.group(1), m.group(0)), arg)


class KustomizeExampleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.objects = render(os.path.join(KUSTOMIZE_DIR, "overlays", "example"))
        cls.sts = one(cls.objects, "StatefulSet", "awsgov-exporter")
        cls.pod = cls.sts["spec"]["template"]
        cls.container = one([dict(c, kind="c", metadata={"name": c["name"]})
                             for c in cls.pod["spec"]["containers"]], "c", "exporter")
        cls.args = cls.container["args"]

    def test_everything_lands_in_the_overlay_namespace(self):
        for o in self.objects:
            self.assertEqual(o["metadata"].get("namespace"), "monitoring", o["metadata"]["name"])

    def test_replicas_equal_the_shard_count_and_the_index_is_the_pod_name(self):
        self.assertEqual(self.sts["spec"]["replicas"], 3)
        self.assertEqual(flag(self.args, "shard.count"), "3")
        self.assertEqual(flag(self.args, "shard.index"), "$(POD_NAME)")
        env = {e["name"]: e for e in self.container["env"]}
        self.assertEqual(env["POD_NAME"]["valueFrom"]["fieldRef"]["fieldPath"], "metadata.name")

    def test_the_governing_service_is_headless(self):
        headless = one(self.objects, "Service", self.sts["spec"]["serviceName"])
        self.assertEqual(headless["spec"]["clusterIP"], "None")
        self.assertLessEqual(headless["spec"]["selector"].items(),
                             self.pod["metadata"]["labels"].items())

    def test_probes_and_ports_match_the_listen_address(self):
        port = int(flag(self.args, "web.listen-address").rsplit(":", 1)[1])
        ports = {p["name"]: p["containerPort"] for p in self.container["ports"]}
        self.assertEqual(ports["http"], port)
        self.assertEqual(self.container["livenessProbe"]["httpGet"], {"path": "/-/healthy", "port": "http"})
        self.assertEqual(self.container["readinessProbe"]["httpGet"], {"path": "/-/ready", "port": "http"})

    def test_the_service_monitor_selects_the_service_that_selects_the_pods(self):
        monitor = one(self.objects, "ServiceMonitor")
        selected = [s for s in self.objects if s["kind"] == "Service" and
                    monitor["spec"]["selector"]["matchLabels"].items() <= s["metadata"]["labels"].items()]
        self.assertEqual([s["metadata"]["name"] for s in selected], ["awsgov-exporter"])
        service = selected[0]
        self.assertLessEqual(service["spec"]["selector"].items(), self.pod["metadata"]["labels"].items())
        endpoint = monitor["spec"]["endpoints"][0]
        self.assertEqual(endpoint["port"], service["spec"]["ports"][0]["name"])
        self.assertEqual(endpoint["path"], "/metrics")
        # The job label (jobLabel names a Service label) is the job the mixin's alerts select.
        job = service["metadata"]["labels"][monitor["spec"]["jobLabel"]]
        rule = one(self.objects, "PrometheusRule")
        down = [r for g in rule["spec"]["groups"] for r in g["rules"] if r.get("alert") == "AwsgovExporterDown"]
        self.assertEqual(down[0]["expr"], f'up{{job="{job}"}} == 0')
        # The shard label comes from the pod ordinal (Prometheus anchors the regex).
        relabel = endpoint["relabelings"][0]
        self.assertEqual(relabel["targetLabel"], "shard")
        match = re.fullmatch(relabel["regex"], "awsgov-exporter-12")
        self.assertEqual(match.expand(relabel["replacement"].replace("$1", r"\1")), "12")

    def test_the_prometheus_rule_holds_the_mixins_alerts_and_recording_rules(self):
        rule = one(self.objects, "PrometheusRule")
        expected = []
        for source in ("alerts.yaml", "recording.yaml"):
            with open(os.path.join(SOURCE_DIR, "rules", source), encoding="utf-8") as f:
                expected += yaml.safe_load(f)["groups"]
        self.assertEqual(rule["spec"]["groups"], expected)

    def test_irsa_annotation_on_the_pods_service_account(self):
        account = one(self.objects, "ServiceAccount", self.pod["spec"]["serviceAccountName"])
        arn = account["metadata"]["annotations"]["eks.amazonaws.com/role-arn"]
        self.assertRegex(arn, r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")

    def test_hardened_security_context_and_sized_requests(self):
        pod_security = self.pod["spec"]["securityContext"]
        self.assertTrue(pod_security["runAsNonRoot"])
        self.assertNotEqual(pod_security["runAsUser"], 0)
        self.assertEqual(pod_security["seccompProfile"]["type"], "RuntimeDefault")
        security = self.container["securityContext"]
        self.assertTrue(security["readOnlyRootFilesystem"])
        self.assertFalse(security["allowPrivilegeEscalation"])
        self.assertEqual(security["capabilities"]["drop"], ["ALL"])
        self.assertFalse(self.pod["spec"]["automountServiceAccountToken"])
        resources = self.container["resources"]
        self.assertIn("cpu", resources["requests"])
        self.assertIn("memory", resources["requests"])
        self.assertIn("memory", resources["limits"])

    def test_config_map_is_mounted_where_the_config_flag_points_and_is_valid(self):
        config_path = flag(self.args, "config.file")
        mounts = {m["name"]: m["mountPath"] for m in self.container["volumeMounts"]}
        volumes = {v["name"]: v for v in self.pod["spec"]["volumes"]}
        self.assertEqual(os.path.dirname(config_path), mounts["config"])
        config_map = one(self.objects, "ConfigMap", volumes["config"]["configMap"]["name"])
        text = config_map["data"][os.path.basename(config_path)]
        # The sg_changes state lives on the StatefulSet's volume.
        config = yaml.safe_load(text)
        state_file = config["collectors"]["sg_changes"]["options"]["state_file"]
        self.assertTrue(state_file.startswith(mounts["state"] + "/"), state_file)
        claims = [c["metadata"]["name"] for c in self.sts["spec"]["volumeClaimTemplates"]]
        self.assertIn("state", claims)
        with Workdir() as work:
            path = os.path.join(work, "config.yml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(state_file, os.path.join(work, "sg.db")))
            check = subprocess.run([EXPORTER, "--check-config", f"--config.file={path}"],
                                   capture_output=True, text=True, timeout=60)
            self.assertEqual(check.returncode, 0, check.stdout + check.stderr)

    def test_the_rendered_arguments_start_the_exporter_as_the_pods_shard(self):
        env = {"POD_NAME": "awsgov-exporter-2"}
        args = [expand(a, env) for a in self.args]
        with Workdir() as work:
            config = os.path.join(work, "config.yml")
            with open(config, "w", encoding="utf-8") as f:  # no AWS: the exporter collector only
                f.write("regions: [eu-west-1]\naccounts:\n  - id: \"111111111111\"\n"
                        "    assume_role: false\n")
            kept = [a for a in args if not a.startswith(("--config.file=", "--web.listen-address="))]
            disabled = [f"--no-collector.{c}" for c in ("ami_references", "inspector_coverage",
                                                       "ipam", "sg_changes", "tgw_shares")]
            exporter = Exporter(work, [f"--config.file={config}", *kept, *disabled])
            try:
                exporter.wait_ready()
                self.assertEqual(exporter.get("/-/healthy").status, 200)
                samples = parse_exposition(exporter.get("/metrics").text)
                self.assertEqual(len(find_samples(samples, "awsgov_shard_info")), 1)
                self.assertEqual(list(find_samples(samples, "awsgov_shard_info", shard_index="2",
                                                   shard_count="3").values()), [1.0])
            finally:
                exporter.stop()


class KustomizeBaseTest(unittest.TestCase):
    def test_base_renders_alone_with_matching_replicas_and_shard_count(self):
        objects = render(os.path.join(KUSTOMIZE_DIR, "base"))
        sts = one(objects, "StatefulSet", "awsgov-exporter")
        args = sts["spec"]["template"]["spec"]["containers"][0]["args"]
        self.assertEqual(str(sts["spec"]["replicas"]), flag(args, "shard.count"))


if __name__ == "__main__":
    unittest.main()
