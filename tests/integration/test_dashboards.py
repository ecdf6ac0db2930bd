"""The dashboards follow the dashboard-linter's rules: one datasource variable that every panel and
query uses, job and instance matchers on every selector, $__rate_interval in every range function,
counters only inside rate/increase, a unit and a description on every panel, stable uids. There is
one dashboard per collector, and every metric and label the queries name is one the exporter
exposes (docs/metrics.md, which another test holds to the exporter's output)."""
import glob
import json
import os
import re
import unittest

SOURCE = os.environ.get("AWSGOV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
DASHBOARDS = sorted(glob.glob(os.path.join(SOURCE, "grafana", "dashboards", "*.json")))
# Labels Prometheus adds to every scraped series.
TARGET_LABELS = {"job", "instance"}

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


def documented_metrics(path=os.path.join(SOURCE, "docs", "metrics.md")):
    """metric name -> label names, from the tables of docs/metrics.md. A labels cell lists names
    in backquotes, with values in parentheses after them (`reason` (`duplicate`, `invalid`));
    "same as above" repeats the previous row's labels. Histograms add their series and `le`."""
    metrics = {}
    previous = set()
    with open(path) as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) < 4 or not re.fullmatch(r"`awsgov_\w+`", cells[0]):
                continue
            name, kind, labels = cells[0].strip("`"), cells[1], cells[2]
            if "same as above" in labels:
                names = set(previous)
            else:
                names = set(re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", labels)))
            previous = names
            metrics[name] = names
            if kind == "histogram":
                for suffix in ("_bucket", "_sum", "_count"):
                    metrics[name + suffix] = names | ({"le"} if suffix == "_bucket" else set())
    return metrics


def matcher_labels(matchers):
    return set(re.findall(r"(\w+)\s*(?:=~|!~|!=|=)", matchers))


def grouping_labels(expr):
    """Labels named in by/without/on/ignoring clauses."""
    found = set()
    for clause in re.findall(r"\b(?:by|without|on|ignoring)\s*\(([^)]*)\)", expr):
        found |= {label.strip() for label in clause.split(",") if label.strip()}
    return found


class DashboardLintTest(unittest.TestCase):
    def test_an_overview_and_one_dashboard_per_collector(self):
        uids = {load(p)["uid"] for p in DASHBOARDS}
        names = [n for n in os.listdir(os.path.join(SOURCE, "collectors"))
                 if os.path.isdir(os.path.join(SOURCE, "collectors", n)) and n != "exporter_self"]
        self.assertIn("ipam", names)
        expected = {"awsgov-overview"} | {"awsgov-" + n.replace("_", "-") for n in names}
        self.assertEqual(uids, expected)

    def test_every_metric_and_label_queried_is_exposed(self):
        metrics = documented_metrics()
        self.assertIn("awsgov_ami_dangling_reference_info", metrics)
        for path in DASHBOARDS:
            dashboard = load(path)
            for panel in panels(dashboard):
                for target in panel.get("targets", []):
                    expr = target["expr"]
                    with self.subTest(dashboard=os.path.basename(path), panel=panel["title"]):
                        available = set(TARGET_LABELS)
                        for name, matchers in selectors(expr):
                            self.assertIn(name, metrics, f"{name} is not in docs/metrics.md: {expr}")
                            labels = metrics[name] | TARGET_LABELS
                            self.assertLessEqual(matcher_labels(matchers), labels, f"{name} in {expr}")
                            available |= labels
                        self.assertLessEqual(grouping_labels(expr), available, expr)
                        legend = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", target.get("legendFormat", "")))
                        self.assertLessEqual(legend, grouping_labels(expr) or available, expr)
            for variable in dashboard["templating"]["list"][1:]:
                with self.subTest(dashboard=os.path.basename(path), variable=variable["name"]):
                    name, label = re.fullmatch(r"label_values\((\w+)(?:\{[^}]*\})?, (\w+)\)",
                                               variable["query"]["query"]).groups()
                    self.assertIn(label, metrics[name] | TARGET_LABELS)

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
        # Labels: matchers and grouping clauses are read; the documented set is the reference.
        self.assertEqual(matcher_labels('{job=~"$job", state!~"a|b", public="true"}'),
                         {"job", "state", "public"})
        self.assertEqual(grouping_labels("sum by (a, b) (x) * on(c) group_left y"), {"a", "b", "c"})
        metrics = documented_metrics()
        self.assertEqual(metrics["awsgov_ami_references"],
                         {"owner_account_id", "image_id", "consumer_account_id", "region",
                          "resource_type", "image_status"})
        self.assertEqual(metrics["awsgov_subnet_available_ips"], metrics["awsgov_subnet_ip_usage_ratio"])
        self.assertEqual(metrics["awsgov_exporter_dropped_samples_total"], {"reason"})
        self.assertNotIn("account_id", metrics["awsgov_ami_references"])


if __name__ == "__main__":
    unittest.main()
