// AMI references (collector `ami_references`): resources that still use an image its owner
// deregistered, unshared or disabled. These metrics have no `account_id`: the account variable
// selects the consumer account (the one whose resources need fixing), or the owner for the
// owner's image counts.
local g = import 'lib.libsonnet';
local c = g.accountScope('consumer_account_id');
local o = g.accountScope('owner_account_id');
{
  grafanaDashboards+:: {
    'awsgov-ami-references.json': g.dashboard('awsgov-ami-references', 'awsgov / AMI references',
      'Instances, launch templates and launch configurations that reference images of the owner accounts, and those whose image is gone (collector ami_references). The account variable selects the consumer account.',
      g.collectorHealth('ami_references') + [
      g.stat('Dangling references', 'Resources whose image is deregistered, unshared or disabled.',
             'count(awsgov_ami_dangling_reference_info{%s}) or vector(0)' % c, 'short', 0, 4, w=6,
             thresholds=[{ color: 'green', value: null }, { color: 'red', value: 1 }]),
      g.stat('Removed images in use', 'Images deregistered or unshared that a consumer still references (AwsgovAmiReferencedAfterRemoval, critical).',
             'count(count by (owner_account_id, image_id) (awsgov_ami_references{%s, image_status=~"deregistered|unshared"})) or vector(0)' % c, 'short', 6, 4, w=6,
             thresholds=[{ color: 'green', value: null }, { color: 'red', value: 1 }]),
      g.stat('Disabled images in use', 'Disabled images a consumer still references (AwsgovAmiReferencedWhileDisabled, warning).',
             'count(count by (owner_account_id, image_id) (awsgov_ami_references{%s, image_status="disabled"})) or vector(0)' % c, 'short', 12, 4, w=6,
             thresholds=[{ color: 'green', value: null }, { color: 'orange', value: 1 }]),
      g.stat('Owned images', 'Images the selected owner accounts own (every state).',
             'sum(awsgov_ami_images{%s}) or vector(0)' % o, 'short', 18, 4, w=6),

      g.table('Dangling references', 'Each resource that still uses a deregistered, unshared or disabled image: resource_id is the instance, launch template (with version) or launch configuration.',
              'awsgov_ami_dangling_reference_info{%s}' % c, 'short', 0, 8, hide=['Value']),
      g.table('Referenced images', 'Resources referencing each image, per consumer account and status.',
              'sum by (owner_account_id, image_id, consumer_account_id, region, image_status) (awsgov_ami_references{%s})' % c, 'short', 0, 16),
      g.timeseries('References by image status', 'Resources of the consumer accounts referencing owner images, by the image\'s status for that consumer.',
                   'sum by (image_status) (awsgov_ami_references{%s})' % c, '{{image_status}}', 'short', 0, 24),
      g.timeseries('References by resource type', 'Referencing resources by type: instances, launch template versions, launch configurations.',
                   'sum by (resource_type) (awsgov_ami_references{%s})' % c, '{{resource_type}}', 'short', 12, 24),
      g.timeseries('Owned images by state', 'Images each owner account owns, by EC2 state.',
                   'sum by (owner_account_id, state) (awsgov_ami_images{%s})' % o, '{{owner_account_id}} {{state}}', 'short', 0, 32, w=24),
    ]),
  },
}
