// Security-group changes waiting for review (collector `sg_changes`): what is pending, for how
// long, what is open to the internet, and what the reviewers decided.
local g = import 'lib.libsonnet';
local a = g.accountScope();
local pending = 'awsgov_sg_ingress_change_pending_timestamp_seconds';
{
  grafanaDashboards+:: {
    'awsgov-sg-changes.json': g.dashboard('awsgov-sg-changes', 'awsgov / Security-group changes',
      'Security-group rule changes read from CloudTrail, pending review or decided (collector sg_changes). Decide them on the exporter\'s review page (/sg_changes/review).',
      g.collectorHealth('sg_changes') + [
      g.stat('Pending changes', 'Changes waiting for a reviewer\'s approval or denial.',
             'sum(awsgov_sg_ingress_changes{%s, state="pending"}) or vector(0)' % a, 'short', 0, 4, w=6,
             thresholds=[{ color: 'green', value: null }, { color: 'orange', value: 1 }]),
      g.stat('Open to the internet', 'Pending changes from 0.0.0.0/0 or ::/0 (AwsgovSgChangeOpenToInternet, critical).',
             'count(%s{%s, public="true"}) or vector(0)' % [pending, a], 'short', 6, 4, w=6,
             thresholds=[{ color: 'green', value: null }, { color: 'red', value: 1 }]),
      g.stat('Longest wait', 'Time the oldest pending change has waited since its CloudTrail event.',
             'max(time() - %s{%s}) or vector(0)' % [pending, a], 's', 12, 4, w=6),
      g.stat('Failed reverts', 'Denied changes whose revert failed: the rule is still in place (AwsgovSgRevertFailed).',
             'sum(awsgov_sg_ingress_changes{%s, state="revert_failed"}) or vector(0)' % a, 'short', 18, 4, w=6,
             thresholds=[{ color: 'green', value: null }, { color: 'red', value: 1 }]),

      g.table('Pending changes', 'Each pending change (one source of one permission of one CloudTrail event), the value is how long it has waited.',
              'time() - %s{%s}' % [pending, a], 's', 0, 8, h=10),
      g.timeseries('Changes by state', 'Changes in the store by state, until their retention removes the decided ones.',
                   'sum by (state) (awsgov_sg_ingress_changes{%s})' % a, '{{state}}', 'short', 0, 18),
      g.timeseries('Pending changes by account', 'Changes waiting for review, per account and region.',
                   'sum by (account_id, region) (awsgov_sg_ingress_changes{%s, state="pending"})' % a, '{{account_id}} {{region}}', 'short', 12, 18),
    ]),
  },
}
