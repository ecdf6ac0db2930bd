// IP address usage (collector `ipam`). The exporter exposes every value; the thresholds live here
// (the old aws-ipam-monitor-app's THRESHOLD, 80 %, strict ">"; see docs/migration.md). Both levels
// fire for a nearly full resource: the Alertmanager example inhibits the warning on the critical.
local lib = import 'lib.libsonnet';
{
  prometheusAlerts+:: {
    local c = $._config,
    local p = c.ipam,
    local warning = lib.percent(p.warningRatio),
    local critical = lib.percent(p.criticalRatio),
    // A warning and a critical alert on one ratio metric.
    local levels(name, metric, summary, description, warningTail, criticalTail) = [
      lib.alert(c, name + 'High', '%s > %g' % [lib.sel(c, metric), p.warningRatio], 'warning',
                summary, description + ', above %s for %s%s' % [warning, p.warningFor, warningTail],
                p.warningFor),
      lib.alert(c, name + 'Critical', '%s > %g' % [lib.sel(c, metric), p.criticalRatio],
                'critical', summary, description + ', above %s: %s' % [critical, criticalTail],
                p.criticalFor),
    ],
    groups+: [{
      name: 'awsgov-ipam',
      rules:
        levels(
          'IpamResourceCidrUsage', 'awsgov_ipam_resource_cidr_usage_ratio',
          'IPAM {{ $labels.resource_type }} {{ $labels.resource_id }} ({{ $labels.resource_cidr }}) is {{ $value | humanizePercentage }} used',
          'IPAM reports {{ $labels.resource_type }} {{ $labels.resource_id }} CIDR {{ $labels.resource_cidr }} in account {{ $labels.account_id }}, region {{ $labels.region }} (scope {{ $labels.ipam_scope_id }}) at {{ $value | humanizePercentage }} usage',
          '.', 'new addresses will soon fail.'
        ) +
        levels(
          'IpamPoolAllocation', 'awsgov_ipam_pool_allocated_ratio',
          'IPAM pool {{ $labels.ipam_pool_id }} is {{ $value | humanizePercentage }} allocated',
          'IPAM pool {{ $labels.ipam_pool_id }} ({{ $labels.address_family }}) in account {{ $labels.account_id }}, region {{ $labels.region }} has {{ $value | humanizePercentage }} of its provisioned CIDRs allocated',
          ': provision more space.', 'allocations will soon fail.'
        ) +
        levels(
          'VpcCidrUsage', 'awsgov_vpc_cidr_usage_ratio',
          'VPC {{ $labels.vpc_id }} CIDR {{ $labels.cidr }} is {{ $value | humanizePercentage }} covered by subnets',
          'Subnets cover {{ $value | humanizePercentage }} of CIDR {{ $labels.cidr }} of VPC {{ $labels.vpc_id }} in account {{ $labels.account_id }}, region {{ $labels.region }}',
          ': little room for new subnets.', 'add a secondary CIDR before new subnets are needed.'
        ) +
        levels(
          'SubnetIpUsage', 'awsgov_subnet_ip_usage_ratio',
          'Subnet {{ $labels.subnet_id }} ({{ $labels.cidr }}) is {{ $value | humanizePercentage }} used',
          "Subnet {{ $labels.subnet_id }} ({{ $labels.cidr }}, {{ $labels.availability_zone }}) of VPC {{ $labels.vpc_id }} in account {{ $labels.account_id }}, region {{ $labels.region }} has {{ $value | humanizePercentage }} of its addresses in use (AWS's 5 reserved included)",
          '.', 'launches and ENIs will soon fail.'
        ) + [
          // Linear trend of the lookback window; fewer than one address predicted at the horizon
          // means none. Subnets already at 0 are left to AwsgovSubnetIpUsageCritical.
          lib.alert(
            c, 'SubnetIpExhaustionPredicted',
            |||
              predict_linear(%(m)s[%(lookback)s], %(days)d * 24 * 3600) < 1
                and %(m)s > 0
            ||| % { m: lib.sel(c, 'awsgov_subnet_available_ips'), lookback: p.exhaustionLookback, days: p.exhaustionDays },
            'warning',
            'Subnet {{ $labels.subnet_id }} ({{ $labels.cidr }}) runs out of IP addresses within %d days' % p.exhaustionDays,
            'At the rate of the last %s, subnet {{ $labels.subnet_id }} ({{ $labels.cidr }}, {{ $labels.availability_zone }}) of VPC {{ $labels.vpc_id }} in account {{ $labels.account_id }}, region {{ $labels.region }} has no available IP addresses left within %d days.' % [p.exhaustionLookback, p.exhaustionDays],
            p.exhaustionFor
          ),
        ],
    }],
  },
}
