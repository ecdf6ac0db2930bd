// The exporter's own health: down, a target failing, data older than a few intervals.
local lib = import 'lib.libsonnet';
{
  prometheusAlerts+:: {
    local c = $._config,
    local e = c.exporter,
    groups+: [{
      name: 'awsgov-exporter',
      rules: [
        lib.alert(
          c, 'ExporterDown',
          'up{%s} == 0' % c.jobSelector,
          'critical',
          'awsgov-exporter {{ $labels.instance }} is down',
          'Prometheus cannot scrape awsgov-exporter {{ $labels.instance }} (job {{ $labels.job }}) for %s: no governance signal from its accounts is current, and their alerts cannot fire.' % e.downFor,
          e.downFor
        ),
        lib.alert(
          c, 'CollectorFailing',
          '%s == 0' % lib.sel(c, 'awsgov_collector_success'),
          'warning',
          'Collector {{ $labels.collector }} fails for account {{ $labels.account_id }} in {{ $labels.region }}',
          'The {{ $labels.collector }} collector has failed for account {{ $labels.account_id }}, region {{ $labels.region }} on {{ $labels.instance }} for %s. Its last good data stays exposed but grows old; the landing page of the exporter shows the last error.' % e.failingFor,
          e.failingFor
        ),
        lib.alert(
          c, 'CollectorDataStale',
          |||
            (time() - %(last)s) / %(interval)s > %(n)d
          ||| % {
            last: lib.sel(c, 'awsgov_collector_last_success_timestamp_seconds'),
            interval: lib.sel(c, 'awsgov_collector_interval_seconds'),
            n: e.staleIntervals,
          },
          'warning',
          'Data of {{ $labels.collector }} for account {{ $labels.account_id }} in {{ $labels.region }} is {{ $value | humanize }} intervals old',
          'The last successful run of the {{ $labels.collector }} collector for account {{ $labels.account_id }}, region {{ $labels.region }} on {{ $labels.instance }} is {{ $value | humanize }} intervals old (more than %d): alerts on its data may be missing.' % e.staleIntervals,
          e.staleFor
        ),
      ],
    }],
  },
}
