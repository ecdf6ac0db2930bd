"""`scripts/demo --with-prometheus`: the demo exporter, Prometheus with the bundle's rules and
Alertmanager come up together; the demo's nearly full subnet, its pending transit-gateway share
invitation (served by the RAM fake) and its security-group rule open to the internet (served by the
CloudTrail fake) become firing alerts in both; stopping the script stops all three."""
import json
import os
import signal
import socket
import subprocess
import time
import unittest
import urllib.request

from support import EXPORTER, Workdir, free_port

SOURCE = os.environ.get("AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class DemoStackTest(unittest.TestCase):
    def test_alerts_of_the_demo_reach_prometheus_and_alertmanager(self):
        ports = {name: free_port() for name in ("EXPORTER", "PROMETHEUS", "ALERTMANAGER")}
        env = dict(os.environ, AWSGOV_DEMO_SKIP_BUILD="1", AWSGOV_EXPORTER=EXPORTER,
                   **{f"AWSGOV_DEMO_{k}_PORT": str(v) for k, v in ports.items()})
        with Workdir() as d:
            log = open(os.path.join(d, "demo.log"), "wb")
            demo = subprocess.Popen([os.path.join(SOURCE, "scripts", "demo"), "--with-prometheus"],
                                    env=env, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
            try:
                # The demo seed fills a /28 in the hub account to 15 of 16 addresses (93.75 %):
                # above the 80 % warning, below the 95 % critical. The hub's share invitation to
                # 333333333333 is ASSOCIATING, and a rule of the hub's demo-web-sg opens 443 to
                # 0.0.0.0/0. The demo renders every `for` as 0s: they fire at once.
                want = {("AwsgovSubnetIpUsageHigh", "111111111111"),
                        ("AwsgovTgwShareInvitationPending", "111111111111"),
                        ("AwsgovSgChangeOpenToInternet", "111111111111")}
                deadline = time.time() + 240
                firing, received = set(), set()
                while time.time() < deadline and not (want <= firing and want <= received):
                    try:
                        rules = get_json(f"http://127.0.0.1:{ports['PROMETHEUS']}/api/v1/alerts")
                        firing = {(a["labels"]["alertname"], a["labels"].get("account_id"))
                                  for a in rules["data"]["alerts"] if a["state"] == "firing"}
                        am = get_json(f"http://127.0.0.1:{ports['ALERTMANAGER']}/api/v2/alerts")
                        received = {(a["labels"]["alertname"], a["labels"].get("account_id")) for a in am}
                    except OSError:
                        pass
                    time.sleep(1)
                self.assertLessEqual(want, firing,
                                     open(os.path.join(d, "demo.log")).read()[-3000:])
                self.assertLessEqual(want, received)
                self.assertNotIn(("AwsgovSubnetIpUsageCritical", "111111111111"), firing)
            finally:
                os.killpg(demo.pid, signal.SIGTERM)
                code = demo.wait(timeout=30)
                log.close()
            self.assertEqual(code, 0)
            for name, port in ports.items():
                self.assertFalse(listening(port), f"{name} still listening on {port}")


if __name__ == "__main__":
    unittest.main()
