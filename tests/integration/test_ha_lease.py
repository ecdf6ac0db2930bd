"""HA lease (--ha.lease-table): two replicas of one shard against moto's DynamoDB. The first one
started holds the lease and is the only one calling AWS for collection (counted with each
process' own awsgov_aws_requests_total, the lease's DynamoDB calls apart); the follower reports
awsgov_ha_leader 0 and collects nothing. The leader is killed (SIGKILL: no release); after the
lease expires the follower takes it, collects, and its data becomes fresh. A replica stopped
with SIGTERM releases the lease (the item is deleted at once)."""
import time
import unittest

from support import (AtomicMoto, Exporter, TEST_AWS_ENV, Workdir, client_in_account,
                     exporter_config, parse_exposition, write_yaml)

ACCOUNT = "222222222222"
TABLE_ACCOUNT = "111111111111"
REGION = "eu-west-1"
TABLE = "awsgov-ha"
LEASE_SECONDS = 3
CREDENTIALS = {**TEST_AWS_ENV, "AWS_REGION": REGION}


class HaLeaseTest(unittest.TestCase):
    def setUp(self):
        self.workdir_ctx = Workdir()
        self.workdir = self.workdir_ctx.__enter__()
        self.moto = AtomicMoto(self.workdir)
        self.table = client_in_account("dynamodb", self.moto.endpoint, TABLE_ACCOUNT, REGION)
        self.table.create_table(
            TableName=TABLE, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        self.config = write_yaml(self.workdir, "config.yml", exporter_config(
            self.moto.endpoint, [ACCOUNT], [REGION],
            {"ipam": {"enabled": False}, "inspector_coverage": {"enabled": False},
             "tgw_shares": {"enabled": True, "interval": "10s"}}))
        self.exporters = []

    def tearDown(self):
        for exporter in self.exporters:
            exporter.stop()
        self.moto.stop()
        self.workdir_ctx.__exit__(None, None, None)

    def start(self, replica):
        exporter = Exporter(self.workdir, [
            f"--config.file={self.config}", f"--ha.lease-table={TABLE}",
            f"--ha.lease-account-id={TABLE_ACCOUNT}", f"--ha.lease-region={REGION}",
            f"--ha.lease-duration={LEASE_SECONDS}", f"--ha.replica-id={replica}"], CREDENTIALS)
        self.exporters.append(exporter)
        exporter.wait_ready()
        return exporter

    @staticmethod
    def state(exporter):
        """(awsgov_ha_leader, AWS requests for collection, tgw_shares' last success time or
        None). The lease's own calls are apart: DynamoDB on its table and STS AssumeRole into
        the table's account."""
        samples = parse_exposition(exporter.get("/metrics").text)
        leader = aws_calls = 0
        last_success = None
        for (name, labels), value in samples.items():
            labels = dict(labels)
            if name == "awsgov_ha_leader":
                leader = value
            elif name == "awsgov_aws_requests_total" and labels["service"] not in ("dynamodb", "sts"):
                aws_calls += value
            elif (name == "awsgov_collector_last_success_timestamp_seconds"
                  and labels.get("collector") == "tgw_shares"):
                last_success = value
        return leader, aws_calls, last_success

    def wait_until(self, predicate, what, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if predicate():
                return
            time.sleep(0.2)
        self.fail(f"{what} not reached; states: "
                  f"{[self.state(e) for e in self.exporters if e.proc.poll() is None]}\n"
                  + "\n".join(e.logs() for e in self.exporters))

    def lease_item(self):
        item = self.table.get_item(TableName=TABLE, Key={"pk": {"S": "lease#shard-0-of-1"}},
                                   ConsistentRead=True).get("Item")
        return item and {"holder": item["holder"]["S"]}

    def test_one_replica_collects_and_the_other_takes_over_after_sigkill(self):
        first = self.start("replica-a")
        self.wait_until(lambda: self.state(first)[0] == 1 and self.state(first)[2] is not None,
                        "replica-a leading with a successful tgw_shares run")
        second = self.start("replica-b")
        # Several renewals (every LEASE_SECONDS / 3) with both running.
        time.sleep(LEASE_SECONDS + 1)
        leader, calls, success = self.state(first)
        self.assertEqual(leader, 1)
        self.assertGreater(calls, 0)
        self.assertIsNotNone(success)
        leader, calls, success = self.state(second)
        self.assertEqual((leader, calls, success), (0, 0, None))
        self.assertEqual(self.lease_item(), {"holder": "replica-a"})

        first.proc.kill()  # no release: the follower must wait for expiry
        first.proc.wait()
        killed_at = time.time()
        self.wait_until(lambda: self.state(second)[0] == 1, "replica-b leading",
                        timeout=LEASE_SECONDS * 3)
        self.assertGreaterEqual(time.time() - killed_at, LEASE_SECONDS - 1.5)
        self.assertEqual(self.lease_item(), {"holder": "replica-b"})
        # Its next collection (interval 10s) makes its data fresh.
        self.wait_until(lambda: (self.state(second)[2] or 0) >= int(killed_at), "fresh data",
                        timeout=15)
        self.assertGreater(self.state(second)[1], 0)

        # A clean stop hands the lease back at once.
        code, _ = second.terminate()
        self.assertEqual(code, 0)
        self.assertIsNone(self.lease_item())
        self.assertIn("HA lease released", second.logs())


if __name__ == "__main__":
    unittest.main()
