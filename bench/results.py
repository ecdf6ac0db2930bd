"""Writes bench/RESULTS.md: Google Benchmark's JSON output (--micro), the scrape benchmark's
(--scrape, bench/scrape/scrape_bench.py) and the collection benchmark's (--collect,
bench/collect/collect_bench.py); --command is the command that produced them."""
import argparse
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
    "BM_ParseListCoveragePage": "Inspector ListCoverage page (N items): JSON parse and coverage fold",
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


def load_line():
    try:
        with open("/proc/loadavg") as f:
            return [float(x) for x in f.read().split()[:3]]
    except OSError:
        return []


def micro_section(path):
    with open(path) as f:
        data = json.load(f)
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
    out = ["## Microbenchmarks", "",
           f"Load average when they started: {', '.join(f'{x:.2f}' for x in data['context'].get('load_avg', []))}. "
           "Median of 3 repetitions; CPU time is the exporter's own work.", "",
           "| benchmark | what | CPU time | wall time | counters |", "|---|---|---|---|---|"]
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"]
        base = name.split("/")[0]
        unit = scale[b.get("time_unit", "ns")]
        counters = ", ".join(f"{k} {v:.4g}" for k, v in b.items()
                             if k in ("items_per_second", "subnets/s", "series/s", "bytes",
                                      "bytes_per_second"))
        out.append(f"| `{name}` | {ABOUT.get(base, '')} | {fmt_time(b['cpu_time'] * unit)} | "
                   f"{fmt_time(b['real_time'] * unit)} | {counters} |")
    return out + [""]


def errors(r):
    return (r["errors_connect"] + r["errors_read"] + r["errors_write"] + r["errors_status"] +
            r["errors_timeout"])


def mark(ok):
    return "met" if ok else "**missed**"


