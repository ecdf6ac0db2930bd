"""The running exporter process: endpoints, promtool on a real scrape, reload, signals, flags."""
import gzip
import os
import shutil
import signal
import subprocess
import time
import unittest

from support import (EXPORTER, PROMETHEUS_ACCEPT, Exporter, Workdir, find_samples, http,
                     parse_exposition)

CONFIG = """
regions: [eu-west-1]
accounts:
  - id: "111111111111"
    name: alpha
  - id: "222222222222"
    name: beta
collectors:
  exporter:
    interval: 10s
"""

CONFIG_THREE = CONFIG.replace('    name: beta\n', '    name: beta\n  - id: "333333333333"\n    name: gamma\n')

BAD_CONFIG = """
regions: [eu-west-1]
accounts:
  - id: "11111111111"
"""


class ProcessTest(unittest.TestCase):
    def setUp(self):
        self.workdir_ctx = Workdir()
        self.workdir = self.workdir_ctx.__enter__()
        self.config = os.path.join(self.workdir, "config.yml")
        with open(self.config, "w") as f:
            f.write(CONFIG)
        self.exporter = Exporter(self.workdir, [f"--config.file={self.config}",
                                                "--no-collector.ipam"] if self.has_collector("ipam")
                                 else [f"--config.file={self.config}"])
        self.exporter.wait_ready()

    def tearDown(self):
        self.exporter.stop()
        self.workdir_ctx.__exit__(None, None, None)

    @staticmethod
    def has_collector(name):
        out = subprocess.run([EXPORTER, "--help"], capture_output=True, text=True).stdout
        return f"--[no-]collector.{name}\n" in out

    def account_names(self):
        samples = parse_exposition(self.exporter.get("/metrics").text)
        return sorted(dict(k[1])["account_name"] for k in samples if k[0] == "awsgov_account_info")

    def wait_accounts(self, expected, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.account_names() == expected:
                return
            time.sleep(0.2)
        self.assertEqual(self.account_names(), expected, self.exporter.logs())

    def test_metrics_text_format_by_default(self):
        self.wait_accounts(["alpha", "beta"])
        r = self.exporter.get("/metrics")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8")
        samples = parse_exposition(r.text)
        build = find_samples(samples, "awsgov_build_info")
        self.assertEqual(list(build.values()), [1.0])
        success = find_samples(samples, "awsgov_collector_success", collector="exporter")
        self.assertEqual(list(success.values()), [1.0])
        self.assertNotIn("# EOF", r.text)

    def test_metrics_openmetrics_for_prometheus_and_gzip(self):
        self.wait_accounts(["alpha", "beta"])
        r = self.exporter.get("/metrics", {"Accept": PROMETHEUS_ACCEPT, "Accept-Encoding": "gzip"})
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers["Content-Type"].startswith("application/openmetrics-text; version=1.0.0"))
        self.assertEqual(r.headers["Content-Encoding"], "gzip")
        text = r.text  # gunzipped by Response.text
        self.assertTrue(text.endswith("# EOF\n"), text[-200:])
        self.assertIn('awsgov_account_info{account_id="222222222222",account_name="beta"} 1', text)

    def test_promtool_check_metrics_on_a_real_scrape(self):
        self.wait_accounts(["alpha", "beta"])
        body = self.exporter.get("/metrics").body
        r = subprocess.run(["promtool", "check", "metrics"], input=body, capture_output=True)
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())

    def test_other_endpoints(self):
        self.assertEqual(self.exporter.get("/-/healthy").status, 200)
        self.assertEqual(self.exporter.get("/-/ready").status, 200)
        landing = self.exporter.get("/")
        self.assertEqual(landing.status, 200)
        self.assertTrue(landing.headers["Content-Type"].startswith("text/html"))
        self.assertIn("awsgov", landing.text)
        self.assertIn("/metrics", landing.text)
        self.assertEqual(self.exporter.get("/-/reload").status, 405)
        self.assertEqual(self.exporter.get("/no/such/page").status, 404)
        self.assertEqual(http("POST", self.exporter.base + "/metrics", body=b"").status, 405)

    def test_reload_good_then_bad_then_sighup(self):
        self.wait_accounts(["alpha", "beta"])
        with open(self.config, "w") as f:
            f.write(CONFIG_THREE)
        r = http("POST", self.exporter.base + "/-/reload", body=b"")
        self.assertEqual(r.status, 200, r.text)
        self.wait_accounts(["alpha", "beta", "gamma"])
        ok = find_samples(parse_exposition(self.exporter.get("/metrics").text),
                          "awsgov_config_last_reload_successful")
        self.assertEqual(list(ok.values()), [1.0])

        with open(self.config, "w") as f:
            f.write(BAD_CONFIG)
        r = http("POST", self.exporter.base + "/-/reload", body=b"")
        self.assertEqual(r.status, 500)
        self.assertIn("config.yml:4:", r.text)  # names file and line of the bad account id
        samples = parse_exposition(self.exporter.get("/metrics").text)
        self.assertEqual(list(find_samples(samples, "awsgov_config_last_reload_successful").values()), [0.0])
        self.assertEqual(self.account_names(), ["alpha", "beta", "gamma"])  # old config still runs

        with open(self.config, "w") as f:
            f.write(CONFIG)
        self.exporter.proc.send_signal(signal.SIGHUP)
        self.wait_accounts(["alpha", "beta"])
        deadline = time.time() + 10
        while time.time() < deadline:
            samples = parse_exposition(self.exporter.get("/metrics").text)
            if list(find_samples(samples, "awsgov_config_last_reload_successful").values()) == [1.0]:
                break
            time.sleep(0.1)
        self.assertEqual(list(find_samples(samples, "awsgov_config_last_reload_successful").values()), [1.0])

    def test_sigterm_stops_cleanly_within_seconds(self):
        code, seconds = self.exporter.terminate()
        self.assertEqual(code, 0, self.exporter.logs())
        self.assertLess(seconds, 5.0)


class CommandLineTest(unittest.TestCase):
    def test_check_config(self):
        with Workdir() as d:
            good = os.path.join(d, "good.yml")
            bad = os.path.join(d, "bad.yml")
            with open(good, "w") as f:
                f.write(CONFIG)
            with open(bad, "w") as f:
                f.write(BAD_CONFIG)
            r = subprocess.run([EXPORTER, "--check-config", f"--config.file={good}"],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            r = subprocess.run([EXPORTER, "--check-config", f"--config.file={bad}"],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 2)
            self.assertIn("bad.yml:4:", r.stdout + r.stderr)
            self.assertIn("accounts[0].id", r.stdout + r.stderr)

    def test_version_and_bad_flag(self):
        r = subprocess.run([EXPORTER, "--version"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"awsgov_exporter, version \d+\.\d+\.\d+ \(revision: \S+\)")
        r = subprocess.run([EXPORTER, "--no-such-flag"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown flag --no-such-flag", r.stderr)

    def test_collector_flags_are_generated(self):
        r = subprocess.run([EXPORTER, "--help"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertIn("--[no-]collector.exporter", r.stdout)


if __name__ == "__main__":
    unittest.main()
