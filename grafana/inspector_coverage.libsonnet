// Inspector coverage of EC2 instances (collector `inspector_coverage`): which instances Amazon
// Inspector does not actively scan, which of them an exception covers, and where EC2 scanning
// is off.
local g = import 'lib.libsonnet';
local a = g.accountScope();
local uncovered = 'awsgov_inspector_ec2_uncovered_instance_info';
{
  grafanaDashboards+:: {
    'awsgov-inspector-coverage.json': g.dashboard('awsgov-inspector-coverage', 'awsgov / Inspector coverage',
      'EC2 instances Amazon Inspector does not actively scan, exceptions, and the EC2 scanning status of each account (collector inspector_coverage).',
      g.collectorHealth('inspector_coverage') + [
      g.stat('Instances', 'EC2 instances that are not terminated.',
             'sum(awsgov_inspector_ec2_instances{%s}) or vector(0)' % a, 'short', 0, 4, w=5),
      g.stat('Actively scanned', 'Share of the instances whose Inspector scan status is ACTIVE.',
             '(sum(awsgov_inspector_ec2_instances{%s, scan_status="ACTIVE"}) or vector(0)) / sum(awsgov_inspector_ec2_instances{%s})' % [a, a],
             'percentunit', 5, 4, w=5, thresholds=[{ color: 'red', value: null }, { color: 'orange', value: 0.9 }, { color: 'green', value: 1 }]),
      g.stat('Unscanned, no exception', 'Instances not actively scanned that no exception covers: AwsgovInspectorEc2InstanceNotScanned fires after _config.inspectorCoverage.notScannedFor.',
             'count(%s{%s, excepted="false"}) or vector(0)' % [uncovered, a], 'short', 10, 4, w=5,
             thresholds=[{ color: 'green', value: null }, { color: 'orange', value: 1 }]),
      g.stat('Unscanned, excepted', 'Instances not actively scanned that the exceptions table, the config or the tag covers.',
             'count(%s{%s, excepted="true"}) or vector(0)' % [uncovered, a], 'short', 15, 4, w=5),
      g.stat('Scanning off', 'Account and region pairs whose Inspector EC2 scanning is not ENABLED.',
             'count(awsgov_inspector_ec2_scanning_enabled{%s} == 0) or vector(0)' % a, 'short', 20, 4, w=4,
             thresholds=[{ color: 'green', value: null }, { color: 'orange', value: 1 }]),

      g.table('Unscanned instances', 'Each instance whose scan status is not ACTIVE: reason is Inspector\'s (NOT_LISTED when Inspector does not list it), excepted tells whether an exception covers it.',
              '%s{%s}' % [uncovered, a], 'short', 0, 8, h=10, hide=['Value']),
      g.timeseries('Instances by scan status', 'Instances by Inspector scan status (not_covered: Inspector does not list the instance).',
                   'sum by (scan_status) (awsgov_inspector_ec2_instances{%s})' % a, '{{scan_status}}', 'short', 0, 18),
      g.timeseries('Instances by state', 'Instances by EC2 state: stopped instances are not scanned.',
                   'sum by (instance_state) (awsgov_inspector_ec2_instances{%s})' % a, '{{instance_state}}', 'short', 12, 18),
      g.table('EC2 scanning per account', 'Inspector\'s EC2 scanning status of each account and region (1 when ENABLED).',
              'awsgov_inspector_ec2_scanning_enabled{%s}' % a, 'bool', 0, 26),
    ]),
  },
}
