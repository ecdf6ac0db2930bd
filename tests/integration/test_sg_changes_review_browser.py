"""The sg_changes review page in headless Chromium (Debian's chromium and chromium-driver),
driven through chromedriver's W3C WebDriver HTTP API with urllib: the exporter runs with a web
config user and sg_changes fed by the CloudTrail fake; the page lists the seeded pending
changes, Approve on one and Deny on another change the page, the API (decided by the web user)
and, at the next collection, the metrics; a form posted from another origin is refused."""
import http.server
import json
import os
import shutil
import subprocess
import threading
import time
import unittest
import urllib.error
import urllib.request

from sg_changes_support import ACCOUNT, REGION, SgChangesTestCase, basic
from support import free_port, stop_process, wait_for_port

USER, PASSWORD = "alice", "alice-browser-pw-5Rt"
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium")
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C element reference key


class WebDriver:
    """A minimal W3C WebDriver client over chromedriver's HTTP API."""

    def __init__(self, workdir):
        self.port = free_port()
        self.log = open(os.path.join(workdir, "chromedriver.log"), "wb")
        self.proc = subprocess.Popen([CHROMEDRIVER, f"--port={self.port}"],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        wait_for_port(self.port)
        args = ["--headless=new", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                f"--user-data-dir={workdir}/chromium-profile"]
        if os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        session = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args}}}})
        self.session = session["sessionId"]
        # Elements are looked for until they exist (up to 10 s): a click that navigates returns
        # before the next page is there, and a loaded machine makes that visible.
        self.session_call("POST", "/timeouts", {"implicit": 10000})

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data,
                                         method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as e:
            raise AssertionError(f"WebDriver {method} {path}: {e.code} {e.read()[:500]!r}")

    def session_call(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def cdp(self, command, params):
        return self.session_call("POST", "/goog/cdp/execute", {"cmd": command, "params": params})

    def get(self, url):
        self.session_call("POST", "/url", {"url": url})

    def find(self, css):
        return self.session_call("POST", "/element", {"using": "css selector",
                                                      "value": css})[ELEMENT]

    def find_all(self, css):
        return [e[ELEMENT] for e in self.session_call(
            "POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, element):
        self.session_call("POST", f"/element/{element}/click", {})

    def text(self, element):
        return self.session_call("GET", f"/element/{element}/text")

    def url(self):
        return self.session_call("GET", "/url")

    def page_text(self):
        return self.text(self.find("body"))

    def quit(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        finally:
            stop_process(self.proc)
            self.log.close()


class CrossSiteServer:
    """Another origin (its own port) serving a form that posts a decision to the exporter."""

    def __init__(self, target, form_token):
        page = f"""<!DOCTYPE html><html><body>
<form method="post" action="{target}/sg_changes/review">
<input type="hidden" name="id" value="ev-third/0">
<input type="hidden" name="decision" value="approve">
<input type="hidden" name="form_token" value="{form_token}">
<button id="go" type="submit">win a prize</button></form></body></html>""".encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class SgChangesReviewBrowserTest(SgChangesTestCase):
    def setUp(self):
        self.assertTrue(CHROMEDRIVER and CHROMIUM,
                        "needs Debian's chromium and chromium-driver (scripts/install-deps)")
        super().setUp()
        self.start_moto()
        self.start_cloudtrail_fake([("ev-open", "sg-0web", "0.0.0.0/0", 22, 10),
                                    ("ev-private", "sg-0app", "10.0.0.0/8", 443, 5),
                                    ("ev-third", "sg-0db", "192.0.2.0/24", 5432, 3)])
        config = self.write_config({"state_file": f"{self.workdir}/sg_changes.db",
                                    "reviewers": [USER]})
        self.auth = basic(USER, PASSWORD)
        self.start_exporter(config, [f"--web.config.file={self.write_web_users({USER: PASSWORD})}"],
                            {"Authorization": self.auth})
        self.base = f"http://127.0.0.1:{self.exporter.port}"
        self.driver = None
        self.cross_site = None

    def tearDown(self):
        if self.driver:
            self.driver.quit()
        if self.cross_site:
            self.cross_site.stop()

    def changes(self):
        status, _, body = self.request("GET", "/api/v1/sg_changes/changes", self.headers)
        self.assertEqual(status, 200, body)
        return {c["id"]: c for c in json.loads(body)["changes"]}

    def rows(self):
        return {row.removeprefix("change-") for row in
                (self.driver.session_call("GET", f"/element/{e}/attribute/id")
                 for e in self.driver.find_all("tr[id^='change-']"))}

    def test_approve_and_deny_from_the_page(self):
        # Chromium starts while the first collection (spread over the interval) is awaited.
        self.driver = WebDriver(self.workdir)
        self.wait_for(lambda s: len(self.pending(s)) == 3, "three pending changes")
        # The browser logs in as a web user (what a reviewer types at the basic-auth prompt).
        self.driver.cdp("Network.enable", {})
        self.driver.cdp("Network.setExtraHTTPHeaders", {"headers": {"Authorization": self.auth}})
        self.driver.get(self.base + "/sg_changes/review")
        text = self.driver.page_text()
        self.assertIn(f"Reviewing as {USER}. 3 pending.", text)
        self.assertEqual(self.rows(), {"ev-open/0", "ev-private/0", "ev-third/0"})
        open_row = self.driver.text(self.driver.find("tr[id='change-ev-open/0']"))
        for value in (ACCOUNT, REGION, "sg-0web", f"arn:aws:iam::{ACCOUNT}:user/alice", "tcp",
                      "22", "0.0.0.0/0 (internet)"):
            self.assertIn(value, open_row)
        self.assertIn("10.0.0.0/8", self.driver.text(self.driver.find("tr[id='change-ev-private/0']")))

        # Approve one, deny another: each click posts the form and lands back on the page.
        self.driver.click(self.driver.find("button[id='approve-ev-private/0']"))
        self.assertIn("2 pending.", self.driver.page_text())
        self.assertEqual(self.rows(), {"ev-open/0", "ev-third/0"})
        self.driver.click(self.driver.find("button[id='deny-ev-open/0']"))
        self.assertIn("1 pending.", self.driver.page_text())
        self.assertEqual(self.rows(), {"ev-third/0"})
        self.assertEqual(self.driver.url(), self.base + "/sg_changes/review")

        changes = self.changes()
        self.assertEqual((changes["ev-private/0"]["state"], changes["ev-private/0"]["decided_by"]),
                         ("approved", USER))
        self.assertEqual((changes["ev-open/0"]["state"], changes["ev-open/0"]["decided_by"]),
                         ("denied", USER))
        self.assertEqual(changes["ev-third/0"]["state"], "pending")
        samples = self.wait_for(lambda s: self.count(s, "approved") == 1 and
                                self.count(s, "denied") == 1, "one approved, one denied")
        self.assertEqual(self.pending(samples), {"ev-third"})
        self.assertEqual(self.count(samples, "pending"), 1)

        # Another origin's form posting to the review page (even with a leaked form token): the
        # browser marks it cross-site and the exporter refuses it.
        form_token = self.driver.session_call(
            "GET", f"/element/{self.driver.find('input[name=form_token]')}/property/value")
        self.cross_site = CrossSiteServer(self.base, form_token)
        self.driver.get(self.cross_site.url)
        self.driver.click(self.driver.find("#go"))
        # The form navigates away: wait for the exporter's answer to replace the attacker's page.
        deadline = time.time() + 15
        text = None
        while time.time() < deadline:
            try:
                text = self.driver.page_text()
            except AssertionError:  # the old page went away between finding and reading
                text = None
            if text == "cross-site request refused":
                break
            time.sleep(0.2)
        self.assertEqual(text, "cross-site request refused")
        self.assertEqual(self.changes()["ev-third/0"]["state"], "pending")


if __name__ == "__main__":
    unittest.main()
