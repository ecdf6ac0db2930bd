// What a user of the mixin may change. Override with
//   (import 'rules/mixin.libsonnet') + { _config+:: { selector: 'job="awsgov-prod"' } }
{
  _config+:: {
    // Added to every awsgov_* selector in alerts and recording rules; '' selects every job
    // (the metric names are unique to this exporter).
    selector: '',
    // The scrape job(s) of the exporter, for the `up` series.
    jobSelector: 'job="awsgov"',
    // Each alert's runbook_url is this plus '#<alert name in lower case>'.
    runbookUrlBase: 'https://github.com/awsgov/awsgov-exporter/blob/main/docs/runbooks.md',
    // When set (e.g. '0s'), replaces every alert's `for`: the demo and the end-to-end test use it
    // so that alerts fire within seconds of the data.
    forOverride: null,

    exporter: {
      downFor: '10m',
      failingFor: '30m',  // a target failing this long alerts; one bad run does not
      staleIntervals: 3,  // data older than this many intervals alerts
      staleFor: '5m',
    },

    ipam: {
      // The old aws-ipam-monitor-app's THRESHOLD: strictly above 80 %.
      warningRatio: 0.80,
      warningFor: '15m',
      criticalRatio: 0.95,
      criticalFor: '5m',
      exhaustionDays: 7,
      exhaustionLookback: '6h',
      exhaustionFor: '1h',
    },

    tgwShares: {
      unattachedFor: '24h',  // time a principal gets to attach after accepting the share
      invitationPendingFor: '7d',
      mismatchFor: '30m',
    },

    amiReferences: {
      removedFor: '10m',  // deregistered or unshared image still referenced (critical)
      disabledFor: '10m',  // disabled image still referenced (warning)
    },

    inspectorCoverage: {
      notScannedFor: '24h',  // a non-excepted instance not actively scanned
      disabledFor: '1h',  // Inspector's EC2 scanning off in an account with instances
    },

    sgChanges: {
      pendingFor: '10m',  // a change not open to the internet waits this long before alerting
      reviewTimeSeconds: 86400,  // pending longer than this is overdue
      reviewTimeText: '24 hours',
    },
  },
}
