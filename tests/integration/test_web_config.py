"""--web.config.file: promtool's verdicts, TLS (client certificates, versions, certificate
rotation), basic auth and configured headers, on the running exporter."""
import crypt  # deprecated in 3.11 but present; bcrypt through libcrypt, like the exporter
import http.client
import os
import shutil
import ssl
import subprocess
import time
import unittest
import warnings

from support import EXPORTER, Exporter, Workdir, wait_for_port

PROMTOOL = shutil.which("promtool")

CONFIG = """
regions: [eu-west-1]
accounts:
  - id: "111111111111"
    name: alpha
collectors:
  exporter:
    interval: 10s
"""

PASSWORD = "correct-horse-7Qx9"  # looked for in logs and pages: it must never appear


def bcrypt(password, rounds=16):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=rounds))


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


# EC keys: generated in milliseconds, unlike RSA.
EC = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1")


def make_pki(d):
    """A CA, two server certificates it signed (for rotation), a client certificate it signed
    and a self-signed client certificate it did not."""
    openssl("req", "-x509", *EC, "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
            "-days", "2", "-subj", "/CN=awsgov test CA", cwd=d)
    with open(os.path.join(d, "san.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    for name, cn in (("server", "server one"), ("server2", "server two"), ("client", "client")):
        openssl("req", *EC, "-nodes", "-keyout", f"{name}.key", "-out",
                f"{name}.csr", "-subj", f"/CN={cn}", cwd=d)
        ext = ["-extfile", "san.ext"] if name.startswith("server") else []
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", f"{name}.crt", "-days", "2", *ext, cwd=d)
    openssl("req", "-x509", *EC, "-nodes", "-keyout", "rogue.key", "-out",
            "rogue.crt", "-days", "2", "-subj", "/CN=rogue", cwd=d)


def verdict_cases(hash_):
    """(name, yaml, valid): each file is judged by promtool and by the exporter."""
    tls = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
    return [
        ("empty", "", True),
        ("users", f"basic_auth_users:\n  alice: '{hash_}'\n", True),
        ("users_null", "basic_auth_users:\n", True),
        ("users_plain_password", "basic_auth_users:\n  alice: secret\n", False),
        ("users_cost_3", "basic_auth_users:\n  alice: '$2b$03$" + hash_[7:] + "'\n", False),
        ("unknown_top_key", "rate_limit:\n  interval: 1s\n", False),
        ("unknown_tls_key", "tls_server_config:\n  cert: server.crt\n", False),
        ("client_allowed_sans", tls + "  client_allowed_sans: [a]\n", False),
        ("tls", tls, True),
        ("tls_absolute_paths", tls.replace("server.", "{dir}/server."), True),
        ("tls_missing_key_file", "tls_server_config:\n  cert_file: server.crt\n", False),
        ("tls_cert_file_absent", tls.replace("server.crt", "nothere.crt"), False),
        ("tls_key_mismatch", tls.replace("server.key", "client.key"), False),
        ("tls_key_as_cert", tls.replace("server.crt", "server.key"), False),
        ("client_auth_all", tls + "  client_auth_type: RequireAndVerifyClientCert\n"
         "  client_ca_file: ca.crt\n", True),
        ("client_auth_any", tls + "  client_auth_type: RequireAnyClientCert\n", True),
        ("client_auth_old_name", tls + "  client_auth_type: RequireClientCert\n", True),
        ("client_auth_lowercase", tls + "  client_auth_type: requireandverifyclientcert\n", False),
        ("client_ca_without_auth", tls + "  client_ca_file: ca.crt\n", False),
        ("client_ca_missing", tls + "  client_auth_type: VerifyClientCertIfGiven\n"
         "  client_ca_file: nothere.crt\n", False),
        ("versions", tls + "  min_version: TLS13\n  max_version: TLS13\n", True),
        ("version_unknown", tls + "  min_version: TLS14\n", False),
        ("ciphers", tls + "  cipher_suites:\n    - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
         "    - TLS_AES_256_GCM_SHA384\n", True),
        ("cipher_insecure", tls + "  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]\n", False),
        ("cipher_openssl_name", tls + "  cipher_suites: [ECDHE-RSA-AES128-GCM-SHA256]\n", False),
        ("curves", tls + "  curve_preferences: [X25519, CurveP256, CurveP384, CurveP521]\n", True),
        ("curve_unknown", tls + "  curve_preferences: [P256]\n", False),
        ("prefer_not_bool", tls + "  prefer_server_cipher_suites: 1\n", False),
        ("headers", "http_server_config:\n  http2: false\n  headers:\n"
         "    X-Frame-Options: sameorigin\n    Strict-Transport-Security: max-age=300\n"
         "    Content-Security-Policy: default-src 'none'\n", True),
        ("header_bad_value", "http_server_config:\n  headers:\n    X-Frame-Options: DENY\n", False),
        ("header_not_allowed", "http_server_config:\n  headers:\n    Server: x\n", False),
        ("header_lowercase_name",
         "http_server_config:\n  headers:\n    x-frame-options: deny\n", False),
        ("duplicate_key", f"basic_auth_users:\n  a: '{hash_}'\nbasic_auth_users:\n  b: '{hash_}'\n",
         False),
        ("not_a_mapping", "- a\n", False),
    ]


class VerdictTest(unittest.TestCase):
    """The same file, the same verdict: promtool check web-config and --check-config."""

    def test_same_verdict_as_promtool(self):
        self.assertIsNotNone(PROMTOOL, "promtool (Debian's prometheus) is required")
        with Workdir() as d:
            make_pki(d)
            cases = verdict_cases(bcrypt("pw"))
            self.assertGreaterEqual(len(cases), 15)
            for name, yaml, valid in cases:
                with self.subTest(name=name):
                    path = os.path.join(d, name + ".yml")
                    with open(path, "w") as f:
                        f.write(yaml.replace("{dir}", d))
                    p = subprocess.run([PROMTOOL, "check", "web-config", path],
                                       capture_output=True, text=True)
                    e = subprocess.run([EXPORTER, "--check-config", f"--web.config.file={path}"],
                                       capture_output=True, text=True)
                    self.assertEqual(p.returncode == 0, valid, f"promtool: {p.stdout}{p.stderr}")
                    self.assertEqual(e.returncode, 0 if valid else 2, e.stdout + e.stderr)
                    if not valid:
                        self.assertIn(path + ":", e.stdout)  # errors name the file

    def test_relative_paths_are_resolved_against_the_file(self):
        with Workdir() as d:
            sub = os.path.join(d, "sub")
            os.mkdir(sub)
            make_pki(sub)
            path = os.path.join(sub, "web.yml")
            with open(path, "w") as f:
                f.write("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n")
            e = subprocess.run([EXPORTER, "--check-config", f"--web.config.file={path}"],
                               capture_output=True, text=True, cwd=d)
            self.assertEqual(e.returncode, 0, e.stdout)
            self.assertIn("valid web config (tls: on, basic auth: off)", e.stdout)

    def test_bad_web_config_at_start_up_exits_2(self):
        with Workdir() as d:
            config = os.path.join(d, "config.yml")
            web = os.path.join(d, "web.yml")
            with open(config, "w") as f:
                f.write(CONFIG)
            with open(web, "w") as f:
                f.write("basic_auth_users:\n  alice: " + PASSWORD + "\n")
            r = subprocess.run([EXPORTER, f"--config.file={config}", f"--web.config.file={web}",
                                "--web.listen-address=127.0.0.1:0"],
                               capture_output=True, text=True, timeout=30)
            self.assertEqual(r.returncode, 2)
            self.assertIn("web.yml:2:3: basic_auth_users.alice: not a bcrypt hash", r.stderr)
            self.assertNotIn(PASSWORD, r.stdout + r.stderr)


class ServerCase(unittest.TestCase):
    """Starts the exporter with a web config; self.d holds the PKI."""

    def setUp(self):
        self.workdir_ctx = Workdir()
        self.d = self.workdir_ctx.__enter__()
        make_pki(self.d)
        self.config = os.path.join(self.d, "config.yml")
        with open(self.config, "w") as f:
            f.write(CONFIG)
        self.exporter = None

    def tearDown(self):
        if self.exporter:
            self.exporter.stop()
        self.workdir_ctx.__exit__(None, None, None)

    def start(self, web_yaml):
        web = os.path.join(self.d, "web.yml")
        with open(web, "w") as f:
            f.write(web_yaml)
        out = subprocess.run([EXPORTER, "--help"], capture_output=True, text=True).stdout
        extra = ["--no-collector.ipam"] if "--[no-]collector.ipam\n" in out else []
        # The free port can be taken by another test's process between choosing and binding it
        # (ctest runs tests in parallel): then the exporter exits, and another port is tried.
        for _ in range(3):
            self.exporter = Exporter(self.d, [f"--config.file={self.config}",
                                              f"--web.config.file={web}", "--log.level=debug",
                                              *extra])
            listening = wait_for_port(self.exporter.port)
            time.sleep(0.3)
            if listening and self.exporter.proc.poll() is None:
                return
            self.exporter.stop()
        self.fail("exporter did not listen:\n" + self.exporter.logs())

    def client_context(self, cert=None, maximum=None):
        ctx = ssl.create_default_context(cafile=os.path.join(self.d, "ca.crt"))
        if cert:
            ctx.load_cert_chain(os.path.join(self.d, cert + ".crt"),
                                os.path.join(self.d, cert + ".key"))
        if maximum:
            ctx.maximum_version = maximum
        return ctx

    def https(self, path="/metrics", ctx=None, headers=None):
        """(status, headers, body, peer certificate DER) over a new TLS connection."""
        conn = http.client.HTTPSConnection("localhost", self.exporter.port,
                                           context=ctx or self.client_context(), timeout=10)
        try:
            conn.request("GET", path, headers=headers or {})
            peer = conn.sock.getpeercert(binary_form=True)  # before the server's close
            r = conn.getresponse()
            return r.status, r.headers, r.read(), peer
        finally:
            conn.close()

    def plain(self, path="/metrics", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.exporter.port, timeout=10)
        try:
            conn.request("GET", path, headers=headers or {})
            r = conn.getresponse()
            return r.status, r.headers, r.read()
        finally:
            conn.close()


def der(path):
    with open(path) as f:
        return ssl.PEM_cert_to_DER_cert(f.read())


TLS = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"


class TlsTest(ServerCase):
    def test_https_scrape_and_plain_http_refused(self):
        self.start(TLS)
        status, _, body, peer = self.https()
        self.assertEqual(status, 200)
        self.assertIn(b"awsgov_build_info", body)
        self.assertEqual(peer, der(os.path.join(self.d, "server.crt")))
        with self.assertRaises((OSError, http.client.HTTPException)):
            self.plain()
        # A client that does not trust the CA refuses the server.
        with self.assertRaises(ssl.SSLError):
            self.https(ctx=ssl.create_default_context())

    def test_min_version_tls13_refuses_a_tls12_client(self):
        self.start(TLS + "  min_version: TLS13\n")
        with self.assertRaises(ssl.SSLError):
            self.https(ctx=self.client_context(maximum=ssl.TLSVersion.TLSv1_2))
        self.assertEqual(self.https()[0], 200)

    def test_default_min_version_is_tls12(self):
        self.start(TLS)
        ctx = self.client_context(maximum=ssl.TLSVersion.TLSv1_2)
        self.assertEqual(self.https(ctx=ctx)[0], 200)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx = self.client_context(maximum=ssl.TLSVersion.TLSv1_1)
            ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.set_ciphers("ALL:@SECLEVEL=0")
        with self.assertRaises(ssl.SSLError):
            self.https(ctx=ctx)

    def test_cipher_suites_restrict_tls12(self):
        self.start(TLS + "  max_version: TLS12\n"
                   "  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]\n")
        conn = http.client.HTTPSConnection("localhost", self.exporter.port,
                                           context=self.client_context(), timeout=10)
        conn.request("GET", "/metrics")
        cipher = conn.sock.cipher()[0]
        self.assertEqual(conn.getresponse().status, 200)
        self.assertEqual(cipher, "ECDHE-ECDSA-AES256-GCM-SHA384")
        conn.close()
        ctx = self.client_context()
        ctx.set_ciphers("ECDHE-ECDSA-AES128-GCM-SHA256")
        with self.assertRaises(ssl.SSLError):
            self.https(ctx=ctx)

    def test_require_and_verify_client_cert(self):
        self.start(TLS + "  client_auth_type: RequireAndVerifyClientCert\n"
                   "  client_ca_file: ca.crt\n")
        with self.assertRaises((ssl.SSLError, OSError, http.client.HTTPException)):
            self.https()  # no client certificate
        with self.assertRaises((ssl.SSLError, OSError, http.client.HTTPException)):
            self.https(ctx=self.client_context(cert="rogue"))  # not signed by the CA
        status, _, body, _ = self.https(ctx=self.client_context(cert="client"))
        self.assertEqual(status, 200)
        self.assertIn(b"awsgov_build_info", body)

    def test_require_any_client_cert_does_not_verify(self):
        self.start(TLS + "  client_auth_type: RequireAnyClientCert\n")
        with self.assertRaises((ssl.SSLError, OSError, http.client.HTTPException)):
            self.https()
        self.assertEqual(self.https(ctx=self.client_context(cert="rogue"))[0], 200)

    def test_verify_client_cert_if_given(self):
        self.start(TLS + "  client_auth_type: VerifyClientCertIfGiven\n"
                   "  client_ca_file: ca.crt\n")
        self.assertEqual(self.https()[0], 200)
        self.assertEqual(self.https(ctx=self.client_context(cert="client"))[0], 200)
        with self.assertRaises((ssl.SSLError, OSError, http.client.HTTPException)):
            self.https(ctx=self.client_context(cert="rogue"))

    def test_replaced_certificate_is_served_to_new_connections(self):
        self.start(TLS)
        self.assertEqual(self.https()[3], der(os.path.join(self.d, "server.crt")))
        # Replace both files the way a renewal tool does: write aside, rename over.
        for ext in ("key", "crt"):
            shutil.copy(os.path.join(self.d, f"server2.{ext}"), os.path.join(self.d, f"new.{ext}"))
            os.replace(os.path.join(self.d, f"new.{ext}"), os.path.join(self.d, f"server.{ext}"))
        status, _, _, peer = self.https()
        self.assertEqual(status, 200)
        self.assertEqual(peer, der(os.path.join(self.d, "server2.crt")))
        self.assertIn("TLS certificate reloaded", self.exporter.logs())


class BasicAuthTest(ServerCase):
    def auth(self, user, password):
        import base64
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        return {"Authorization": "Basic " + token}

    def test_basic_auth_and_headers(self):
        self.start("http_server_config:\n  headers:\n    X-Frame-Options: sameorigin\n"
                   "    Strict-Transport-Security: max-age=300\n"
                   f"basic_auth_users:\n  alice: '{bcrypt(PASSWORD)}'\n")
        status, headers, body = self.plain()
        self.assertEqual(status, 401)
        self.assertEqual(headers["WWW-Authenticate"], "Basic")
        self.assertEqual(body, b"Unauthorized\n")
        self.assertEqual(headers["X-Frame-Options"], "sameorigin")  # on the 401 too
        self.assertEqual(self.plain(headers=self.auth("alice", "wrong"))[0], 401)
        self.assertEqual(self.plain(headers=self.auth("bob", PASSWORD))[0], 401)
        self.assertEqual(self.plain("/-/healthy")[0], 401)  # every path, as exporter-toolkit

        pages = []
        for path in ("/metrics", "/", "/-/healthy", "/-/ready", "/nothing-here"):
            status, headers, body = self.plain(path, headers=self.auth("alice", PASSWORD))
            self.assertEqual(status, 404 if path == "/nothing-here" else 200, path)
            self.assertEqual(headers["X-Frame-Options"], "sameorigin", path)
            self.assertEqual(headers["Strict-Transport-Security"], "max-age=300", path)
            self.assertEqual(headers.get_all("X-Frame-Options"), ["sameorigin"], path)
            self.assertEqual(headers["X-Content-Type-Options"], "nosniff", path)
            pages.append(body.decode("utf-8", "replace"))
        self.assertIn("awsgov_build_info", pages[0])
        for page in pages:
            self.assertNotIn(PASSWORD, page)
            self.assertNotIn("$2b$", page)
        logs = self.exporter.logs()
        self.assertIn("level=debug", logs)  # the check is at the most verbose level
        self.assertIn("request refused", logs)
        self.assertNotIn(PASSWORD, logs)
        self.assertNotIn("$2b$", logs)

    def test_empty_user_list_refuses_everyone(self):
        self.start("basic_auth_users: {}\n")
        self.assertEqual(self.plain()[0], 401)
        self.assertEqual(self.plain(headers=self.auth("alice", PASSWORD))[0], 401)

    def test_basic_auth_over_tls(self):
        self.start(TLS + f"basic_auth_users:\n  alice: '{bcrypt(PASSWORD)}'\n")
        self.assertEqual(self.https()[0], 401)
        self.assertEqual(self.https(headers=self.auth("alice", PASSWORD))[0], 200)
        self.assertNotIn(PASSWORD, self.exporter.logs())


if __name__ == "__main__":
    unittest.main()
