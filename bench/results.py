"""Writes bench/RESULTS.md from Google Benchmark's JSON output (argv[1]); argv[2] is the command."""
import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

# What each benchmark stands for, and the target it is held to (issue: benchmarks).
ABOUT = {
    "BM_SignV4DescribeSubnets": "SigV4 signature of one EC2 request with a session token",
    "BM_ParseDescribeSubnets1000": "EC2 XML parse of a 1,000-subnet DescribeSubnets page",
    "BM_ParseDescribeInstances1000": "EC2 XML parse of a 1,000-instance DescribeInstances page",
    "BM_IpamVpcUsage1000Subnets": "ipam VPC/subnet path on 1,000 subnets: parse, extract, math, samples",
    "BM_ParseDynamoDbScan1000": "JSON parse of a 1,000-item DynamoDB Scan page",
    "BM_UsageMath100kSubnets": "CIDR usage math for 100,000 subnets in 1,000 VPCs",
    "BM_UpdateTargets": "store update of 100 targets holding N series (samples to text)",
    "BM_RenderAfterChange": "first render after one target changed (N series, gzip 0/1)",
    "BM_RenderCached": "render when nothing changed: what a scrape costs (N series)",
}


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} × {cpu}, {mem:.0f} GiB, {platform.system()} {platform.release()}"


def fmt_time(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
    context = data["context"]
    out = ["# Benchmark results", "",
           f"- Command: `{sys.argv[2].strip()}`",
           f"- Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
           f"- Machine: {machine()}",
           f"- Load average at start: {', '.join(f'{x:.2f}' for x in context.get('load_avg', []))}",
           f"- Revision: {subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()}",
           "", "Median of 3 repetitions; CPU time is the exporter's own work.", "",
           "| benchmark | what | CPU time | wall time | counters |", "|---|---|---|---|---|"]
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"]
        base = name.split("/")[0]
        unit = scale[b.get("time_unit", "ns")]
        counters = ", ".join(f"{k} {v:.4g}" for k, v in b.items()
                             if k in ("items/s", "subnets/s", "series/s", "bytes", "bytes_per_second"))
        out.append(f"| `{name}` | {ABOUT.get(base, '')} | {fmt_time(b['cpu_time'] * unit)} | "
                   f"{fmt_time(b['real_time'] * unit)} | {counters} |")
    out += ["", "Not measured yet (see the benchmarks issue): the whole-process scrape benchmark",
            "against prometheus-cpp's Exposer, and the collection benchmark against a fake AWS with",
            "injected latency and throttling.", ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
