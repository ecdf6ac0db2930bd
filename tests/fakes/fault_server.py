#!/usr/bin/env python3
"""A scripted HTTP server for fault-injection tests of the AWS client.

  fault_server.py PORT SCRIPT_JSON LOG_FILE

SCRIPT_JSON is a list of steps; request n gets step n (the last step repeats). A step:
  {"status": 200, "headers": {"x-amzn-requestid": "r1"}, "body": "...",
   "body_size": N,        # instead of body: N bytes of 'x'
   "delay": 1.5,          # seconds to wait before answering
   "action": "reset"      # close the connection with a TCP reset instead of answering
           | "truncate"   # announce the full length but send half the body, then close
   "date": "Mon, 01 Jan 2001 00:00:00 GMT"}   # the Date header (default: now)
Each request is appended to LOG_FILE as one JSON line: method, path, headers, body, client_port.
"""
import email.utils
import json
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f:
    SCRIPT = json.load(f)
LOG_FILE = sys.argv[3]
LOCK = threading.Lock()
COUNTER = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        with LOCK:
            index = COUNTER[0]
            COUNTER[0] += 1
            with open(LOG_FILE, "a", encoding="utf-8") as log:
                log.write(json.dumps({
                    "method": self.command, "path": self.path,
                    "headers": [[k, v] for k, v in self.headers.items()],
                    "body": body, "client_port": self.client_address[1]}) + "\n")
        step = SCRIPT[min(index, len(SCRIPT) - 1)]
        if step.get("delay"):
            time.sleep(step["delay"])
        if step.get("action") == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        payload = step.get("body", "")
        if "body_size" in step:
            payload = "x" * step["body_size"]
        data = payload.encode("utf-8")
        self.send_response_only(step.get("status", 200))
        self.send_header("Date", step.get("date", email.utils.formatdate(usegmt=True)))
        for name, value in step.get("headers", {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if step.get("action") == "truncate":
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any

    def do_HEAD(self):
        self.handle_any()


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
