// The awsgov monitoring mixin: alerts, recording rules and dashboards for awsgov-exporter.
// scripts/generate-mixin renders it into rules/alerts.yaml, rules/recording.yaml,
// rules/prometheusrule.yaml (the same rules as a prometheus-operator object) and
// grafana/dashboards/*.json, which are committed; a test fails when they are stale. Change thresholds in mixin/config.libsonnet, or
// override `_config` when importing this file into your own jsonnet.
(import 'mixin/config.libsonnet') +
(import 'mixin/exporter_alerts.libsonnet') +
(import 'mixin/ipam_alerts.libsonnet') +
(import 'mixin/tgw_shares_alerts.libsonnet') +
(import 'mixin/ami_references_alerts.libsonnet') +
(import 'mixin/inspector_coverage_alerts.libsonnet') +
(import 'mixin/sg_changes_alerts.libsonnet') +
(import 'mixin/recording.libsonnet') +
(import 'mixin/prometheus_rule.libsonnet') +
(import '../grafana/dashboards.libsonnet')
