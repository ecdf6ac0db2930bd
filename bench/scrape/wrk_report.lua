-- wrk script for the scrape benchmark: sends an Accept header for text 0.0.4 and gzip (or
-- identity, SCRAPE_GZIP=0), and prints one JSON line with the figures.
wrk.headers["Accept-Encoding"] = os.getenv("SCRAPE_GZIP") == "1" and "gzip" or "identity"
wrk.headers["Accept"] = "text/plain;version=0.0.4;q=1,*/*;q=0.1"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors_connect": %d, "errors_read": %d, "errors_write": %d, ' ..
    '"errors_status": %d, "errors_timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, e.connect, e.read, e.write,
    e.status, e.timeout))
end
