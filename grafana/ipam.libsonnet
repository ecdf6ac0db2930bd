// IP address usage (collector `ipam`): subnets, VPC CIDR blocks, IPAM resource CIDRs and pools.
local g = import 'lib.libsonnet';
local a = g.accountScope();
{
  grafanaDashboards+:: {
    'awsgov-ipam.json': g.dashboard('awsgov-ipam', 'awsgov / IP usage',
      'IP address usage of subnets, VPC CIDR blocks and IPAM resources and pools (collector ipam). Alerts fire above 80 % (warning) and 95 % (critical).', [
      g.stat('Subnets', 'IPv4 subnets measured.', 'count(awsgov_subnet_ip_usage_ratio{%s})' % a, 'short', 0, 0, w=6),
      g.stat('Subnets above the warning level', 'Subnets with more of their addresses in use than the warning alert allows (_config.ipam.warningRatio).',
             'count(awsgov_subnet_ip_usage_ratio{%s} > %g) or vector(0)' % [a, $._config.ipam.warningRatio], 'short', 6, 0, w=6,
             thresholds=[{ color: 'green', value: null }, { color: 'orange', value: 1 }]),
      g.stat('Free addresses', 'Available IPv4 addresses over all selected subnets.',
             'sum(awsgov_subnet_available_ips{%s})' % a, 'short', 12, 0, w=6),
      g.stat('Fullest VPC CIDR', 'The highest share of a VPC CIDR block covered by subnets.',
             'max(awsgov_vpc_cidr_usage_ratio{%s})' % a, 'percentunit', 18, 0, w=6),
      g.timeseries('Subnet usage, top 10', 'The ten fullest subnets over time (the 5 addresses AWS reserves count as used).',
                   'topk(10, awsgov_subnet_ip_usage_ratio{%s})' % a, '{{account_id}} {{subnet_id}} {{cidr}}', 'percentunit', 0, 4, w=24),
      g.table('Subnets', 'Every subnet, fullest first.', 'awsgov_subnet_ip_usage_ratio{%s}' % a, 'percentunit', 0, 12, h=10),
      g.table('VPC CIDR blocks', 'Share of each associated VPC CIDR block covered by subnets.',
              'awsgov_vpc_cidr_usage_ratio{%s}' % a, 'percentunit', 0, 22),
      g.table('IPAM resource CIDRs', 'IPAM-reported usage of VPC, subnet and pool CIDRs (IPAM account only).',
              'awsgov_ipam_resource_cidr_usage_ratio{%s}' % a, 'percentunit', 0, 30),
      g.table('IPAM pools', 'Share of each pool\'s provisioned CIDRs allocated.',
              'awsgov_ipam_pool_allocated_ratio{%s}' % a, 'percentunit', 0, 38),
    ]),
  },
}
