// Transit Gateway shares (collector `tgw_shares`): RAM principals without an attachment, pending
// invitations, attachments by state, and differences from the expected inventory.
local g = import 'lib.libsonnet';
local a = g.accountScope();
// EC2's dead attachment states; every other state counts as live (docs/metrics.md).
local live = 'state!~"deleted|deleting|failed|failing|rejected|rejecting"';
{
  grafanaDashboards+:: {
    'awsgov-tgw-shares.json': g.dashboard('awsgov-tgw-shares', 'awsgov / Transit Gateway shares',
      'RAM principals of the shares of each Transit Gateway, their attachments and the expected inventory (collector tgw_shares). Account and region are the hub\'s.',
      g.collectorHealth('tgw_shares') + [
      g.stat('Unattached principals', 'Accepted principals (not ASSOCIATING) that own no live attachment to the gateway: AwsgovTgwSharePrincipalUnattached fires after _config.tgwShares.unattachedFor.',
             'count(awsgov_tgw_share_principal_attached{%s, association_status!="ASSOCIATING"} == 0) or vector(0)' % a, 'short', 0, 4, w=6,
             thresholds=[{ color: 'green', value: null }, { color: 'orange', value: 1 }]),
      g.stat('Pending invitations', 'Principals that have not accepted the RAM invitation yet (ASSOCIATING).',
             'count(awsgov_tgw_share_principal_attached{%s, association_status="ASSOCIATING"}) or vector(0)' % a, 'short', 6, 4, w=6,
             thresholds=[{ color: 'green', value: null }, { color: 'orange', value: 1 }]),
      g.stat('Inventory mismatches', 'Differences between the gateways and the expected inventory (missing or unexpected attachments, missing shares); none without an inventory.',
             'sum(awsgov_tgw_inventory_mismatch{%s}) or vector(0)' % a, 'short', 12, 4, w=6,
             thresholds=[{ color: 'green', value: null }, { color: 'orange', value: 1 }]),
      g.stat('Live attachments', 'Attachments to the hubs\' gateways in a live state (not deleted, failed or rejected), all owners and resource types.',
             'sum(awsgov_tgw_attachments{%s, %s}) or vector(0)' % [a, live], 'short', 18, 4, w=6),

      g.table('Unattached principals', 'Each accepted principal that owns no live attachment to the gateway shared with it.',
              'awsgov_tgw_share_principal_attached{%s, association_status!="ASSOCIATING"} == 0' % a, 'short', 0, 8, hide=['Value']),
      g.table('Inventory mismatches', 'kind: missing_attachment (an inventory VPC is not attached), unexpected_attachment (an attached VPC is not in the inventory), missing_share (an inventory account is not a principal).',
              'awsgov_tgw_inventory_mismatch{%s}' % a, 'short', 0, 16, hide=['Value']),
      g.table('Principals', 'Every principal of every share of each gateway: 1 when it owns a live attachment, 0 when it owns none.',
              'awsgov_tgw_share_principal_attached{%s}' % a, 'bool', 0, 24, h=10),
      g.timeseries('Attachments by state', 'Attachments to the gateways by state, every owner and resource type (dead states included, as EC2 still lists them).',
                   'sum by (transit_gateway_id, state) (awsgov_tgw_attachments{%s})' % a, '{{transit_gateway_id}} {{state}}', 'short', 0, 34),
      g.timeseries('Live attachments by owner', 'Live attachments to each gateway by the account that owns the attached resource.',
                   'sum by (transit_gateway_id, resource_owner_id) (awsgov_tgw_attachments{%s, %s})' % [a, live], '{{transit_gateway_id}} {{resource_owner_id}}', 'short', 12, 34),
    ]),
  },
}
