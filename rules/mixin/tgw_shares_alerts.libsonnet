// Transit Gateway shares (collector `tgw_shares`; replaces monitortgwresourceshares, see
// docs/migration.md). The exporter only reports; these rules decide what needs a person.
// - SharePrincipalUnattached: a principal that accepted the share gets `unattachedFor` (a day by
//   default) to create its attachment. Invitations not yet accepted (ASSOCIATING) have their own
//   alert.
// - ShareInvitationPending: an invitation open for `invitationPendingFor` (7 days).
// - InventoryMismatch: `mismatchFor` (30m), because a new VPC's inventory item and its attachment
//   are usually made minutes apart.
local lib = import 'lib.libsonnet';
{
  prometheusAlerts+:: {
    local c = $._config,
    local t = c.tgwShares,
    local principal(matchers) = lib.selWith(c, 'awsgov_tgw_share_principal_attached', matchers),
    groups+: [{
      name: 'awsgov-tgw-shares',
      rules: [
        lib.alert(
          c, 'TgwSharePrincipalUnattached',
          principal('association_status!="ASSOCIATING"') + ' == 0',
          'warning',
          'Account {{ $labels.principal_id }} has no attachment to transit gateway {{ $labels.transit_gateway_id }}',
          'Account {{ $labels.principal_id }} is a principal ({{ $labels.association_status }}) of RAM share {{ $labels.resource_share_arn }}, which shares transit gateway {{ $labels.transit_gateway_id }} of account {{ $labels.account_id }} in {{ $labels.region }}, but it has owned no live attachment to it for %s: attach its VPC, or remove it from the share.' % t.unattachedFor,
          t.unattachedFor
        ),
        lib.alert(
          c, 'TgwShareInvitationPending',
          principal('association_status="ASSOCIATING"'),
          'warning',
          'Account {{ $labels.principal_id }} has not accepted the share of transit gateway {{ $labels.transit_gateway_id }}',
          'The invitation of account {{ $labels.principal_id }} to RAM share {{ $labels.resource_share_arn }} (transit gateway {{ $labels.transit_gateway_id }} of account {{ $labels.account_id }} in {{ $labels.region }}) has been pending for %s: ask the account to accept it in RAM, or re-send it (the exporter never re-associates).' % t.invitationPendingFor,
          t.invitationPendingFor
        ),
        lib.alert(
          c, 'TgwInventoryMismatch',
          '%s == 1' % lib.sel(c, 'awsgov_tgw_inventory_mismatch'),
          'warning',
          'Transit gateway {{ $labels.transit_gateway_id }}: {{ $labels.kind }}{{ with $labels.vpc_id }} {{ . }}{{ end }} (account {{ $labels.principal_id }})',
          '{{ if eq $labels.kind "missing_attachment" }}VPC {{ $labels.vpc_id }} of account {{ $labels.principal_id }} is in the inventory of transit gateway {{ $labels.transit_gateway_id }} but has no live attachment to it (the old "MISSING VPC").{{ end }}{{ if eq $labels.kind "unexpected_attachment" }}VPC {{ $labels.vpc_id }} of account {{ $labels.principal_id }} is attached to transit gateway {{ $labels.transit_gateway_id }} but is not in its inventory (the old "UNAUTHORIZED").{{ end }}{{ if eq $labels.kind "missing_share" }}Account {{ $labels.principal_id }} is in the inventory of transit gateway {{ $labels.transit_gateway_id }} but is not a principal of any of its RAM shares (the old "LOST INVITATION").{{ end }} Hub account {{ $labels.account_id }}, region {{ $labels.region }}; for %s.' % t.mismatchFor,
          t.mismatchFor
        ),
      ],
    }],
  },
}
