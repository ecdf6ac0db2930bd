"""Writes the mixin's JSON (stdin) as Prometheus rule-file YAML (stdout), in the order people read
rules (alert/record, expr, for, labels, annotations), multi-line strings as literal blocks. A
PrometheusRule object (the groups under `spec`) is written the same way."""
import json
import sys

import yaml

RULE_ORDER = ["alert", "record", "expr", "for", "labels", "annotations"]
ANNOTATION_ORDER = ["summary", "description", "runbook_url"]


def ordered(mapping, order):
    keys = [k for k in order if k in mapping] + sorted(k for k in mapping if k not in order)
    return {k: mapping[k] for k in keys}


class Dumper(yaml.SafeDumper):
    pass


def represent_str(dumper, text):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


Dumper.add_representer(str, represent_str)


def main():
    doc = json.load(sys.stdin)
    groups = doc["spec"]["groups"] if doc.get("kind") == "PrometheusRule" else doc["groups"]
    for group in groups:
        rules = []
        for rule in group["rules"]:
            rule = ordered(rule, RULE_ORDER)
            if "annotations" in rule:
                rule["annotations"] = ordered(rule["annotations"], ANNOTATION_ORDER)
            rules.append(rule)
        group["rules"] = rules
    sys.stdout.write("# Generated from rules/mixin.libsonnet by scripts/generate-mixin: do not edit.\n")
    yaml.dump(doc, sys.stdout, Dumper=Dumper, sort_keys=False, width=1 << 16,
              default_flow_style=False, allow_unicode=True)


if __name__ == "__main__":
    main()
