// Every dashboard of the bundle; scripts/generate-mixin writes each to grafana/dashboards/<name>.
(import 'overview.libsonnet') +
(import 'ipam.libsonnet') +
(import 'tgw_shares.libsonnet') +
(import 'ami_references.libsonnet') +
(import 'sg_changes.libsonnet') +
(import 'inspector_coverage.libsonnet')
