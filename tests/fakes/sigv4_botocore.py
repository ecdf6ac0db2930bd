#!/usr/bin/env python3
"""Signs requests with botocore's SigV4Auth so that the C++ signer can be compared with it.

  sigv4_botocore.py generate SEED COUNT   deterministic random requests, signed (JSON on stdout)
  sigv4_botocore.py suite DIR             the AWS SigV4 test-suite cases under DIR, signed

Each output entry holds the request as given to the signer (method, url, headers as [name, value]
pairs in order, body), the credentials, region, service, timestamp and botocore's headers after
signing (Authorization, X-Amz-Date or Date, X-Amz-Security-Token).
"""
import datetime
import json
import os
import random
import sys
import urllib.parse

import botocore.auth
import botocore.credentials
from botocore.awsrequest import AWSRequest


def sign(entry):
    timestamp = datetime.datetime.strptime(entry["timestamp"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda: timestamp
    request = AWSRequest(method=entry["method"], url=entry["url"], data=entry["body"].encode("utf-8"))
    for name, value in entry["headers"]:
        request.headers[name] = value  # appends: repeated names stay repeated, in order
    credentials = botocore.credentials.Credentials(
        entry["access_key"], entry["secret_key"], entry["token"] or None)
    auth = botocore.auth.SigV4Auth(credentials, entry["service"], entry["region"])
    if entry.get("add_content_sha256"):
        request.headers["X-Amz-Content-SHA256"] = botocore.auth.sha256(
            entry["body"].encode("utf-8")).hexdigest()
    auth.add_auth(request)
    signed = {}
    for name in ("Authorization", "X-Amz-Date", "Date", "X-Amz-Security-Token"):
        if name in request.headers:
            signed[name.lower()] = request.headers[name]
    entry["botocore"] = signed
    return entry


# Characters for path segments: unreserved, sub-delims, ':' and '@', '%' escapes, a space and
# non-ASCII letters (the signer must encode them), but never '?' or '#' (they end the path).
PATH_PIECES = list("abcXYZ019-._~!$&'()*+,;=:@") + [
    " ", "%20", "%2F", "%41", "%e2%82%ac", "\u00e9", "\u1234", "..", ".", "", "a b", "%25"]
QUERY_KEYS = ["Action", "Filter.1.Name", "Filter.1.Value.1", "MaxResults", "NextToken", "a",
              "A", "b", "key", "%E1%88%B4", "x-y", "z_", "~t", "", "Param", "param"]
QUERY_VALUES = ["", "1", "10", "abc", "a%20b", "a%2Bb", "%2F", "x%3Dy", "value=with=eq",
                "%E2%82%AC", "AQoDYXdzEJr%2F%2F%2F%2F", "-._~", "UPPER", "lower", "b", "a"]
HEADER_NAMES = ["X-Custom", "x-custom", "My-Header", "Content-Type", "X-Amz-Target",
                "X-Amz-Meta-Thing", "Accept", "User-Agent", "Expect", "Connection",
                "x-amzn-trace-id", "Cache-Control", "X-Dup", "X-Dup", "TE"]
HEADER_VALUES = ["value", "  leading", "trailing  ", "in   the   middle", "tab\there",
                 "multi\n  line\n    folded", "a,b", "\"quoted   string\"", "", "   ",
                 "application/x-amz-json-1.0", "DynamoDB_20120810.Scan", "x\r\n y"]
HOSTS = ["ec2.us-east-1.amazonaws.com", "dynamodb.eu-west-1.amazonaws.com", "example.com:8443",
         "127.0.0.1:4566", "HOST.Example.COM", "sts.amazonaws.com:443", "[::1]:9000",
         "organizations.us-east-1.amazonaws.com"]


def random_path(rng):
    if rng.random() < 0.1:
        return ""
    segments = []
    for _ in range(rng.randint(0, 5)):
        segments.append("".join(rng.choice(PATH_PIECES) for _ in range(rng.randint(0, 4))))
    path = "/" + "/".join(segments)
    if rng.random() < 0.2:
        path += "/"
    if rng.random() < 0.1:
        path = path.replace("/", "//", 1)
    return path


def random_query(rng):
    if rng.random() < 0.3:
        return ""
    pairs = []
    for _ in range(rng.randint(1, 6)):
        key = rng.choice(QUERY_KEYS)
        if rng.random() < 0.1:
            pairs.append(key)  # a key without '='
        else:
            pairs.append(key + "=" + rng.choice(QUERY_VALUES))
        if rng.random() < 0.2:
            pairs.append(key + "=" + rng.choice(QUERY_VALUES))  # a repeated key
    return "?" + "&".join(pairs)


def random_body(rng):
    roll = rng.random()
    if roll < 0.35:
        return ""
    if roll < 0.45:
        chunk = "".join(rng.choice("abcdefghij{}\":,0123456789 \n") for _ in range(997))
        return chunk * rng.randint(100, 400)  # large: 100 KB to 400 KB
    if roll < 0.7:
        return json.dumps({"TableName": "t" * rng.randint(1, 20), "Limit": rng.randint(1, 99)})
    return urllib.parse.urlencode({"Action": "DescribeVpcs", "Version": "2016-11-15",
                                   "Filter.1.Value.1": "a b/c" * rng.randint(1, 3)})


def generate(seed, count):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        scheme = rng.choice(["https", "http"])
        headers = []
        for _ in range(rng.randint(0, 6)):
            headers.append([rng.choice(HEADER_NAMES), rng.choice(HEADER_VALUES)])
        if rng.random() < 0.1:
            headers.append(["Host", "Custom.Host.example"])
        if rng.random() < 0.05:
            headers.append(["Date", "Mon, 01 Jan 2001 00:00:00 GMT"])
        if rng.random() < 0.05:
            headers.append(["X-Amz-Date", "20010101T000000Z"])
        if rng.random() < 0.05:
            headers.append(["X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"])
        secret = "".join(rng.choice("ABCabc0123+/=") for _ in range(40))
        timestamp = datetime.datetime(2024, 5, 6, 7, 8, 9) + datetime.timedelta(
            seconds=rng.randint(0, 86400 * 400))
        entry = {
            "name": "generated-%d" % i,
            "method": rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "get"]),
            "url": scheme + "://" + rng.choice(HOSTS) + random_path(rng) + random_query(rng),
            "headers": headers,
            "body": random_body(rng),
            "access_key": "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
                                           for _ in range(16)),
            "secret_key": secret,
            "token": ("FwoGZXIvYXdzE" + "".join(rng.choice("abcXYZ09+/=") for _ in range(
                rng.randint(20, 400)))) if rng.random() < 0.4 else "",
            "region": rng.choice(["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1"]),
            "service": rng.choice(["ec2", "sts", "dynamodb", "execute-api", "inspector2"]),
            "timestamp": timestamp.strftime("%Y%m%dT%H%M%SZ"),
        }
        out.append(sign(entry))
    return out


