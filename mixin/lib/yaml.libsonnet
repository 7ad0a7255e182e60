// YAML text of a rule file, laid out as the hand-written rule files were: keys in the order a reader expects
// (alert, expr, for, labels, annotations), plain scalars where YAML reads them back as the same string,
// multi-line strings (the PromQL expressions) as literal blocks, other strings double-quoted.
//
// Not std.manifestYamlDoc: in jsonnet 0.18 its unquoted keys cost about 50 ms a key (22 s for the alert rules),
// its quoted keys ("alert": ...) read badly, and it sorts the keys of every rule alphabetically.
local keyOrder = [
  'name', 'interval', 'rules',
  'alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations',
  'summary', 'description', 'runbook_url',
];
// Sets as objects: std.objectHas is native, std.setMember and std.member are slow in jsonnet 0.18.
local inKeyOrder = { [key]: true for key in keyOrder };

// The characters of a plain scalar that YAML reads back as the same string: an identifier, a duration,
// a metric name like pg_partition:alert_threshold, a path.
local letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
local digits = '0123456789';
local plainChars = { [c]: true for c in std.stringChars(letters + digits + '_.:/-') };
local letterChars = { [c]: true for c in std.stringChars(letters) };
local digitChars = { [c]: true for c in std.stringChars(digits) };
// Words YAML 1.1 reads as booleans or null.
local reserved = { [word]: true for word in ['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null'] };
// The units of a Prometheus duration: 5m, 1h, 30s are plain scalars, though they start with a digit.
local durationUnits = { [unit]: true for unit in ['ms', 's', 'm', 'h', 'd', 'w', 'y'] };

local isDuration(string) =
  local number = std.length([c for c in std.stringChars(string) if std.objectHas(digitChars, c)]);
  number > 0 && std.objectHas(digitChars, string[0])
  && std.objectHas(durationUnits, std.substr(string, number, std.length(string)))
  && std.length([c for c in std.stringChars(std.substr(string, 0, number)) if !std.objectHas(digitChars, c)]) == 0;

local isPlain(string) =
  std.length(string) > 0 && std.length(string) <= 100
  && !std.endsWith(string, ':')
  && !std.objectHas(reserved, std.asciiLower(string))
  && std.length([c for c in std.stringChars(string) if !std.objectHas(plainChars, c)]) == 0
  && (std.objectHas(letterChars, string[0]) || isDuration(string));

// A string ending in one newline, without tabs or carriage returns and not starting with a space: a literal
// block (`|`) holds it exactly.
local isBlock(string) =
  std.endsWith(string, '\n') && !std.endsWith(string, '\n\n')
  && string[0] != ' '
  && std.length([c for c in std.stringChars(string) if c == '\t' || c == '\r']) == 0;

// A JSON string is a YAML double-quoted scalar; std.toString escapes natively, std.escapeStringJson is slow.
local quoted(string) = local json = std.toString([string]); std.substr(json, 1, std.length(json) - 2);

local orderedKeys(object) =
  [key for key in keyOrder if std.objectHas(object, key)]
  + [key for key in std.objectFields(object) if !std.objectHas(inKeyOrder, key)];

// The text after `key:` or `-` for `value`, whose nested lines are indented by `indent`; the three are mutually
// recursive, so one `local` binds them.
local after(value, indent) =
  if std.isObject(value) then
    if std.length(value) == 0 then ' {}' else '\n' + object(value, indent)
  else if std.isArray(value) then
    if std.length(value) == 0 then ' []' else '\n' + array(value, indent)
  else if std.isString(value) then
    if isBlock(value) then
      ' |\n' + std.join('\n', [
        if line == '' then '' else indent + line
        for line in std.split(std.substr(value, 0, std.length(value) - 1), '\n')
      ])
    else if isPlain(value) then ' ' + value
    else ' ' + quoted(value)
  // Numbers, booleans and null as JSON writes them, which YAML reads alike.
  else ' ' + std.toString(value),

object(value, indent) =
  std.join('\n', [indent + key + ':' + after(value[key], indent + '  ') for key in orderedKeys(value)]),

// Arrays are indented under their key; an object item starts on the line of its dash.
array(value, indent) =
  std.join('\n', [
    if std.isObject(item) && std.length(item) > 0 then
      local text = object(item, indent + '  ');
      indent + '- ' + std.substr(text, std.length(indent) + 2, std.length(text))
    else indent + '-' + after(item, indent + '  ')
    for item in value
  ]);

{
  // The YAML document of `value`, an object, ending with a newline.
  manifest(value):: object(value, '') + '\n',
}
