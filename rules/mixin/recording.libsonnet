// Recording rules: aggregates the dashboards' overview panels read on every refresh.
local lib = import 'lib.libsonnet';
{
  prometheusRules+:: {
    local c = $._config,
    groups+: [{
      name: 'awsgov-recording',
      rules: [
        {
          // Share of targets whose last run succeeded, per collector.
          record: 'collector:awsgov_collector_success:avg',
          expr: 'avg by (job, instance, collector) (%s)' % lib.sel(c, 'awsgov_collector_success'),
        },
        {
          // The fullest subnet of each account and region.
          record: 'account_region:awsgov_subnet_ip_usage_ratio:max',
          expr: 'max by (job, instance, account_id, region) (%s)' % lib.sel(c, 'awsgov_subnet_ip_usage_ratio'),
        },
      ],
    }],
  },
}
