"""The dashboards follow the dashboard-linter's rules: one datasource variable that every panel and
query uses, job and instance matchers on every selector, $__rate_interval in every range function,
counters only inside rate/increase, a unit and a description on every panel, stable uids."""
import glob
import json
import os
import re
import unittest

SOURCE = os.environ.get("AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
DASHBOARDS = sorted(glob.glob(os.path.join(SOURCE, "grafana", "dashboards", "*.json")))

# A metric selector: a name followed by `{...}` or standing alone (not a function call or label).
SELECTOR = re.compile(r"\b((?:awsgov_|up\b)[a-zA-Z0-9_:]*)\s*(\{[^}]*\})?")
FUNCTIONS = {"sum", "count", "max", "min", "avg", "topk", "rate", "increase", "by", "vector",
             "or", "and", "on", "histogram_quantile"}


def load(path):
    with open(path) as f:
        return json.load(f)


def panels(dashboard):
    for panel in dashboard["panels"]:
        yield panel
        yield from panel.get("panels", [])


def exprs(dashboard):
    for panel in panels(dashboard):
        for target in panel.get("targets", []):
            yield panel["title"], target["expr"]


def selectors(expr):
    return [(m.group(1), m.group(2) or "") for m in SELECTOR.finditer(expr)
            if m.group(1) not in FUNCTIONS]


class DashboardLintTest(unittest.TestCase):
    def test_the_bundle_has_the_overview_and_ipam(self):
        uids = {load(p)["uid"] for p in DASHBOARDS}
        self.assertLessEqual({"awsgov-overview", "awsgov-ipam"}, uids)

    def test_stable_uid_named_after_the_file_and_not_editable(self):
        for path in DASHBOARDS:
            d = load(path)
            with self.subTest(dashboard=os.path.basename(path)):
                self.assertEqual(d["uid"] + ".json", os.path.basename(path))
                self.assertIs(d["editable"], False)
                self.assertIn("awsgov", d["tags"])

    def test_one_datasource_variable_used_everywhere(self):
        for path in DASHBOARDS:
            d = load(path)
            with self.subTest(dashboard=os.path.basename(path)):
                variables = d["templating"]["list"]
                sources = [v for v in variables if v["type"] == "datasource"]
                self.assertEqual(len(sources), 1)
                self.assertEqual(sources[0]["query"], "prometheus")
                names = [v["name"] for v in variables]
                self.assertEqual(names, ["datasource", "job", "instance", "account_id", "region"])
                for v in variables[1:]:
                    self.assertEqual(v["datasource"]["uid"], "${datasource}")
                for panel in panels(d):
                    self.assertEqual(panel["datasource"]["uid"], "${datasource}", panel["title"])
                    for target in panel.get("targets", []):
                        self.assertEqual(target["datasource"]["uid"], "${datasource}", panel["title"])

    def test_every_selector_has_job_and_instance_matchers(self):
        for path in DASHBOARDS:
            for title, expr in exprs(load(path)):
                found = selectors(expr)
                with self.subTest(panel=title):
                    self.assertTrue(found, expr)
                    for name, matchers in found:
                        self.assertIn('job=~"$job"', matchers, f"{name} in {expr}")
                        self.assertIn('instance=~"$instance"', matchers, f"{name} in {expr}")

    def test_range_functions_use_rate_interval_and_counters_only_inside_them(self):
        for path in DASHBOARDS:
            for title, expr in exprs(load(path)):
                with self.subTest(panel=title):
                    for window in re.findall(r"\[([^\]]+)\]", expr):
                        self.assertEqual(window, "$__rate_interval", expr)
                    for m in re.finditer(r"\b(awsgov_\w+_total)\b", expr):
                        before = expr[:m.start()]
                        self.assertRegex(before, r"\b(rate|increase)\(\s*$", f"counter {m.group(1)} outside rate/increase: {expr}")

    def test_every_panel_has_a_unit_and_a_description(self):
        for path in DASHBOARDS:
            for panel in panels(load(path)):
                with self.subTest(dashboard=os.path.basename(path), panel=panel["title"]):
                    self.assertTrue(panel["fieldConfig"]["defaults"].get("unit"))
                    self.assertTrue(panel.get("description"))

    def test_panels_do_not_overlap(self):
        for path in DASHBOARDS:
            taken = set()
            for panel in panels(load(path)):
                g = panel["gridPos"]
                cells = {(x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])}
                with self.subTest(dashboard=os.path.basename(path), panel=panel["title"]):
                    self.assertLessEqual(g["x"] + g["w"], 24)
                    self.assertFalse(cells & taken)
                taken |= cells

    def test_the_linter_itself_catches_violations(self):
        # A selector without matchers and a counter outside rate are found.
        self.assertEqual(selectors('sum(awsgov_x{job=~"$job"}) / count(up)'),
                         [("awsgov_x", '{job=~"$job"}'), ("up", "")])


if __name__ == "__main__":
    unittest.main()