def parse_suite_request(text):
    """request.txt -> (method, target, headers, body); continuation lines keep their newline."""
    lines = text.split("\n")
    method, _, rest = lines[0].partition(" ")
    target = rest[: rest.rfind(" HTTP/")]
    headers = []
    body = ""
    for index, line in enumerate(lines[1:], start=1):
        if line == "":  # the blank line before the body (or the file's final newline)
            body = "\n".join(lines[index + 1:])
            break
        if line[:1] in (" ", "\t") and headers:
            headers[-1][1] += "\n" + line
        else:
            name, _, value = line.partition(":")
            headers.append([name, value])
    return method, target, headers, body


def encode_query_for_wire(target):
    """The test suite writes raw UTF-8 and spaces in query strings; on the wire (and in the URL
    the exporter signs) they are percent-encoded. The path is left as written: the signer
    encodes it."""
    path, sep, query = target.partition("?")
    if sep:
        query = urllib.parse.quote(query, safe="-_.~=&%")
    return path + sep + query


def suite(directory):
    out = []
    for name in sorted(os.listdir(directory)):
        case = os.path.join(directory, name)
        with open(os.path.join(case, "context.json"), encoding="utf-8") as f:
            context = json.load(f)
        with open(os.path.join(case, "request.txt"), encoding="utf-8", newline="") as f:
            method, target, headers, body = parse_suite_request(f.read())
        host = next(v for n, v in headers if n.lower() == "host")
        timestamp = datetime.datetime.strptime(context["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
        entry = {
            "name": name,
            "method": method,
            "url": "https://" + host + encode_query_for_wire(target),
            "headers": headers,
            "body": body,
            "access_key": context["credentials"]["access_key_id"],
            "secret_key": context["credentials"]["secret_access_key"],
            "token": context["credentials"].get("token", ""),
            "region": context["region"],
            "service": context["service"],
            "timestamp": timestamp.strftime("%Y%m%dT%H%M%SZ"),
            "add_content_sha256": context.get("sign_body", False),
            "normalize": context.get("normalize", True),
            "omit_session_token": context.get("omit_session_token", False),
        }
        out.append(sign(entry))
    return out


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "generate":
        result = generate(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "suite":
        result = suite(sys.argv[2])
    else:
        sys.exit(__doc__)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
