// Every dashboard of the bundle; scripts/generate-mixin writes each to grafana/dashboards/<name>.
(import 'overview.libsonnet') +
(import 'ipam.libsonnet')
