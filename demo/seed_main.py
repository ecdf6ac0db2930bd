"""Seeds the embedded demo and serves what moto lacks from the project's fakes.

Run by `awsgov_exporter` when it starts without --config.file. Each collector's
`collectors/<name>/demo_seed.py` defines `seed(demo)`; this script calls them in order against the
local moto_server. A seed that needs an API moto does not have (RAM invitations not yet accepted,
Inspector2 ListCoverage, CloudTrail LookupEvents) asks `demo.serve_fake(...)` to start one of the
project's fakes (tests/fakes/<name>.py, whose responses botocore parses in
tests/integration/test_<name>.py) with the scenario the seed computed. The fakes are named fakes,
not AWS: they serve exactly the scenario they are given.

Once every seed ran, the fakes are served from this process on free loopback ports, and
`--endpoints-file` is written (one "<service id> <url>" line per service a fake answers): the
exporter points those services' endpoints at them. The process then runs until it is terminated.
Only boto3 against local endpoints: nothing here reaches AWS.
"""
import argparse
import importlib.util
import json
import os
import signal
import sys
import threading

import boto3


class Demo:
    """What a collector's seed function gets: boto3 clients per account and region, and
    serve_fake() for what moto lacks."""

    def __init__(self, endpoint, accounts, regions, role_name, fakes_dir):
        self.endpoint = endpoint
        self.accounts = accounts
        self.regions = regions
        self.role_name = role_name
        self.fakes_dir = fakes_dir
        self.fakes = []           # (name, started fake, service ids)
        self._credentials = {}

    def _account_credentials(self, account_id):
        # moto keeps one backend per account; credentials from AssumeRole into an account's
        # role act in that account, as the exporter itself will.
        if account_id not in self._credentials:
            sts = boto3.client("sts", endpoint_url=self.endpoint, region_name="us-east-1",
                               aws_access_key_id="demo", aws_secret_access_key="demo")
            creds = sts.assume_role(
                RoleArn=f"arn:aws:iam::{account_id}:role/{self.role_name}",
                RoleSessionName="awsgov-demo-seed")["Credentials"]
            self._credentials[account_id] = creds
        return self._credentials[account_id]

    def client(self, service, account_id, region):
        creds = self._account_credentials(account_id)
        return boto3.client(service, endpoint_url=self.endpoint, region_name=region,
                            aws_access_key_id=creds["AccessKeyId"],
                            aws_secret_access_key=creds["SecretAccessKey"],
                            aws_session_token=creds["SessionToken"])

    def serve_fake(self, name, make, services):
        """Starts the fake tests/fakes/<name>.py on a free loopback port: `make(module)` builds it
        (e.g. lambda m: m.InspectorFake(data=...)); the exporter's endpoints of `services` (service
        ids such as "ram") then point at it. Returns the started fake."""
        if self.fakes_dir not in sys.path:
            sys.path.insert(0, self.fakes_dir)
        for _, _, taken in self.fakes:
            clash = set(taken) & set(services)
            if clash:
                raise ValueError(f"{name}: services {sorted(clash)} already go to another fake")
        fake = make(importlib.import_module(name)).start()
        self.fakes.append((name, fake, list(services)))
        return fake


def load_module(path):
    name = "awsgov_demo_" + os.path.basename(os.path.dirname(path))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_endpoints(path, fakes):
    lines = [f"{service} {fake.endpoint}\n" for _, fake, services in fakes for service in services]
    with open(path + ".tmp", "w") as f:
        f.writelines(lines)
    os.replace(path + ".tmp", path)  # the exporter waits for the complete file


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--accounts", required=True, help="comma-separated account ids")
    parser.add_argument("--regions", required=True, help="comma-separated regions")
    parser.add_argument("--role-name", required=True)
    parser.add_argument("--fakes-dir", required=True, help="where tests/fakes/*.py are")
    parser.add_argument("--endpoints-file", required=True,
                        help="written once the fakes serve: '<service id> <url>' lines")
    parser.add_argument("seeds", nargs="*", help="collector demo_seed.py files")
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    demo = Demo(args.endpoint, args.accounts.split(","), args.regions.split(","), args.role_name,
                args.fakes_dir)
    summary = {}
    for path in args.seeds:
        collector = os.path.basename(os.path.dirname(path))
        result = load_module(path).seed(demo)
        summary[collector] = result if result is not None else "seeded"
    summary["fakes"] = {name: {"endpoint": fake.endpoint, "services": services}
                        for name, fake, services in demo.fakes}
    json.dump(summary, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()
    write_endpoints(args.endpoints_file, demo.fakes)
    while not stop.is_set():
        signal.pause()  # returns after a signal's handler ran
    for _, fake, _ in demo.fakes:
        fake.stop()


if __name__ == "__main__":
    main()
