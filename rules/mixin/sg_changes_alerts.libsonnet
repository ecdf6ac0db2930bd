// Security-group rule changes waiting for review (collector `sg_changes`; replaces the Slack
// messages of the security-group revert ChatOps, see docs/migration.md). Changes stay in place
// until a person decides: these alerts tell reviewers there is something to decide.
// - a pending change not open to the internet: warning after `pendingFor` (two collections, so a
//   change approved at once does not page);
// - a pending change from 0.0.0.0/0 or ::/0: critical at once;
// - a change pending longer than `reviewTimeSeconds`: warning;
// - a denied change whose revert failed: warning (the rule is still there).
// `review_url` is the review page of the exporter that reported the change (its `instance`).
local lib = import 'lib.libsonnet';
{
  prometheusAlerts+:: {
    local c = $._config,
    local g = c.sgChanges,
    local pending(matchers) = lib.selWith(c, 'awsgov_sg_ingress_change_pending_timestamp_seconds', matchers),
    local withReview(rule) = rule { annotations+: { review_url: 'http://{{ $labels.instance }}/sg_changes/review' } },
    groups+: [{
      name: 'awsgov-sg-changes',
      rules: [
        withReview(lib.alert(
          c, 'SgChangePending',
          pending('public="false"'),
          'warning',
          'Security group {{ $labels.group_id }} changed by {{ $labels.actor }}: {{ $labels.protocol }} {{ $labels.port_range }} from {{ $labels.source }}, pending review',
          '{{ $labels.actor }} allowed {{ $labels.protocol }} {{ $labels.port_range }} from {{ $labels.source }} ({{ $labels.direction }}) on {{ $labels.group_id }} in account {{ $labels.account_id }}, region {{ $labels.region }} (CloudTrail event {{ $labels.event_id }}). Approve or deny it on the review page.',
          g.pendingFor
        )),
        withReview(lib.alert(
          c, 'SgChangeOpenToInternet',
          pending('public="true"'),
          'critical',
          'Security group {{ $labels.group_id }} opened to {{ $labels.source }} ({{ $labels.protocol }} {{ $labels.port_range }}) by {{ $labels.actor }}',
          '{{ $labels.actor }} allowed {{ $labels.protocol }} {{ $labels.port_range }} from the whole internet ({{ $labels.source }}, {{ $labels.direction }}) on {{ $labels.group_id }} in account {{ $labels.account_id }}, region {{ $labels.region }} (CloudTrail event {{ $labels.event_id }}). Review it now.',
        )),
        withReview(lib.alert(
          c, 'SgChangePendingTooLong',
          'time() - %s > %d' % [lib.sel(c, 'awsgov_sg_ingress_change_pending_timestamp_seconds'), g.reviewTimeSeconds],
          'warning',
          'Security group {{ $labels.group_id }} change {{ $labels.event_id }} has waited {{ $value | humanizeDuration }} for review',
          'The change by {{ $labels.actor }} ({{ $labels.protocol }} {{ $labels.port_range }} from {{ $labels.source }}) on {{ $labels.group_id }} in account {{ $labels.account_id }}, region {{ $labels.region }} has been pending for {{ $value | humanizeDuration }}, over %s.' % g.reviewTimeText,
        )),
        withReview(lib.alert(
          c, 'SgRevertFailed',
          '%s > 0' % lib.selWith(c, 'awsgov_sg_ingress_changes', 'state="revert_failed"'),
          'warning',
          '{{ $value }} denied security-group change(s) in account {{ $labels.account_id }}, region {{ $labels.region }} could not be reverted',
          'Denied changes with revert requested failed to revoke in account {{ $labels.account_id }}, region {{ $labels.region }}; the rules are still in place. The review page shows the reason; revoke them by hand.',
        )),
      ],
    }],
  },
}
