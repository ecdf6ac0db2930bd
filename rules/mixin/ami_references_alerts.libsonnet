// AMIs still referenced after they were deregistered, unshared or disabled (collector
// `ami_references`; replaces the cross-account AMI monitoring's e-mail, see docs/migration.md).
// One alert per (owner, image, consumer account, region, status). Its description lists every
// referencing resource from awsgov_ami_dangling_reference_info, as the old e-mail did ("still used
// in EC2 instances: …", "still used in launch templates: …"), plus launch configurations.
// Deregistered or unshared: critical (nothing can launch from those resources any more; the old
// tool's two alert cases). Disabled: warning (the owner can re-enable it). Both wait `for` two
// collections at the default 5m interval, so that a reference caught mid-change does not page.
// rules/alertmanager.example.yml routes them by consumer_account_id to each account's owners.
local lib = import 'lib.libsonnet';
{
  prometheusAlerts+:: {
    local c = $._config,
    local a = c.amiReferences,
    local by = 'owner_account_id, image_id, consumer_account_id, region, image_status',
    local references(status) = 'sum by (%s) (%s) > 0' % [by, lib.selWith(c, 'awsgov_ami_references', status)],
    // The resources of one kind that point at the alert's image, from the info metric.
    local listed(title, type, suffix) =
      'Still used in %s: [{{ range printf "awsgov_ami_dangling_reference_info{%%s,resource_type=\\"%s\\"}" $match | query | sortByLabel "resource_id" }} {{ .Labels.resource_id }}%s{{ end }} ].' % [title, type, suffix],
    local resources = std.join(' ', [
      '{{- $match := printf `owner_account_id="%s",image_id="%s",consumer_account_id="%s",region="%s",image_status="%s"` $labels.owner_account_id $labels.image_id $labels.consumer_account_id $labels.region $labels.image_status }}',
      listed('EC2 instances', 'instance', ''),
      listed('launch templates', 'launch_template', ' (version {{ .Labels.version }})'),
      listed('launch configurations', 'launch_configuration', ''),
    ]),
    groups+: [{
      name: 'awsgov-ami-references',
      rules: [
        lib.alert(
          c, 'AmiReferencedAfterRemoval',
          references('image_status=~"deregistered|unshared"'),
          'critical',
          'Image {{ $labels.image_id }} is {{ $labels.image_status }} but still used by {{ $value }} resources of account {{ $labels.consumer_account_id }}',
          'Image {{ $labels.image_id }} of account {{ $labels.owner_account_id }} is {{ $labels.image_status }} for account {{ $labels.consumer_account_id }}, region {{ $labels.region }}, and still used there. ' + resources,
          a.removedFor
        ),
        lib.alert(
          c, 'AmiReferencedWhileDisabled',
          references('image_status="disabled"'),
          'warning',
          'Image {{ $labels.image_id }} is disabled but still used by {{ $value }} resources of account {{ $labels.consumer_account_id }}',
          'Image {{ $labels.image_id }} of account {{ $labels.owner_account_id }} is disabled (no one can launch it until its owner enables it again), and account {{ $labels.consumer_account_id }}, region {{ $labels.region }} still uses it. ' + resources,
          a.disabledFor
        ),
      ],
    }],
  },
}
