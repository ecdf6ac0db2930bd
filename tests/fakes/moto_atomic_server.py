"""moto_server with one request at a time: a test shortcut for DynamoDB's atomic conditional writes.

moto evaluates ConditionExpressions as DynamoDB does, but its threaded server does not lock between
a condition's check and the write, so two concurrent conditional UpdateItems on one item can both
succeed, which DynamoDB never allows. This wrapper serves moto's own application behind one lock
(still threaded, so keep-alive connections do not block each other), making every write atomic as
DynamoDB's per-item writes are. Used by the tests that race two replicas on one table.

    python3 moto_atomic_server.py --port PORT [--host 127.0.0.1]
"""
import argparse
import os
import signal
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    moto_app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()

    def one_at_a_time(environ, start_response):
        with lock:
            # The whole body is produced under the lock: moto works while it is iterated.
            return [b"".join(moto_app(environ, start_response))]

    run_simple(args.host, args.port, one_at_a_time, threaded=True)


if __name__ == "__main__":
    main()
