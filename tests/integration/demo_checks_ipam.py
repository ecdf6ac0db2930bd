"""Demo expectations of the ipam collector (called by test_demo.py)."""
import time

from support import find_samples, parse_exposition


def check(test, exporter):
    # The ipam seed fills a /28 in the hub account with 10 network interfaces: 15 of 16 addresses
    # used, counting the 5 AWS reserves. Targets start at jittered times, so wait.
    deadline = time.time() + 120
    ratios = {}
    while time.time() < deadline and 0.9375 not in ratios.values():
        ratios = find_samples(parse_exposition(exporter.get("/metrics").text),
                              "awsgov_subnet_ip_usage_ratio", account_id="111111111111",
                              region="eu-west-1")
        time.sleep(0.5)
    test.assertIn(0.9375, ratios.values(), ratios)
