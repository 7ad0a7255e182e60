// The Prometheus rule files of the mixin as YAML text, keyed by their file name in alerts/: what
// `jsonnet -S -m alerts mixin/rule-files.jsonnet` (scripts/mixin.sh) writes. Pass another mixin, e.g. one with
// overrides, as the top-level argument: --tla-code 'mixin=(import "mixin.libsonnet") + { _config+:: {...} }'.
function(mixin=import 'mixin.libsonnet')
  local header(source) =
    '# Generated from mixin/ by scripts/mixin.sh: do not edit by hand. Change mixin/ (every threshold is in\n'
    + '# _config, mixin/config.libsonnet) and run scripts/mixin.sh. The comments explaining these rules are in\n'
    + '# mixin/%s.\n' % source;
  local yaml(value) = (import 'lib/yaml.libsonnet').manifest(value);
  {
    'pg-partition-alerts.yml': header('alerts.libsonnet') + yaml(mixin.prometheusAlerts),
    'thresholds.yml': header('rules.libsonnet') + yaml(mixin.prometheusRules),
  }
