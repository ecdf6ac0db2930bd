"""The calls of one collection cycle against the minimum the data needs, through the real binary:
bench/collect/collect_bench.py runs the exporter on 120 accounts x 2 regions with ipam,
tgw_shares, inspector_coverage (with a delegated administrator) and ami_references against the
benchmark's fake AWS (no latency, no throttling), and the fake counts every call.

Per account and region the cycle must make exactly one DescribeInstances, shared by
inspector_coverage and ami_references (the scheduler starts both targets together and the
generation's instance inventory serves the second), and BatchGetAccountStatus must be asked by
the delegated administrator in batches of at most 100 accounts: ceil(120 / 100) = 2 per region.
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

from support import EXPORTER, SOURCE_DIR

ACCOUNTS = 120
REGIONS = 2


class CollectionCallsTest(unittest.TestCase):
    def test_one_cycle_makes_the_minimum_calls(self):
        self.assertTrue(EXPORTER, "AWSGOV_EXPORTER is not set")
        with tempfile.TemporaryDirectory(prefix="awsgov-calls-") as workdir:
            out = os.path.join(workdir, "calls.json")
            run = subprocess.run(
                [sys.executable, os.path.join(SOURCE_DIR, "bench", "collect", "collect_bench.py"),
                 "--exporter", EXPORTER, "--out", out, "--accounts", str(ACCOUNTS),
                 "--latency-ms", "0", "--throttle", "0", "--requests-per-second", "1000",
                 "--sequential-accounts", "0", "--timeout", "240"],
                capture_output=True, text=True, timeout=300)
            self.assertEqual(run.returncode, 0, run.stderr[-3000:])
            with open(out) as f:
                exporter = json.load(f)["exporter"]
        pairs = ACCOUNTS * REGIONS
        self.assertEqual(exporter["failed_targets"], 0, exporter.get("log_tail"))
        self.assertEqual(exporter["reported"], pairs * 4)
        calls = exporter["calls"]
        self.assertEqual(calls["ec2:DescribeInstances"], pairs)
        self.assertEqual(calls["inspector2:BatchGetAccountStatus"],
                         math.ceil(ACCOUNTS / 100) * REGIONS)
        # The calls that are one per account and region by nature stay so.
        for name in ("inspector2:ListCoverage", "ec2:DescribeVpcs", "ec2:DescribeSubnets",
                     "ec2:DescribeTransitGateways", "ec2:DescribeLaunchTemplateVersions",
                     "autoscaling:DescribeLaunchConfigurations"):
            self.assertEqual(calls[name], pairs, name)
        self.assertEqual(calls["sts:AssumeRole"], ACCOUNTS)


if __name__ == "__main__":
    unittest.main()
