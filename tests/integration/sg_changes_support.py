"""What the process-level tests of sg_changes share (test_sg_changes_review.py,
test_sg_changes_review_web_users.py, test_sg_changes_review_browser.py,
test_sg_changes_dynamodb.py): one account and region, the CloudTrail fake seeded with Authorize
records, the exporter's config with sg_changes, the web config's users, and SgChangesTestCase,
which starts moto, the fake and exporters in a work folder and stops them when a test ends."""
import base64
import crypt  # deprecated in 3.11 but present; bcrypt through libcrypt, like the exporter
import http.client
import os
import sys
import time
import unittest
import warnings
from datetime import datetime, timedelta, timezone

from support import (AtomicMoto, Exporter, Moto, SOURCE_DIR, TEST_AWS_ENV, Workdir,
                     exporter_config, find_samples, parse_exposition, write_file, write_yaml)

sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "fakes"))
import sg_changes_cloudtrail_fake as cloudtrail_fake  # noqa: E402

ACCOUNT = "222222222222"
REGION = "eu-west-1"
CREDENTIALS = {**TEST_AWS_ENV, "AWS_REGION": REGION}
PENDING_SERIES = "awsgov_sg_ingress_change_pending_timestamp_seconds"


def iso(minutes_ago):
    when = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def bcrypt(password):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))


def sg_changes_config(moto_endpoint, fake_endpoint, options, disabled=("ipam",)):
    """The exporter's config: ACCOUNT in REGION, CloudTrail at the fake, sg_changes every 10 s
    with `options`, the collectors in `disabled` off."""
    collectors = {name: {"enabled": False} for name in disabled}
    collectors["sg_changes"] = {"enabled": True, "interval": "10s", "options": options}
    return exporter_config(moto_endpoint, [ACCOUNT], [REGION], collectors,
                           {"cloudtrail": fake_endpoint})


def request(port, method, path, headers=None, body=None, timeout=10):
    """One HTTP request to 127.0.0.1:port: (status, headers, body text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


class SgChangesTestCase(unittest.TestCase):
    """A work folder per test (self.workdir); start_moto(), start_cloudtrail_fake() and
    start_exporter() start what a test needs, each stopped (in reverse order) when it ends."""

    def setUp(self):
        workdir = Workdir()
        self.workdir = workdir.__enter__()
        self.addCleanup(workdir.__exit__, None, None, None)

    def start_moto(self, atomic=False):
        """moto_server, or AtomicMoto for tests that race replicas on one DynamoDB table."""
        self.moto = (AtomicMoto if atomic else Moto)(self.workdir)
        self.addCleanup(self.moto.stop)
        return self.moto

    def start_cloudtrail_fake(self, changes, **options):
        """The CloudTrail fake with one Authorize record per (event id, group id, cidr, port,
        minutes ago) in ACCOUNT and REGION, finding callers' accounts with moto's STS."""
        records = [cloudtrail_fake.authorize_record(event_id, ACCOUNT, REGION, group, cidr, port,
                                                    iso(minutes_ago))
                   for event_id, group, cidr, port, minutes_ago in changes]
        self.fake = cloudtrail_fake.CloudTrailFake(records, sts_endpoint=self.moto.endpoint,
                                                   **options).start()
        self.addCleanup(self.fake.stop)
        return self.fake

    def write_file(self, name, text):
        """`text` as workdir/name; returns the path."""
        return write_file(self.workdir, name, text)

    def write_web_users(self, passwords):
        """A web config (workdir/web.yml) with basic-auth users {user: password}; its path."""
        return self.write_file("web.yml", "basic_auth_users:\n" + "".join(
            f"  {user}: '{bcrypt(password)}'\n" for user, password in passwords.items()))

    def write_config(self, options, disabled=("ipam",)):
        """sg_changes_config() at moto and the fake as workdir/config.yml; its path."""
        return write_yaml(self.workdir, "config.yml",
                          sg_changes_config(self.moto.endpoint, self.fake.endpoint, options,
                                            disabled))

    def start_exporter(self, config_path, args=(), headers=None):
        """The exporter on `config_path` (plus `args`) with CREDENTIALS, once /-/ready answers
        200. `headers` (the web config's credentials, if it wants some) go with every request
        of request(), samples() and wait_for() to self.exporter, the last one started."""
        exporter = Exporter(self.workdir, [f"--config.file={config_path}", *args], CREDENTIALS)
        self.addCleanup(exporter.stop)
        self.exporter, self.headers = exporter, headers
        deadline = time.time() + 60
        while True:
            try:
                if request(exporter.port, "GET", "/-/ready", headers, timeout=2)[0] == 200:
                    return exporter
            except OSError:
                pass
            self.assertIsNone(exporter.proc.poll(), exporter.logs())
            self.assertLess(time.time(), deadline, exporter.logs())
            time.sleep(0.1)

    def request(self, method, path, headers=None, body=None):
        """(status, headers, body text) of one request to self.exporter."""
        return request(self.exporter.port, method, path, headers, body)

    def samples(self):
        """self.exporter's /metrics, parsed."""
        status, _, body = self.request("GET", "/metrics", self.headers)
        self.assertEqual(status, 200, body)
        return parse_exposition(body)

    def wait_for(self, predicate, what, timeout=60):
        """The first samples() for which `predicate` holds; fails the test after `timeout` s."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            samples = self.samples()
            if predicate(samples):
                return samples
            time.sleep(0.3)
        self.fail(f"{what} not seen in /metrics:\n{self.exporter.logs()}")

    @staticmethod
    def pending(samples):
        """The event ids of the pending-change series."""
        return {dict(k[1])["event_id"] for k in samples if k[0] == PENDING_SERIES}

    @staticmethod
    def count(samples, state):
        """awsgov_sg_ingress_changes of ACCOUNT/REGION in `state`, None when absent."""
        values = list(find_samples(samples, "awsgov_sg_ingress_changes", account_id=ACCOUNT,
                                   region=REGION, state=state).values())
        return values[0] if values else None
