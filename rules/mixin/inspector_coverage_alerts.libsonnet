// Inspector coverage of EC2 instances (collector `inspector_coverage`), the signal that replaces
// InspectorEC2Controls' start-scan-stop routine (see docs/migration.md). The durations are the
// knobs: `notScannedFor` is the time an instance may stay unscanned (24h: a new instance's
// PENDING_INITIAL_SCAN and a short stop stay quiet), `disabledFor` the time an account with
// instances may go without EC2 scanning.
local lib = import 'lib.libsonnet';
{
  prometheusAlerts+:: {
    local c = $._config,
    local i = c.inspectorCoverage,
    groups+: [{
      name: 'awsgov-inspector-coverage',
      rules: [
        // reason and instance_state are aggregated away: an instance that goes from stopped
        // (EC2_INSTANCE_STOPPED) to running (UNMANAGED_EC2_INSTANCE) without ever being scanned
        // keeps its pending time. Excepted instances (table, config or tag) never alert.
        lib.alert(
          c, 'InspectorEc2InstanceNotScanned',
          |||
            max without (reason, instance_state) (
              %s
            )
          ||| % lib.selWith(c, 'awsgov_inspector_ec2_uncovered_instance_info', 'excepted="false"'),
          'warning',
          'EC2 instance {{ $labels.instance_id }} has not been actively scanned by Inspector for %s' % i.notScannedFor,
          'Amazon Inspector has not actively scanned EC2 instance {{ $labels.instance_id }} in account {{ $labels.account_id }}, region {{ $labels.region }} for %s and no exception covers it. Start it long enough to be scanned, fix its SSM agent, or add an exception (Inspector-Exceptions table, excepted_instance_ids, or the exception tag).' % i.notScannedFor,
          i.notScannedFor
        ),
        // BatchGetAccountStatus's EC2 status is not ENABLED (DISABLED, SUSPENDED, or UNKNOWN when
        // Inspector does not know the account) while the account has instances in that region.
        lib.alert(
          c, 'InspectorEc2ScanningDisabled',
          |||
            %s == 0
              and on (account_id, region)
            sum by (account_id, region) (%s) > 0
          ||| % [lib.sel(c, 'awsgov_inspector_ec2_scanning_enabled'), lib.sel(c, 'awsgov_inspector_ec2_instances')],
          'warning',
          'Inspector EC2 scanning is {{ $labels.status }} in account {{ $labels.account_id }}, region {{ $labels.region }}',
          "Amazon Inspector's EC2 scanning is {{ $labels.status }} in account {{ $labels.account_id }}, region {{ $labels.region }}, which has EC2 instances: none of them is scanned. Enable Inspector (EC2) for the account, from the delegated administrator if there is one.",
          i.disabledFor
        ),
      ],
    }],
  },
}
