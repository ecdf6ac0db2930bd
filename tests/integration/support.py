"""Shared helpers for process-level tests: free ports, moto_server, the exporter binary.

Every peer is started on a free loopback port and stopped when the test ends.
"""
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

EXPORTER = os.environ.get("AWSGOV_EXPORTER", "")
SOURCE_DIR = os.environ.get("AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))

# The Accept header Prometheus 2.x sends by default (scrape/scrape.go, scrapeAcceptHeader).
PROMETHEUS_ACCEPT = ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                     "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=30.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


def stop_process(proc, grace=10):
    """SIGTERM, then SIGKILL after `grace` seconds; waits until the child is gone."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Moto:
    """moto_server on a free loopback port; `command(port)`: another moto server command."""

    def __init__(self, workdir, command=None):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(workdir, "moto.log"), "wb")
        argv = (command(self.port) if command
                else ["moto_server", "-H", "127.0.0.1", "-p", str(self.port)])
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT)
        if not wait_for_port(self.port):
            self.stop()
            raise RuntimeError(f"{argv[:2]} did not start")

    def stop(self):
        stop_process(self.proc)
        self.log.close()


class AtomicMoto(Moto):
    """moto one request at a time (tests/fakes/moto_atomic_server.py), a test shortcut:
    conditional writes are atomic as DynamoDB's are, which threaded moto_server does not
    guarantee. For tests that race replicas on one table."""

    def __init__(self, workdir):
        script = os.path.join(SOURCE_DIR, "tests", "fakes", "moto_atomic_server.py")
        super().__init__(workdir, lambda port: [sys.executable, script, "--port", str(port)])


# The static credentials the exporter and the tests use against moto (which checks no signature).
TEST_AWS_ENV = {"AWS_ACCESS_KEY_ID": "AKIDAWSGOVTEST", "AWS_SECRET_ACCESS_KEY": "test-secret"}
ROLE_ARN_TEMPLATE = "arn:aws:iam::{account_id}:role/awsgov-exporter"


def client_in_account(service, moto_endpoint, account, region):
    """A boto3 client of `service` in `account`, through the role the exporter assumes there
    (ROLE_ARN_TEMPLATE), as the exporter would reach it."""
    import boto3  # here: most tests using this module need no boto3
    sts = boto3.client("sts", endpoint_url=moto_endpoint, region_name=region,
                       aws_access_key_id=TEST_AWS_ENV["AWS_ACCESS_KEY_ID"],
                       aws_secret_access_key=TEST_AWS_ENV["AWS_SECRET_ACCESS_KEY"])
    credentials = sts.assume_role(RoleArn=ROLE_ARN_TEMPLATE.format(account_id=account),
                                  RoleSessionName="test")["Credentials"]
    return boto3.client(service, endpoint_url=moto_endpoint, region_name=region,
                        aws_access_key_id=credentials["AccessKeyId"],
                        aws_secret_access_key=credentials["SecretAccessKey"],
                        aws_session_token=credentials["SessionToken"])


def exporter_config(moto_endpoint, accounts, regions, collectors, endpoint_urls=None):
    """An exporter config (a dict; write_yaml() writes it) with every AWS call at moto but the
    services in `endpoint_urls` ({service id: url}), per-account roles by ROLE_ARN_TEMPLATE, and
    `collectors` ({name: section})."""
    aws = {"role_arn_template": ROLE_ARN_TEMPLATE, "endpoint_url": moto_endpoint}
    if endpoint_urls:
        aws["endpoint_urls"] = dict(endpoint_urls)
    return {"regions": list(regions), "accounts": [{"id": a} for a in accounts], "aws": aws,
            "collectors": collectors}


def write_file(directory, name, text):
    """`text` as directory/name; returns the path."""
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def write_yaml(directory, name, value):
    """`value` as YAML in directory/name; returns the path."""
    import yaml  # here: most tests using this module write no YAML
    return write_file(directory, name, yaml.safe_dump(value, sort_keys=False))


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        data = self.body
        if self.headers.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return data.decode("utf-8")


def http(method, url, headers=None, body=None, timeout=10):
    req = urllib.request.Request(url, method=method, headers=headers or {}, data=body)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Response(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, e.headers, e.read())


def collectors():
    """The collectors the built exporter knows (from its --help)."""
    out = subprocess.run([EXPORTER, "--help"], capture_output=True, text=True).stdout
    return re.findall(r"--\[no-\]collector\.(\w+)", out)


class Exporter:
    """The built exporter as a child process, on a free loopback port."""

    def __init__(self, workdir, args, env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(workdir, f"exporter-{self.port}.log")
        self.log = open(self.log_path, "wb")
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            [EXPORTER, f"--web.listen-address=127.0.0.1:{self.port}", *args],
            stdout=self.log, stderr=subprocess.STDOUT, env=full_env)

    def wait_ready(self, timeout=60.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"exporter exited with {self.proc.returncode}:\n{self.logs()}")
            try:
                if http("GET", self.base + "/-/ready", timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("exporter not ready:\n" + self.logs())

    def get(self, path, headers=None):
        return http("GET", self.base + path, headers=headers)

    def wait_for_metric(self, needle, timeout=60.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = self.get("/metrics").text
            if needle in text:
                return text
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} not in /metrics after {timeout}s:\n{text}\n{self.logs()}")

    def logs(self):
        self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def terminate(self, timeout=10.0):
        """SIGTERM; returns (exit code, seconds it took)."""
        start = time.time()
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout)
        return code, time.time() - start

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class Workdir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="awsgov-test-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


def parse_exposition(text):
    """{(name, frozenset(labels.items())): value} for every sample line; raises on duplicates."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if "{" in line:
            name, rest = line.split("{", 1)
            labels_text, value = rest.rsplit("} ", 1)
            labels = {}
            i = 0
            while i < len(labels_text):
                eq = labels_text.index("=", i)
                key = labels_text[i:eq].lstrip(",")
                j = eq + 2
                val = []
                while labels_text[j] != '"':
                    if labels_text[j] == "\\":
                        j += 1
                        val.append({"n": "\n"}.get(labels_text[j], labels_text[j]))
                    else:
                        val.append(labels_text[j])
                    j += 1
                labels[key] = "".join(val)
                i = j + 1
        else:
            name, value = line.split(" ", 1)
            labels = {}
        key = (name, frozenset(labels.items()))
        if key in samples:
            raise AssertionError(f"duplicate series {line}")
        samples[key] = float(value)
    return samples


def find_samples(samples, name, **labels):
    return {dict(k[1]).__repr__(): v for k, v in samples.items()
            if k[0] == name and all(dict(k[1]).get(lk) == lv for lk, lv in labels.items())}
