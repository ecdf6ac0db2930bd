// A small panel library for the awsgov dashboards (Grafana 9+ JSON model): every panel reads the
// `datasource` variable, has a unit and a description, and sits on a 24-column grid.
{
  datasource:: { type: 'prometheus', uid: '${datasource}' },

  // Matchers every query carries (the dashboard linter rules, tested).
  scope:: 'job=~"$job", instance=~"$instance"',
  // ... plus the account and region variables, for per-account metrics.
  accountScope(accountLabel='account_id'):: self.scope + ', %s=~"$account_id", region=~"$region"' % accountLabel,

  target(expr, legend='', instant=false, format='time_series'):: {
    datasource: $.datasource,
    expr: expr,
    legendFormat: legend,
    refId: 'A',
    [if instant then 'instant']: true,
    [if instant then 'range']: false,
    format: format,
  },

  local base(type, title, description, unit, x, y, w, h) = {
    type: type,
    title: title,
    description: description,
    datasource: $.datasource,
    gridPos: { x: x, y: y, w: w, h: h },
    fieldConfig: { defaults: { unit: unit }, overrides: [] },
  },

  stat(title, description, expr, unit, x, y, w=4, h=4, thresholds=null):: base('stat', title, description, unit, x, y, w, h) {
    targets: [$.target(expr, instant=true)],
    options: { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'value', graphMode: 'none' },
    [if thresholds != null then 'fieldConfig']+: { defaults+: { thresholds: { mode: 'absolute', steps: thresholds } } },
  },

  timeseries(title, description, expr, legend, unit, x, y, w=12, h=8):: base('timeseries', title, description, unit, x, y, w, h) {
    targets: [$.target(expr, legend)],
    options: { legend: { displayMode: 'table', placement: 'right', calcs: ['lastNotNull', 'max'] }, tooltip: { mode: 'multi' } },
  },

  // One row per series of an instant query, its labels as columns.
  table(title, description, expr, unit, x, y, w=24, h=8, hide=[]):: base('table', title, description, unit, x, y, w, h) {
    targets: [$.target(expr, instant=true, format='table')],
    transformations: [{
      id: 'organize',
      options: { excludeByName: { [k]: true for k in ['Time', '__name__', 'job', 'instance'] + hide } },
    }],
    options: { sortBy: [{ displayName: 'Value', desc: true }] },
  },

  // The first row of a collector's dashboard: is it collecting, and how old is its data.
  collectorHealth(collector, y=0):: [
    $.stat('Healthy targets', 'Share of the %s targets (account × region) whose last run succeeded.' % collector,
           'avg(awsgov_collector_success{%s, collector="%s"})' % [$.accountScope(), collector],
           'percentunit', 0, y, w=6, thresholds=[{ color: 'red', value: null }, { color: 'orange', value: 0.9 }, { color: 'green', value: 1 }]),
    $.stat('Failing targets', 'Targets of %s whose last run failed; their last good data stays exposed (the landing page of the exporter shows the error).' % collector,
           'count(awsgov_collector_success{%s, collector="%s"} == 0) or vector(0)' % [$.accountScope(), collector],
           'short', 6, y, w=6, thresholds=[{ color: 'green', value: null }, { color: 'red', value: 1 }]),
    $.stat('Oldest data', 'Age of the oldest successful run among the %s targets: values are as old as this.' % collector,
           'max(time() - awsgov_collector_last_success_timestamp_seconds{%s, collector="%s"})' % [$.accountScope(), collector],
           's', 12, y, w=6),
    $.stat('Series', 'Samples the %s targets expose.' % collector,
           'sum(awsgov_collector_samples{%s, collector="%s"})' % [$.accountScope(), collector],
           'short', 18, y, w=6),
  ],

  local variable(name, label, query) = {
    name: name,
    label: label,
    type: 'query',
    datasource: $.datasource,
    query: { query: query, refId: name },
    definition: query,
    refresh: 2,  // on time-range change: accounts come and go
    includeAll: true,
    multi: true,
    allValue: '.*',
    current: { text: 'All', value: '$__all' },
    sort: 1,
  },

  dashboard(uid, title, description, panels):: {
    uid: uid,
    title: title,
    description: description,
    tags: ['awsgov'],
    editable: false,
    schemaVersion: 38,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    timezone: 'utc',
    graphTooltip: 1,
    links: [{ type: 'dashboards', tags: ['awsgov'], asDropdown: true, title: 'awsgov', includeVars: true, keepTime: true }],
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {} },
        variable('job', 'Job', 'label_values(awsgov_build_info, job)'),
        variable('instance', 'Instance', 'label_values(awsgov_build_info{job=~"$job"}, instance)'),
        variable('account_id', 'Account', 'label_values(awsgov_collector_success{job=~"$job", instance=~"$instance"}, account_id)'),
        variable('region', 'Region', 'label_values(awsgov_collector_success{job=~"$job", instance=~"$instance"}, region)'),
      ],
    },
    panels: [p { id: i + 1 } for i in std.range(0, std.length(panels) - 1) for p in [panels[i]]],
  },
}
