// Text helpers of the mixin: thresholds written into prose (dashboard descriptions, alert summaries) come
// from _config through these, so that changing a threshold changes the text that quotes it.
{
  // Joins the lines of a text block with spaces and drops the final newline, as a YAML folded scalar (`>-`)
  // does: long annotations read well in the source and render as the one line Alertmanager shows.
  oneLine(text):: std.join(' ', std.split(std.rstripChars(text, '\n'), '\n')),

  // `bytes` in the largest IEC unit that holds it exactly: 524288000 is "500 MiB", 10737418240 "10 GiB",
  // 12345 "12345 B". Exact rather than rounded, so that the text never disagrees with the alert.
  bytes(bytes)::
    local units = [
      ['TiB', 1024 * 1024 * 1024 * 1024], ['GiB', 1024 * 1024 * 1024], ['MiB', 1024 * 1024], ['KiB', 1024],
    ];
    local exact = [u for u in units if bytes >= u[1] && bytes % u[1] == 0];
    if std.length(exact) > 0
    then '%s %s' % [std.toString(bytes / exact[0][1]), exact[0][0]]
    else '%s B' % std.toString(bytes),

  // `seconds` in the largest unit that holds it exactly, as a count and a unit: [2, 'day'], [1, 'hour'].
  local durationParts(seconds) =
    local units = [['week', 7 * 24 * 3600], ['day', 24 * 3600], ['hour', 3600], ['minute', 60]];
    local exact = [u for u in units if seconds >= u[1] && seconds % u[1] == 0];
    if std.length(exact) > 0 then [seconds / exact[0][1], exact[0][0]] else [seconds, 'second'],

  // A duration as a noun phrase: "a day", "an hour", "2 days", "90 seconds".
  duration(seconds)::
    local parts = durationParts(seconds);
    if parts[0] == 1
    then (if parts[1] == 'hour' then 'an hour' else 'a ' + parts[1])
    else '%s %ss' % [std.toString(parts[0]), parts[1]],

  // A duration as an adjective: "2-day" (the 2-day horizon), "1-hour".
  durationAdjective(seconds)::
    local parts = durationParts(seconds);
    '%s-%s' % [std.toString(parts[0]), parts[1]],
}
