"""Whole-process scrape benchmark: starts bench_scrape_server (the exporter's HttpServer and
SnapshotStore with synthetic series) and bench_exposer_server (prometheus-cpp's Exposer with the
same series), scrapes each with wrk (1 and 50 connections, gzip as Prometheus asks for it) and
writes the figures as JSON (argv: --build DIR --out FILE [--smoke] [--load-seconds N]).

RSS is read from /proc/<pid>/status: VmRSS once the series are loaded and rendered, VmHWM (peak)
after the load. A 0-series exporter gives the fixed cost of the process, reported separately.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WRK_SCRIPT = os.path.join(HERE, "wrk_report.lua")


class Server:
    """One benchmark server process; stdin is a pipe, closing it stops the server."""

    def __init__(self, binary, series):
        self.proc = subprocess.Popen([binary, str(series)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)  # stderr: ours
        started = time.monotonic()
        line = self.proc.stdout.readline()
        self.load_seconds = time.monotonic() - started
        if not line.startswith("ready "):
            self.stop()
            raise RuntimeError(f"{binary} {series}: did not start ({line!r})")
        fields = dict(kv.split("=") for kv in line.split()[1:])
        self.port = int(fields["port"])
        self.series = int(fields["series"])

    def memory_kib(self):
        out = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line.split(":")[0]] = int(line.split()[1])
        return out

    def stop(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        # A crash or a sanitizer's report at exit (the CI smoke runs sanitized builds) fails the run.
        if self.proc.returncode != 0:
            raise RuntimeError(f"{self.proc.args[0]} exited with {self.proc.returncode}")


def wrk(port, connections, seconds, gzip=True):
    env = dict(os.environ, SCRAPE_GZIP="1" if gzip else "0")
    cmd = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--timeout",
           "60s", "-s", WRK_SCRIPT, f"http://127.0.0.1:{port}/metrics"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["command"] = " ".join(cmd)
    return figures


def measure(binary, name, series, runs):
    """runs: list of (connections, seconds, gzip). Returns one row per run."""
    server = Server(binary, series)
    try:
        loaded = server.memory_kib()
        rows = []
        for connections, seconds, gzip in runs:
            figures = wrk(server.port, connections, seconds, gzip)
            figures.update(server=name, series=server.series, connections=connections,
                           seconds=seconds, gzip=gzip, rss_kib=loaded["VmRSS"],
                           load_seconds=round(server.load_seconds, 2))
            figures["hwm_kib"] = server.memory_kib()["VmHWM"]
            rows.append(figures)
            print(f"{name} {server.series} series, {connections} conn, gzip={gzip}: "
                  f"{figures['requests']} requests, p50 {figures['p50_us']} µs, "
                  f"p99 {figures['p99_us']} µs", file=sys.stderr)
        return rows, loaded
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True, help="build dir holding bench/bench_*_server")
    parser.add_argument("--out", required=True)
    parser.add_argument("--smoke", action="store_true", help="2,000 series, 1 s runs")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--load-seconds", type=int, default=60,
                        help="the 50-connection run at 100k series (the load test)")
    args = parser.parse_args()
    exporter = os.path.join(args.build, "bench", "bench_scrape_server")
    exposer = os.path.join(args.build, "bench", "bench_exposer_server")
    s = args.seconds
    result = {"rows": []}
    if args.smoke:
        for binary, name in ((exporter, "exporter"), (exposer, "exposer")):
            rows, _ = measure(binary, name, 2000, [(1, 1, True), (50, 1, True)])
            result["rows"] += rows
    else:
        baseline = Server(exporter, 0)
        result["baseline_rss_kib"] = baseline.memory_kib()["VmRSS"]
        baseline.stop()
        plan = [
            (exporter, "exporter", 10_000, [(1, s, True), (50, s, True)]),
            (exposer, "exposer", 10_000, [(1, s, True), (50, s, True)]),
            (exporter, "exporter", 100_000,
             [(1, s, True), (1, s, False), (50, args.load_seconds, True)]),
            # The Exposer serialises 100k series in seconds per scrape: 50 connections would only
            # measure its queue; one connection gives the per-scrape cost.
            (exposer, "exposer", 100_000, [(1, max(s, 15), True)]),
            (exporter, "exporter", 1_000_000, [(1, s, True), (50, s, True)]),
        ]
        for binary, name, series, runs in plan:
            rows, _ = measure(binary, name, series, runs)
            result["rows"] += rows
    errors = sum(r["errors_connect"] + r["errors_read"] + r["errors_write"] + r["errors_status"] +
                 r["errors_timeout"] for r in result["rows"] if r["server"] == "exporter")
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    if errors:
        print(f"the exporter had {errors} failed scrapes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
