"""--shard.index / --shard.count: replicas split the accounts with no overlap and no gap."""
import os
import unittest

from support import Exporter, Workdir, collectors, find_samples, parse_exposition

ACCOUNTS = [f"{100000000000 + 7919 * i:012d}" for i in range(12)]


def config_text():
    lines = ["regions: [eu-west-1]", "accounts:"]
    for i, account in enumerate(ACCOUNTS):
        lines += [f'  - id: "{account}"', f"    name: a{i}"]
    lines += ["collectors:", "  exporter:", "    interval: 10s"]
    return "\n".join(lines) + "\n"


class ShardingTest(unittest.TestCase):
    def test_three_replicas_cover_every_account_once(self):
        with Workdir() as d:
            path = os.path.join(d, "config.yml")
            with open(path, "w") as f:
                f.write(config_text())
            off = [f"--no-collector.{c}" for c in collectors() if c != "exporter"]
            replicas = [Exporter(d, [f"--config.file={path}", f"--shard.index={i}",
                                     "--shard.count=3"] + off) for i in range(3)]
            try:
                shares = []
                for i, exporter in enumerate(replicas):
                    exporter.wait_ready()
                    text = exporter.wait_for_metric("awsgov_account_info{", timeout=60)
                    samples = parse_exposition(text)
                    self.assertEqual(list(find_samples(samples, "awsgov_shard_info",
                                                       shard_index=str(i),
                                                       shard_count="3").values()), [1.0], text)
                    shares.append(sorted(dict(k[1])["account_id"] for k in samples
                                         if k[0] == "awsgov_account_info"))
                union = sorted(a for share in shares for a in share)
                self.assertEqual(union, sorted(ACCOUNTS), shares)  # no gap, no duplicate
                for share in shares:  # 12 accounts over 3 replicas: none takes them all
                    self.assertLess(len(share), len(ACCOUNTS), shares)
            finally:
                for exporter in replicas:
                    exporter.stop()


if __name__ == "__main__":
    unittest.main()
