// The landing dashboard: is the exporter healthy, how big is it, and how many problems of each
// kind are open right now. Each problem count links, by tag, to its collector's dashboard.
local g = import 'lib.libsonnet';
local s = g.scope;
local a = g.accountScope();
{
  grafanaDashboards+:: {
    'awsgov-overview.json': g.dashboard('awsgov-overview', 'awsgov / Overview',
      'Health of awsgov-exporter and the open governance problems of the AWS organisation.', [
      g.stat('Healthy targets', 'Share of targets (collector × account × region) whose last run succeeded.',
             'sum(awsgov_collector_success{%s}) / count(awsgov_collector_success{%s})' % [a, a],
             'percentunit', 0, 0, thresholds=[{ color: 'red', value: null }, { color: 'orange', value: 0.9 }, { color: 'green', value: 1 }]),
      g.stat('Failing targets', 'Targets whose last run failed; their last good data stays exposed.',
             'count(awsgov_collector_success{%s} == 0) or vector(0)' % a, 'short', 4, 0,
             thresholds=[{ color: 'green', value: null }, { color: 'red', value: 1 }]),
      g.stat('Accounts', 'Accounts the exporter collects from.', 'count(awsgov_account_info{%s})' % s, 'short', 8, 0),
      g.stat('Series', 'Samples the collectors expose.', 'sum(awsgov_collector_samples{%s})' % a, 'short', 12, 0),
      g.stat('AWS requests/s', 'AWS API requests per second, all services.',
             'sum(rate(awsgov_aws_requests_total{%s}[$__rate_interval]))' % s, 'reqps', 16, 0),
      g.stat('Config reload', '1 when the last configuration (re)load succeeded.',
             'min(awsgov_config_last_reload_successful{%s})' % s, 'bool', 20, 0,
             thresholds=[{ color: 'red', value: null }, { color: 'green', value: 1 }]),

      g.stat('Subnets above the warning level', 'Subnets with more of their addresses in use than the warning alert allows (_config.ipam.warningRatio).',
             'count(awsgov_subnet_ip_usage_ratio{%s} > %g) or vector(0)' % [a, $._config.ipam.warningRatio], 'short', 0, 4),
      g.stat('Unattached TGW principals', 'Accounts a Transit Gateway is shared with that own no live attachment.',
             'count(awsgov_tgw_share_principal_attached{%s} == 0) or vector(0)' % a, 'short', 4, 4),
      g.stat('TGW inventory mismatches', 'Differences between the Transit Gateways and the expected inventory.',
             'sum(awsgov_tgw_inventory_mismatch{%s}) or vector(0)' % a, 'short', 8, 4),
      g.stat('Dangling AMI references', 'Instances, launch templates and launch configurations whose image is deregistered, unshared or disabled.',
             'count(awsgov_ami_dangling_reference_info{%s}) or vector(0)' % g.accountScope('consumer_account_id'), 'short', 12, 4),
      g.stat('Pending SG changes', 'Security-group ingress changes waiting for review.',
             'sum(awsgov_sg_ingress_changes{%s, state="pending"}) or vector(0)' % a, 'short', 16, 4),
      g.stat('Unscanned instances', 'EC2 instances Inspector does not actively scan, exceptions left out.',
             'count(awsgov_inspector_ec2_uncovered_instance_info{%s, excepted="false"}) or vector(0)' % a, 'short', 20, 4),

      g.table('Failing targets', 'Each target whose last run failed; the landing page of the exporter shows the error.',
              'awsgov_collector_success{%s} == 0' % a, 'short', 0, 8, w=12, hide=['Value']),
      g.table('Fullest subnets', 'The ten subnets with the highest share of addresses in use.',
              'topk(10, awsgov_subnet_ip_usage_ratio{%s})' % a, 'percentunit', 12, 8, w=12),
      g.timeseries('Series per collector', 'Samples each collector exposes.',
                   'sum by (collector) (awsgov_collector_samples{%s})' % a, '{{collector}}', 'short', 0, 16),
      g.timeseries('Slowest run per collector', 'The longest last-run duration of each collector over its targets.',
                   'max by (collector) (awsgov_collector_duration_seconds{%s})' % a, '{{collector}}', 's', 12, 16),
      g.timeseries('AWS requests by service', 'AWS API requests per second by service and result code.',
                   'sum by (service, code) (rate(awsgov_aws_requests_total{%s}[$__rate_interval]))' % s, '{{service}} {{code}}', 'reqps', 0, 24),
      g.timeseries('AWS retries by reason', 'Retried AWS requests per second; throttling means the rate limits are reached.',
                   // No series until the first retry: `or vector(0)` draws the quiet state as 0.
                   'sum by (service, reason) (rate(awsgov_aws_retries_total{%s}[$__rate_interval])) or vector(0)' % s, '{{service}} {{reason}}', 'reqps', 12, 24),
    ]),
  },
}
