#!/usr/bin/env python3
"""Checks that every AWS call recorded during the test suite is an action of the printed policy.

The exporter's test-only hook (exporter/aws/call_record_for_tests.h) appends one line
"<SigV4 signing name>:<Operation>" per request to the file AWSGOV_TEST_RECORD_AWS_CALLS names.
This maps each line to its IAM action and compares the set with the actions of
`awsgov_exporter --print-iam-policy` (every collector and option, all roles together: a recorded
call does not say which account it went to).

    policy_coverage.py --exporter build/awsgov_exporter --record build/aws_calls.record

Exit 0: covered (prints how many distinct calls were checked); 1: uncovered calls (listed);
2: the record is missing (the hook was off) or holds a service this table does not know.
"""
import argparse
import json
import subprocess
import sys

# SigV4 signing name -> IAM service prefix. They coincide for every service the exporter calls
# today; a new service must be added here deliberately (some differ, e.g. signing name
# "execute-api" vs IAM "execute-api:Invoke", or "monitoring" for CloudWatch whose IAM prefix is
# "cloudwatch").
IAM_PREFIX = {
    "autoscaling": "autoscaling",
    "cloudtrail": "cloudtrail",
    "dynamodb": "dynamodb",
    "ec2": "ec2",
    "inspector2": "inspector2",
    "monitoring": "cloudwatch",
    "organizations": "organizations",
    "ram": "ram",
    "s3": "s3",
    "sts": "sts",
}

# (IAM prefix, API operation) -> IAM action name where they differ (S3's ListObjectsV2 needs
# s3:ListBucket, for example). None of the exporter's operations differ today.
ACTION_FOR_OPERATION = {
    ("s3", "ListObjectsV2"): "ListBucket",
    ("s3", "HeadObject"): "GetObject",
}


class UnknownService(Exception):
    pass


def iam_action(recorded_line):
    """'inspector2:ListCoverage' -> 'inspector2:ListCoverage'; 'monitoring:GetMetricData' ->
    'cloudwatch:GetMetricData'. Raises UnknownService for a signing name not in IAM_PREFIX."""
    signing_name, sep, operation = recorded_line.strip().partition(":")
    if not sep or not signing_name or not operation:
        raise ValueError(f"malformed record line {recorded_line!r}")
    prefix = IAM_PREFIX.get(signing_name)
    if prefix is None:
        raise UnknownService(f"signing name {signing_name!r} has no IAM prefix in IAM_PREFIX")
    return prefix + ":" + ACTION_FOR_OPERATION.get((prefix, operation), operation)


def recorded_actions(lines):
    return {iam_action(line) for line in lines if line.strip() and not line.startswith("#")}


def policy_actions(policies):
    """Every action of every role in --print-iam-policy's output."""
    actions = set()
    for role in policies.values():
        for statement in role["policy"]["Statement"]:
            if statement["Effect"] != "Allow":
                continue
            listed = statement["Action"]
            actions.update([listed] if isinstance(listed, str) else listed)
    return actions


def uncovered(recorded, allowed):
    return sorted(recorded - allowed)


def printed_policies(exporter, config_file=None):
    args = [exporter, "--print-iam-policy"]
    if config_file:
        args.append(f"--config.file={config_file}")
    out = subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout
    return json.loads(out)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exporter", required=True)
    parser.add_argument("--record", required=True)
    args = parser.parse_args(argv)
    try:
        with open(args.record, encoding="utf-8") as f:
            recorded = recorded_actions(f)
    except FileNotFoundError:
        print(f"{args.record}: no call record (was AWSGOV_TEST_RECORD_AWS_CALLS set?)")
        return 2
    except (UnknownService, ValueError) as e:
        print(f"{args.record}: {e}")
        return 2
    missing = uncovered(recorded, policy_actions(printed_policies(args.exporter)))
    if missing:
        print("calls made in the test suite that --print-iam-policy does not allow:")
        for action in missing:
            print("  " + action)
        return 1
    print(f"{len(recorded)} distinct AWS actions called in the tests, all in the printed policy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
