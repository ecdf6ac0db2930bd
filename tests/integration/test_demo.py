"""The README's quick start: the exporter with no --config.file runs the embedded demo."""
import re
import socket
import subprocess
import time
import unittest

from support import EXPORTER, Exporter, Workdir, find_samples, parse_exposition


def collectors():
    out = subprocess.run([EXPORTER, "--help"], capture_output=True, text=True).stdout
    return re.findall(r"--\[no-\]collector\.(\w+)", out)


class DemoTest(unittest.TestCase):
    def test_demo_starts_serves_real_metrics_and_stops_cleanly(self):
        with Workdir() as d:
            exporter = Exporter(d, [])
            try:
                exporter.wait_ready(timeout=180)
                text = exporter.wait_for_metric('account_name="workload-dev"', timeout=120)
                samples = parse_exposition(text)
                names = sorted(dict(k[1])["account_name"] for k in samples
                               if k[0] == "awsgov_account_info")
                self.assertEqual(names, ["network-hub", "workload-dev", "workload-prod"])
                if "ipam" in collectors():
                    # The ipam seed fills a /28 in the hub account with 10 network interfaces: 15 of 16 addresses
                    # used, counting the 5 AWS reserves. Targets start at jittered times, so wait.
                    deadline = time.time() + 120
                    ratios = {}
                    while time.time() < deadline and 0.9375 not in ratios.values():
                        ratios = find_samples(parse_exposition(exporter.get("/metrics").text),
                                              "awsgov_subnet_ip_usage_ratio", account_id="111111111111",
                                              region="eu-west-1")
                        time.sleep(0.5)
                    self.assertIn(0.9375, ratios.values(), ratios)
                match = re.search(r"endpoint=http://127\.0\.0\.1:(\d+)", exporter.logs())
                self.assertIsNotNone(match, exporter.logs())
                moto_port = int(match.group(1))
                code, seconds = exporter.terminate(timeout=30)
                self.assertEqual(code, 0, exporter.logs())
                self.assertLess(seconds, 15.0)
                with socket.socket() as s:  # the demo's moto_server is gone with the exporter
                    self.assertNotEqual(s.connect_ex(("127.0.0.1", moto_port)), 0)
            finally:
                exporter.stop()


if __name__ == "__main__":
    unittest.main()
