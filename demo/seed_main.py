"""Seeds the embedded demo: a small AWS organisation in moto_server.

Run by `awsgov_exporter` when it starts without --config.file. Each collector's
`collectors/<name>/demo_seed.py` defines `seed(demo)`; this script calls them in order.
Only boto3 against the local moto endpoint: nothing here reaches AWS.
"""
import argparse
import importlib.util
import json
import os
import sys

import boto3


class Demo:
    """What a collector's seed function gets: boto3 clients per account and region."""

    def __init__(self, endpoint, accounts, regions, role_name):
        self.endpoint = endpoint
        self.accounts = accounts
        self.regions = regions
        self.role_name = role_name
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


def load_module(path):
    name = "awsgov_demo_" + os.path.basename(os.path.dirname(path))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--accounts", required=True, help="comma-separated account ids")
    parser.add_argument("--regions", required=True, help="comma-separated regions")
    parser.add_argument("--role-name", required=True)
    parser.add_argument("seeds", nargs="*", help="collector demo_seed.py files")
    args = parser.parse_args()
    demo = Demo(args.endpoint, args.accounts.split(","), args.regions.split(","), args.role_name)
    summary = {}
    for path in args.seeds:
        collector = os.path.basename(os.path.dirname(path))
        result = load_module(path).seed(demo)
        summary[collector] = result if result is not None else "seeded"
    json.dump(summary, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
