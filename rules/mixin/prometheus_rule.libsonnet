// The alerts and recording rules as one prometheus-operator PrometheusRule object, for clusters
// where Prometheus selects its rules by Kubernetes label rather than reading rule files.
// scripts/generate-mixin writes it to rules/prometheusrule.yaml with the default _config; set
// _config.prometheusRule (name, namespace, labels matching your Prometheus' ruleSelector) in your
// own jsonnet and render `prometheusRule` yourself (docs/alerting.md).
{
  _config+:: {
    prometheusRule: {
      name: 'awsgov-exporter',
      namespace: null,  // null: taken from `kubectl apply -n`
      labels: { 'app.kubernetes.io/name': 'awsgov-exporter' },
    },
  },

  prometheusRule:: {
    local p = $._config.prometheusRule,
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: p.name,
      [if p.namespace != null then 'namespace']: p.namespace,
      [if std.length(p.labels) > 0 then 'labels']: p.labels,
    },
    spec: { groups: $.prometheusAlerts.groups + $.prometheusRules.groups },
  },
}
