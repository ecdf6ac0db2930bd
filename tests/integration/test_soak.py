"""A short run of scripts/soak (the long one is recorded in docs/robustness.md): 150 collection
cycles of 4 targets against the churning fake AWS. Every scrape must show only the current
generation's subnets and VPCs (vanished ones gone), every target must end successful, and RSS
and open fds must not grow (with a wider RSS margin than the long run: a short run is mostly
warm-up)."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import support


class SoakShortTest(unittest.TestCase):
    def test_short_soak_keeps_series_memory_and_fds_flat(self):
        with tempfile.TemporaryDirectory() as tmp:
            report = os.path.join(tmp, "soak.json")
            run = subprocess.run(
                [sys.executable, os.path.join(support.SOURCE_DIR, "scripts", "soak"),
                 "--cycles", "150", "--interval", "50ms", "--sample-every", "0.1",
                 "--scrape-every", "0.5", "--rss-margin", "0.25", "--max-seconds", "120",
                 "--exporter", support.EXPORTER, "--report", report],
                capture_output=True, text=True, timeout=300)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            with open(report, encoding="utf-8") as f:
                summary = json.load(f)
        self.assertGreaterEqual(summary["cycles"], 150)
        self.assertEqual(summary["problem_count"], 0)
        self.assertGreater(summary["scrapes"], 5)
        if not summary["sanitized"]:  # ASan's quarantine grows RSS by design
            self.assertTrue(summary["rss_flat"])
        self.assertTrue(summary["fds_flat"])


if __name__ == "__main__":
    unittest.main()