def scrape_section(path):
    with open(path) as f:
        data = json.load(f)
    rows = data["rows"]
    base = data.get("baseline_rss_kib", 0)
    out = ["## Scrape benchmark (whole process)", "",
           "`bench_scrape_server` is the exporter's serving path (HttpServer on civetweb, the",
           "SnapshotStore, the renderer; handlers wired as `exporter/app` does) holding synthetic",
           "series (bench/scrape/synthetic_series.h: two gauge families, 6 labels, 200 targets).",
           "`bench_exposer_server` serves the same series from prometheus-cpp's `Exposer` (8 threads).",
           "Load: `wrk` with `Accept-Encoding: gzip` (as Prometheus scrapes) unless noted.",
           f"Fixed cost of an exporter process with no series: {base / 1024:.1f} MiB RSS.", "",
           "| server | series | conns | encoding | seconds | requests | req/s | p50 | p99 | bytes/response | errors | RSS loaded | RSS/series | peak RSS |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        n = max(r["requests"], 1)
        rps = r["requests"] / (r["duration_us"] / 1e6)
        per_series = r["rss_kib"] * 1024 / r["series"] if r["series"] else 0
        errs = errors(r)
        err_text = str(errs)
        if r["server"] == "exposer" and errs and r["errors_read"] == errs:
            err_text = f"{errs} (closed connections)"
        out.append(
            f"| {r['server']} | {r['series']:,} | {r['connections']} | {'gzip' if r['gzip'] else 'identity'} "
            f"| {r['seconds']} | {r['requests']:,} | {rps:,.1f} | {fmt_time(r['p50_us'] * 1e3)} | "
            f"{fmt_time(r['p99_us'] * 1e3)} | {r['bytes'] / n:,.0f} | {err_text} | "
            f"{r['rss_kib'] / 1024:,.1f} MiB | {per_series:,.0f} B | {r['hwm_kib'] / 1024:,.1f} MiB |")

    def find(server, series, conns, gzip=True):
        for r in rows:
            if (r["server"], r["series"], r["connections"], r["gzip"]) == (server, series, conns, gzip):
                return r
        return None
    out.append("")
    ours = find("exporter", 100_000, 1)
    theirs = find("exposer", 100_000, 1)
    if ours:
        p50 = ours["p50_us"] / 1000
        out.append(f"- p50 at 100k series, 1 connection: {p50:.2f} ms (target ≤ 5 ms: {mark(p50 <= 5)}).")
    if ours and theirs:
        ratio = theirs["p50_us"] / max(ours["p50_us"], 1)
        out.append(f"- Against the Exposer at 100k series (p50, 1 connection): {ratio:,.0f}× faster "
                   f"(target ≥ 40×: {mark(ratio >= 40)}).")
    ours10 = find("exporter", 10_000, 50)
    theirs10 = find("exposer", 10_000, 50)
    if ours10 and theirs10:
        r_ours = ours10["requests"] / (ours10["duration_us"] / 1e6)
        r_theirs = max(theirs10["requests"], 1) / (theirs10["duration_us"] / 1e6)
        out.append(f"- Against the Exposer at 10k series, 50 connections (requests/s): "
                   f"{r_ours / r_theirs:,.0f}×.")
    big = find("exporter", 1_000_000, 1)
    if big:
        per = big["rss_kib"] * 1024 / big["series"]
        out.append(f"- RSS per series at 1M series (whole process, after load and first render): "
                   f"{per:.0f} bytes (target ≤ 300: {mark(per <= 300)}).")
    load = find("exporter", 100_000, 50)
    if load:
        out.append(f"- Load (issue 11): 50 concurrent scrapers for {load['seconds']} s on 100k series: "
                   f"{load['requests']:,} scrapes, {errors(load)} errors.")
    ident = find("exporter", 100_000, 1, False)
    if ident:
        out.append(f"- Identity (uncompressed) scrapes cost more: the body is "
                   f"{ident['bytes'] / max(ident['requests'], 1) / 1e6:.1f} MB at 100k series instead of "
                   f"{(ours['bytes'] / max(ours['requests'], 1) / 1e6) if ours else 0:.1f} MB, and the store "
                   "keeps a second cached copy for that encoding once one is asked for (peak RSS column).")
    out.append("- Exposer rows count a read error per request: it closes the connection after each "
               "response (no keep-alive), which wrk reports as a read error; its responses are complete.")
    return out + [""]


def collect_section(path):
    with open(path) as f:
        d = json.load(f)
    e = d["exporter"]
    throttled = sum(e["throttled"].values())
    rps = d.get("requests_per_second")
    workers = d.get("workers", d["concurrency"])
    out = ["## Collection benchmark", "",
           f"The exporter (`aws.max_concurrent_requests: {d['concurrency']}` requests in flight, "
           f"`scheduler.max_concurrency: {workers}` workers, `aws.max_attempts: {d['max_attempts']}`, "
           f"`aws.requests_per_second`: {rps if rps else 'default (10)'}, `aws.sts_requests_per_second`: "
           f"default (50)) collecting {', '.join(d['collectors'])} for {d['accounts']:,} accounts × "
           f"{len(d['regions'])} regions ({e['targets']:,} targets) from `bench/collect/fake_aws.py` (a bench-only "
           f"fake on loopback) answering after {d['latency_ms']:.0f} ms and throttling {d['throttle']:.0%} of "
           "calls as AWS does (EC2 503 RequestLimitExceeded, STS/Auto Scaling 400 Throttling, Inspector "
           "429 ThrottlingException). AssumeRole goes through the fake's STS for every account. "
           "A worker waiting out a retry backoff (the SDKs' standard mode: rand(0,1) × 1 s before the "
           "first retry) holds no request slot, which is why there are more workers than slots.", "",
           f"- Cycle wall time (exporter start → every target reported): **{e['wall_seconds']} s**",
           f"- API calls: {e['total_calls']:,} (throttled answers included: {throttled:,})",
           f"- Bound = calls × latency ÷ allowed concurrency = {e['total_calls']:,} × {d['latency_ms'] / 1000} s ÷ "
           f"{d['concurrency']} = {e['bound_seconds']} s; wall ÷ bound = "
           f"**{e['wall_seconds'] / e['bound_seconds']:.2f}** (target ≤ 1.2: "
           f"{mark(e['wall_seconds'] <= 1.2 * e['bound_seconds'])})",
           f"- Failed targets: **{e['failed_targets']}** of {e['targets']:,} (reported {e['reported']:,})",
           f"- Exporter peak RSS: {e['peak_rss_kib'] / 1024:.1f} MiB; the fake's CPU time over the cycle: "
           f"{e['fake_cpu_seconds']} s (so it was busy {e['fake_cpu_seconds'] / e['wall_seconds']:.0%} of "
           "one core: not the bottleneck)", "",
           "| service:operation | calls | throttled | per account × region |", "|---|---|---|---|"]
    for op, n in sorted(e["calls"].items(), key=lambda kv: -kv[1]):
        out.append(f"| `{op}` | {n:,} | {e['throttled'].get(op, 0):,} | {n / e['targets'] * len(d['collectors']):.2f} |")
    s = d.get("sequential")
    if s:
        out += ["", f"Sequential client (boto3, one call at a time, the old scripts' way) on the same fake, "
                f"{s['accounts']} accounts × {len(d['regions'])} regions ({s['calls']} calls): "
                f"{s['wall_seconds']} s; extrapolated to {d['accounts']:,} accounts: "
                f"**{s['extrapolated_seconds']:,} s**, {s['extrapolated_seconds'] / e['wall_seconds']:.0f}× the "
                "exporter's cycle (extrapolated linearly, not measured in full)."]
    return out + [""]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--command", required=True)
    parser.add_argument("--micro")
    parser.add_argument("--scrape")
    parser.add_argument("--collect")
    parser.add_argument("--load-at-start", default="")
    parser.add_argument("--build-type", default="")
    args = parser.parse_args()
    start_load = [float(x) for x in args.load_at_start.split()] if args.load_at_start else load_line()
    cores = os.cpu_count() or 1
    busy = start_load and start_load[0] > 0.5 * cores
    out = ["# Benchmark results", "",
           f"- Command: `{args.command.strip()}`",
           f"- Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
           f"- Machine: {machine()}",
           f"- Build: {args.build_type or 'unknown'}",
           f"- Load average at start: {', '.join(f'{x:.2f}' for x in start_load)}; at the end: "
           f"{', '.join(f'{x:.2f}' for x in load_line())}",
           f"- Revision: {subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()}",
           ""]
    if busy:
        out += ["> **The machine was not idle** (load average above half its cores when the run started):",
                "> other work shared the CPUs, so latencies and wall times are pessimistic. Re-run on an",
                "> idle machine for reference figures.", ""]
    if args.micro:
        out += micro_section(args.micro)
    if args.scrape:
        out += scrape_section(args.scrape)
    if args.collect:
        out += collect_section(args.collect)
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
    if os.path.exists(notes):
        with open(notes) as f:
            out.append(f.read())
    print("\n".join(out))


if __name__ == "__main__":
    main()
