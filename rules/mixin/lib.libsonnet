// Helpers shared by the mixin's alert and rule files.
{
  // `metric` with the configured selector, e.g. awsgov_x{job="a"} (or awsgov_x when none).
  sel(config, metric):: if config.selector == '' then metric else '%s{%s}' % [metric, config.selector],
  // The same with more matchers: selWith(c, 'm', 'a="b"') is m{a="b"} or m{job="x", a="b"}.
  selWith(config, metric, matchers)::
    '%s{%s}' % [metric, std.join(', ', std.filter(function(m) m != '', [config.selector, matchers]))],

  // One alert in the house style: Awsgov prefix, severity label, summary, description and a
  // runbook anchor in docs/runbooks.md (one section per alert, titled with its name).
  alert(config, name, expr, severity, summary, description, forDuration=null):: {
    alert: 'Awsgov' + name,
    expr: expr,
    [if forDuration != null then 'for']:
      if config.forOverride != null then config.forOverride else forDuration,
    labels: { severity: severity },
    annotations: {
      summary: summary,
      description: description,
      runbook_url: config.runbookUrlBase + '#awsgov' + std.asciiLower(name),
    },
  },

  // 0.8 -> "80 %", for descriptions.
  percent(ratio):: std.toString(std.floor(ratio * 100 + 0.5)) + ' %',
}
