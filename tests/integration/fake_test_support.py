"""What the tests of the fakes (test_<x>_fake.py, in which botocore parses every response of
tests/fakes/<x>.py) share: the fakes' folder on sys.path, a boto3 client on a fake, and a fake's
command line as a child process on a free loopback port."""
import os
import sys

import boto3
import botocore.config

FAKES_DIR = os.path.join(
    os.environ.get("AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..")),
    "tests", "fakes")
if FAKES_DIR not in sys.path:
    sys.path.insert(0, FAKES_DIR)

from fake_support import FakeProcess  # noqa: E402

TEST_CREDENTIALS = {"AccessKeyId": "AKIDFAKE", "SecretAccessKey": "fake-secret",
                    "SessionToken": None}


def fake_client(service, endpoint, region="eu-west-1", credentials=None, validate=True,
                config=None):
    """A boto3 client of `service` on the fake at `endpoint`: fixed test credentials unless
    `credentials` (an STS Credentials dict) are given, one attempt (no retries) unless `config`
    says otherwise; `validate=False` turns the SDK's own parameter checks off, so that
    out-of-range values reach the fake."""
    credentials = credentials or TEST_CREDENTIALS
    config = config or botocore.config.Config(retries={"max_attempts": 1},
                                              parameter_validation=validate)
    return boto3.client(service, region_name=region, endpoint_url=endpoint,
                        aws_access_key_id=credentials["AccessKeyId"],
                        aws_secret_access_key=credentials["SecretAccessKey"],
                        aws_session_token=credentials.get("SessionToken"), config=config)


def fake_process(script, *args, **popen_args):
    """tests/fakes/`script` --port <free port> `args` as a child process, once it serves (a
    FakeProcess: .endpoint, .port, .stdout, stop(), a context manager)."""
    return FakeProcess(
        lambda port: [sys.executable, os.path.join(FAKES_DIR, script), "--port", str(port), *args],
        **popen_args)
