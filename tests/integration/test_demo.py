"""The README's quick start: the exporter with no --config.file runs the embedded demo."""
import importlib
import os
import re
import socket
import unittest

from support import Exporter, Workdir, collectors, parse_exposition


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
                # Each collector's demo expectations live in demo_checks_<collector>.py, a
                # `check(test, exporter)` that waits for and asserts its seeded values.
                for name in collectors():
                    path = os.path.join(os.path.dirname(__file__), f"demo_checks_{name}.py")
                    if os.path.exists(path):
                        with self.subTest(collector=name):
                            importlib.import_module(f"demo_checks_{name}").check(self, exporter)
                match = re.search(r"endpoint=http://127\.0\.0\.1:(\d+)", exporter.logs())
                self.assertIsNotNone(match, exporter.logs())
                moto_port = int(match.group(1))
                # The fakes serving what moto lacks, one per service.
                fakes = re.search(r'msg="demo: seeded".*? fakes="?([^" ]*)', exporter.logs())
                fake_ports = dict(re.findall(r"(\w+)=http://127\.0\.0\.1:(\d+)", fakes.group(1)))
                self.assertEqual(sorted(fake_ports), ["cloudtrail", "inspector2", "ram"])
                code, seconds = exporter.terminate(timeout=30)
                self.assertEqual(code, 0, exporter.logs())
                self.assertLess(seconds, 15.0)
                # The demo's moto_server and fakes are gone with the exporter.
                for port in [moto_port, *map(int, fake_ports.values())]:
                    with socket.socket() as s:
                        self.assertNotEqual(s.connect_ex(("127.0.0.1", port)), 0, port)
            finally:
                exporter.stop()


if __name__ == "__main__":
    unittest.main()
