"""Collection benchmark: the exporter collecting ipam, tgw_shares, inspector_coverage and
ami_references for N accounts × 2 regions from bench/collect/fake_aws.py (loopback, injected
latency and throttling), then, on the same fake, a sequential boto3 client doing the same calls
one at a time as the old scripts did (on a subset of accounts, extrapolated). Writes JSON.

    python3 collect_bench.py --exporter build/awsgov_exporter --out f.json
        [--accounts 1000] [--concurrency 16] [--workers 48] [--requests-per-second R]
        [--latency-ms 50] [--throttle 0.1]
        [--sequential-accounts 5]

Concurrency is the number of requests allowed in flight (aws.max_concurrent_requests); the
scheduler gets more workers than that (scheduler.max_concurrency = --workers) so that targets
waiting out a retry backoff after a throttle do not leave a request slot idle.

Cycle wall time: from the exporter's start until every target of the four collectors has
reported (awsgov_collector_success present for all of them on /metrics). Calls are counted by
the fake, per service:operation, throttled answers included.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REGIONS = ["eu-west-1", "us-east-1"]
COLLECTORS = ["ipam", "tgw_shares", "inspector_coverage", "ami_references"]
OWNER = "100000000000"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accounts(n):
    return [str(100000000000 + i) for i in range(n)]


def start_fake(latency_ms, throttle):
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_aws.py"), "--owner", OWNER,
                             "--latency-ms", str(latency_ms), "--throttle", str(throttle)],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("listening port="):
        proc.kill()
        raise RuntimeError(f"fake did not start: {line!r}")
    return proc, f"http://127.0.0.1:{int(line.split('=')[1])}"


def fake_get(endpoint, path):
    with urllib.request.urlopen(endpoint + path, data=b"" if path == "/_fake/reset" else None) as r:
        return json.loads(r.read())


def config_yaml(n, endpoint, concurrency, workers, max_attempts, requests_per_second):
    lines = ["regions: [" + ", ".join(REGIONS) + "]", "accounts:"]
    lines += [f'  - id: "{a}"' for a in accounts(n)]
    lines += ["aws:", "  role_name: awsgov-bench", f"  endpoint_url: {endpoint}",
              f"  max_attempts: {max_attempts}", "  sts_region: eu-west-1",
              f"  max_concurrent_requests: {concurrency}",
              *([f"  requests_per_second: {requests_per_second}"] if requests_per_second else []),
              "scheduler:", f"  max_concurrency: {workers}", "  default_interval: 1h",
              "collectors:",
              "  ipam:", "    options:", f'      ipam_account_id: "{OWNER}"',
              "  tgw_shares: {}",
              # As a real organisation runs Inspector: one delegated administrator answers for
              # every account (account status in batches of 100, ListCoverage per account).
              "  inspector_coverage:", "    options:",
              f'      delegated_admin_account_id: "{OWNER}"',
              "  ami_references:", "    enabled: true", "    options:",
              f'      owner_accounts: ["{OWNER}"]',
              "  sg_changes:", "    enabled: false"]
    return "\n".join(lines) + "\n"


SUCCESS = re.compile(r'^awsgov_collector_success\{([^}]*)\} (\S+)$', re.M)


def target_results(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
        text = r.read().decode()
    done = {}
    for labels, value in SUCCESS.findall(text):
        fields = dict(re.findall(r'(\w+)="([^"]*)"', labels))
        if fields.get("collector") in COLLECTORS:
            done[(fields["collector"], fields["account_id"], fields["region"])] = float(value)
    return done


def run_exporter(args, endpoint, workdir):
    config = os.path.join(workdir, "bench.yml")
    with open(config, "w") as f:
        f.write(config_yaml(args.accounts, endpoint, args.concurrency, args.workers,
                            args.max_attempts,
                            args.requests_per_second))
    port = free_port()
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDBENCH", AWS_SECRET_ACCESS_KEY="bench-secret",
               AWS_EC2_METADATA_DISABLED="true", AWS_REGION="eu-west-1")
    env.pop("AWS_PROFILE", None)
    log = open(os.path.join(workdir, "exporter.log"), "w")
    expected = args.accounts * len(REGIONS) * len(COLLECTORS)
    started = time.monotonic()
    proc = subprocess.Popen([args.exporter, f"--config.file={config}",
                             f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        done = {}
        deadline = started + args.timeout
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if proc.poll() is not None:
                raise RuntimeError(f"exporter exited {proc.returncode}, see {log.name}")
            try:
                done = target_results(port)
            except OSError:
                continue
            if len(done) >= expected:
                break
        wall = time.monotonic() - started
        # The exporter's own view of a request's latency (slot held, on the wire): against the
        # latency the fake injects, it tells the transport's and the fake's overhead apart from
        # waiting (backoff, rate limits, slots), which is not in it.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
            text = r.read().decode()
        total = sum(float(v) for v in re.findall(
            r'^awsgov_aws_request_duration_seconds_sum\{[^}]*\} (\S+)$', text, re.M))
        count = sum(float(v) for v in re.findall(
            r'^awsgov_aws_request_duration_seconds_count\{[^}]*\} (\S+)$', text, re.M))
        rss_kib = 0
        with open(f"/proc/{proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    rss_kib = int(line.split()[1])
        failed = sorted(k for k, v in done.items() if v != 1)
        return {"wall_seconds": round(wall, 2), "targets": expected, "reported": len(done),
                "failed_targets": len(failed), "failed_examples": [list(k) for k in failed[:5]],
                "peak_rss_kib": rss_kib,
                "mean_request_seconds": round(total / count, 4) if count else None}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def run_sequential(args, endpoint):
    """The old scripts' way: boto3, one account after another, one call at a time."""
    import boto3
    from botocore.config import Config

    cfg = Config(retries={"mode": "standard", "max_attempts": args.max_attempts})
    base = boto3.Session(aws_access_key_id="AKIDBENCH", aws_secret_access_key="bench-secret",
                         region_name="eu-west-1")
    sts = base.client("sts", endpoint_url=endpoint, config=cfg)
    subset = accounts(args.sequential_accounts)
    started = time.monotonic()
    for account in subset:
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/awsgov-bench",
                                RoleSessionName="old-script")["Credentials"]
        session = boto3.Session(aws_access_key_id=creds["AccessKeyId"],
                                aws_secret_access_key=creds["SecretAccessKey"],
                                aws_session_token=creds["SessionToken"])
        for region in REGIONS:
            ec2 = session.client("ec2", region_name=region, endpoint_url=endpoint, config=cfg)
            asg = session.client("autoscaling", region_name=region, endpoint_url=endpoint, config=cfg)
            inspector = session.client("inspector2", region_name=region, endpoint_url=endpoint,
                                       config=cfg)
            ec2.describe_vpcs()                                  # ipam: VPC usage
            ec2.describe_subnets()
            if account == OWNER:
                ec2.describe_ipams()
            ec2.describe_transit_gateways()                      # tgw_shares
            inspector.list_coverage(filterCriteria={             # inspector_coverage
                "accountId": [{"comparison": "EQUALS", "value": account}],
                "resourceType": [{"comparison": "EQUALS", "value": "AWS_EC2_INSTANCE"}]})
            ec2.describe_instances()
            if account == OWNER:                                 # ami_references: owner side
                for image in ec2.describe_images(Owners=["self"])["Images"]:
                    ec2.describe_image_attribute(ImageId=image["ImageId"],
                                                 Attribute="launchPermission")
            ec2.describe_instances()                             # ami_references: consumers
            ec2.describe_launch_template_versions(Versions=["$Default", "$Latest"])
            asg.describe_launch_configurations()
    return {"accounts": len(subset), "wall_seconds": round(time.monotonic() - started, 2)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--exporter", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16,
                        help="requests in flight at once (aws.max_concurrent_requests)")
    parser.add_argument("--workers", type=int, default=48,
                        help="scheduler.max_concurrency: targets collected at once")
    parser.add_argument("--requests-per-second", type=float,
                        help="aws.requests_per_second; default: the exporter's default")
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--throttle", type=float, default=0.1)
    parser.add_argument("--max-attempts", type=int, default=5)
    parser.add_argument("--sequential-accounts", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    fake, endpoint = start_fake(args.latency_ms, args.throttle)
    try:
        with tempfile.TemporaryDirectory(prefix="awsgov-collect-bench-") as workdir:
            cpu_before = fake_get(endpoint, "/_fake/stats")["cpu_seconds"]
            fake_get(endpoint, "/_fake/reset")
            exporter = run_exporter(args, endpoint, workdir)
            stats = fake_get(endpoint, "/_fake/stats")
            exporter["calls"] = stats["calls"]
            exporter["throttled"] = stats["throttled"]
            exporter["fake_cpu_seconds"] = round(stats["cpu_seconds"] - cpu_before, 2)
            total = sum(stats["calls"].values())
            exporter["total_calls"] = total
            exporter["bound_seconds"] = round(total * args.latency_ms / 1000 / args.concurrency, 2)
            if exporter["failed_targets"] or exporter["reported"] < exporter["targets"]:
                with open(os.path.join(workdir, "exporter.log")) as f:
                    exporter["log_tail"] = f.read()[-3000:]
            fake_get(endpoint, "/_fake/reset")
            sequential = None
            if args.sequential_accounts:
                sequential = run_sequential(args, endpoint)
                seq_stats = fake_get(endpoint, "/_fake/stats")
                sequential["calls"] = sum(seq_stats["calls"].values())
                sequential["extrapolated_seconds"] = round(
                    sequential["wall_seconds"] * args.accounts / sequential["accounts"], 1)
    finally:
        fake.terminate()
        fake.wait()
    result = {"accounts": args.accounts, "regions": REGIONS, "collectors": COLLECTORS,
              "concurrency": args.concurrency, "workers": args.workers,
              "latency_ms": args.latency_ms,
              "requests_per_second": args.requests_per_second,
              "throttle": args.throttle, "max_attempts": args.max_attempts,
              "exporter": exporter, "sequential": sequential}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps({k: v for k, v in exporter.items() if k != "log_tail"}), file=sys.stderr)
    return 0 if exporter["failed_targets"] == 0 and exporter["reported"] == exporter["targets"] else 1


if __name__ == "__main__":
    sys.exit(main())
