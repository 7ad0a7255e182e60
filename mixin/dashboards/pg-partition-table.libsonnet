// The table dashboard, rendered to dashboards/pg-partition-table.json. It is Grafana's JSON,
// with the fleet-wide alert thresholds, and the descriptions that quote them, taken from _config, and the per-table
// size and count thresholds read from the exporter's series (levels.libsonnet), so that its lines and colours
// match the alerts. A panel changed in Grafana is pasted back here with those references kept.
local format = import '../lib/format.libsonnet';
local levels = import 'levels.libsonnet';

{
  grafanaDashboards+:: {
    local horizon = format.durationAdjective($._config.coverageHorizonSeconds),
    local seriesLimit = std.toString($._config.dashboardSeriesLimit),

    'pg-partition-table.json':
    {
      "uid": "pg-partition-table",
      "title": "PostgreSQL partitioning / Table",
      "description": "One partitioned table from pg_partition_exporter: coverage ahead, the size, range and row estimate of every partition, and how they developed.",
      "tags": [
        "postgresql",
        "partitioning",
        "pg_partition_exporter"
      ],
      "editable": true,
      "graphTooltip": 1,
      "schemaVersion": 39,
      "version": 1,
      "time": {
        "from": "now-7d",
        "to": "now"
      },
      "timezone": "utc",
      "refresh": "1m",
      "timepicker": {},
      "fiscalYearStartMonth": 0,
      "liveNow": false,
      "weekStart": "",
      "annotations": {
        "list": [
          {
            "builtIn": 1,
            "datasource": {
              "type": "grafana",
              "uid": "-- Grafana --"
            },
            "enable": true,
            "hide": true,
            "iconColor": "rgba(0, 211, 255, 1)",
            "name": "Annotations & Alerts",
            "type": "dashboard"
          }
        ]
      },
      "links": [
        {
          "title": "Overview",
          "type": "link",
          "url": "/d/pg-partition-overview/postgresql-partitioning-overview",
          "icon": "dashboard",
          "keepTime": true,
          "includeVars": false,
          "targetBlank": false,
          "asDropdown": false,
          "tags": [],
          "tooltip": "All partitioned tables"
        }
      ],
      "templating": {
        "list": [
          {
            "name": "datasource",
            "label": "Data source",
            "type": "datasource",
            "query": "prometheus",
            "current": {},
            "hide": 0,
            "refresh": 1,
            "regex": "",
            "options": []
          },
          {
            "name": "job",
            "label": "Job",
            "type": "query",
            "datasource": {
              "type": "prometheus",
              "uid": "${datasource}"
            },
            "definition": "label_values(pg_partitioned_table_info, job)",
            "query": "label_values(pg_partitioned_table_info, job)",
            "refresh": 2,
            "sort": 1,
            "hide": 0,
            "regex": "",
            "multi": false,
            "includeAll": false,
            "current": {},
            "options": []
          },
          {
            "name": "instance",
            "label": "Instance",
            "type": "query",
            "datasource": {
              "type": "prometheus",
              "uid": "${datasource}"
            },
            "definition": "label_values(pg_partitioned_table_info{job=~\"$job\"}, instance)",
            "query": "label_values(pg_partitioned_table_info{job=~\"$job\"}, instance)",
            "refresh": 2,
            "sort": 1,
            "hide": 0,
            "regex": "",
            "multi": false,
            "includeAll": false,
            "current": {},
            "options": []
          },
          {
            "name": "datname",
            "label": "Database",
            "type": "query",
            "datasource": {
              "type": "prometheus",
              "uid": "${datasource}"
            },
            "definition": "label_values(pg_partitioned_table_info{job=~\"$job\",instance=~\"$instance\"}, datname)",
            "query": "label_values(pg_partitioned_table_info{job=~\"$job\",instance=~\"$instance\"}, datname)",
            "refresh": 2,
            "sort": 1,
            "hide": 0,
            "regex": "",
            "multi": false,
            "includeAll": false,
            "current": {},
            "options": []
          },
          {
            "name": "schemaname",
            "label": "Schema",
            "type": "query",
            "datasource": {
              "type": "prometheus",
              "uid": "${datasource}"
            },
            "definition": "label_values(pg_partitioned_table_info{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\"}, schemaname)",
            "query": "label_values(pg_partitioned_table_info{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\"}, schemaname)",
            "refresh": 2,
            "sort": 1,
            "hide": 0,
            "regex": "",
            "multi": false,
            "includeAll": false,
            "current": {},
            "options": []
          },
          {
            "name": "relname",
            "label": "Table",
            "type": "query",
            "datasource": {
              "type": "prometheus",
              "uid": "${datasource}"
            },
            "definition": "label_values(pg_partitioned_table_info{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\"}, relname)",
            "query": "label_values(pg_partitioned_table_info{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\"}, relname)",
            "refresh": 2,
            "sort": 1,
            "hide": 0,
            "regex": "",
            "multi": false,
            "includeAll": false,
            "current": {},
            "options": []
          }
        ]
      },
      "panels": [
        {
          "type": "stat",
          "title": "Coverage left",
          "description": "Time until the first instant no partition covers; 0 means the current time is not covered, +Inf a MAXVALUE partition. Red below the " + horizon + " horizon of PgPartitionCoverageEndingSoon.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_future_coverage_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "s",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "red",
                    "value": null
                  },
                  {
                    "color": "green",
                    "value": $._config.coverageHorizonSeconds
                  }
                ]
              },
              "decimals": 1
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 1,
          "gridPos": {
            "x": 0,
            "y": 0,
            "w": 4,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Missing future partitions",
          "description": "Periods among the current one and the next premake not fully covered by a partition.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_missing_future_partitions{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  },
                  {
                    "color": "orange",
                    "value": 1
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 2,
          "gridPos": {
            "x": 4,
            "y": 0,
            "w": 3,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Premake",
          "description": "Number of future periods the exporter expects to exist (its premake setting for this table; default 3).",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_premake{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "value",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 3,
          "gridPos": {
            "x": 7,
            "y": 0,
            "w": 2,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Partitions",
          "description": "Direct partitions, without the default.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_partitions{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "value",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 4,
          "gridPos": {
            "x": 9,
            "y": 0,
            "w": 3,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Gaps",
          "description": "Holes in the covered range between the oldest and the newest partition.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_gaps{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  },
                  {
                    "color": "orange",
                    "value": 1
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 5,
          "gridPos": {
            "x": 12,
            "y": 0,
            "w": 2,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Default rows",
          "description": "Rows in the default partition: counted where the exporter's role may read it, else estimated from reltuples and n_live_tup (pg_partitioned_table_default_rows_exact says which); no value when the table has no default partition.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_default_rows{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "short",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  },
                  {
                    "color": "orange",
                    "value": 1
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 6,
          "gridPos": {
            "x": 14,
            "y": 0,
            "w": 3,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Past retention",
          "description": "Partitions whose upper bound is older than now minus the retention configured in the exporter; no value when no retention is configured for this table.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_retention_overdue_partitions{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  },
                  {
                    "color": "orange",
                    "value": 1
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 7,
          "gridPos": {
            "x": 17,
            "y": 0,
            "w": 3,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Total size",
          "description": "Total on-disk size of all partitions including the default.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_total_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "bytes",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "value",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 8,
          "gridPos": {
            "x": 20,
            "y": 0,
            "w": 4,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "bargauge",
          "title": "Partitions by size",
          "description": "Current total size (table, indexes, TOAST) of each partition, largest first. The table's own PgPartitionLarge thresholds are drawn as lines in Partition size over time, and the Partitions table below gives each partition's level." + " Only the " + seriesLimit + " largest partitions are drawn (topk), so that hundreds of tables or partitions stay readable.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "sort_desc(topk(" + seriesLimit + ", pg_partition_total_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}))",
              "editorMode": "code",
              "legendFormat": "{{partition}}",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "bytes",
              "min": 0,
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "orientation": "horizontal",
            "displayMode": "basic",
            "showUnfilled": true,
            "valueMode": "color",
            "namePlacement": "left",
            "sizing": "auto",
            "minVizHeight": 16,
            "maxVizHeight": 24,
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            }
          },
          "id": 9,
          "gridPos": {
            "x": 0,
            "y": 4,
            "w": 10,
            "h": 12
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Partition size over time",
          "description": "Total size of each partition over time, with the table's own PgPartitionLarge thresholds (the exporter's pg_partitioned_table_partition_size_threshold_bytes, set per table in its configuration) drawn as dashed lines: info blue, warning orange, critical red." + " Only the " + seriesLimit + " largest partitions are drawn (topk), so that hundreds of tables or partitions stay readable.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "topk(" + seriesLimit + ", pg_partition_total_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"})",
              "editorMode": "code",
              "legendFormat": "{{partition}}",
              "range": true,
              "instant": false
            },
            levels.thresholdTarget("B", "pg_partitioned_table_partition_size_threshold_bytes")
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "bytes",
              "custom": {
                "drawStyle": "line",
                "lineWidth": 1,
                "fillOpacity": 10,
                "showPoints": "never",
                "spanNulls": false,
                "axisSoftMin": 0,
                "thresholdsStyle": {
                  "mode": "off"
                }
              },
              "color": {
                "mode": "palette-classic"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  }
                ]
              }
            },
            "overrides": levels.thresholdOverrides
          },
          "options": {
            "legend": {
              "displayMode": "table",
              "placement": "right",
              "calcs": [
                "lastNotNull",
                "max"
              ],
              "showLegend": true
            },
            "tooltip": {
              "mode": "multi",
              "sort": "desc"
            }
          },
          "id": 10,
          "gridPos": {
            "x": 10,
            "y": 4,
            "w": 14,
            "h": 12
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Coverage left",
          "description": "Seconds of future time covered by partitions. A healthy table shows a sawtooth: falling steadily, jumping up when the maintenance job creates partitions. The red line is the " + horizon + " paging horizon.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_future_coverage_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} < +Inf",
              "editorMode": "code",
              "legendFormat": "coverage left",
              "range": true,
              "instant": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "s",
              "custom": {
                "drawStyle": "line",
                "lineWidth": 1,
                "fillOpacity": 10,
                "showPoints": "never",
                "spanNulls": false,
                "axisSoftMin": 0,
                "thresholdsStyle": {
                  "mode": "line"
                }
              },
              "color": {
                "mode": "palette-classic"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "red",
                    "value": null
                  },
                  {
                    "color": "transparent",
                    "value": $._config.coverageHorizonSeconds
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "legend": {
              "displayMode": "table",
              "placement": "right",
              "calcs": [
                "lastNotNull",
                "min"
              ],
              "showLegend": true
            },
            "tooltip": {
              "mode": "multi",
              "sort": "desc"
            }
          },
          "id": 11,
          "gridPos": {
            "x": 0,
            "y": 16,
            "w": 12,
            "h": 9
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Covered range",
          "description": "Start of the oldest and end of the newest partition over time: the end should stay ahead of now, the start should follow retention.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_range_start_timestamp_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} * 1000",
              "editorMode": "code",
              "legendFormat": "oldest partition starts",
              "range": true,
              "instant": false
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "B",
              "expr": "pg_partitioned_table_range_end_timestamp_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} * 1000 < +Inf",
              "editorMode": "code",
              "legendFormat": "newest partition ends",
              "range": true,
              "instant": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "dateTimeAsIso",
              "custom": {
                "drawStyle": "line",
                "lineWidth": 1,
                "fillOpacity": 10,
                "showPoints": "never",
                "spanNulls": false,
                "axisSoftMin": 0
              },
              "color": {
                "mode": "palette-classic"
              }
            },
            "overrides": []
          },
          "options": {
            "legend": {
              "displayMode": "table",
              "placement": "right",
              "calcs": [
                "lastNotNull"
              ],
              "showLegend": true
            },
            "tooltip": {
              "mode": "multi",
              "sort": "desc"
            }
          },
          "id": 12,
          "gridPos": {
            "x": 12,
            "y": 16,
            "w": 12,
            "h": 9
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "table",
          "title": "Partitions",
          "description": "Each partition with its time range (for time-partitioned tables), estimated rows (pg_class.reltuples, -1 before the first ANALYZE), and table, index and total size. Sorted by range start.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partition_range_start_timestamp_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} * 1000",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "B",
              "expr": "pg_partition_range_end_timestamp_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} * 1000",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "C",
              "expr": "pg_partition_estimated_rows{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "D",
              "expr": "pg_partition_table_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "E",
              "expr": "pg_partition_index_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "F",
              "expr": "pg_partition_total_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "G",
              "expr": levels.partitionSizeLevel,
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            }
          ],
          "transformations": [
            {
              "id": "merge",
              "options": {}
            },
            {
              "id": "organize",
              "options": {
                "excludeByName": {
                  "Time": true,
                  "__name__": true,
                  "job": true,
                  "instance": true,
                  "datname": true,
                  "schemaname": true,
                  "relname": true
                },
                "indexByName": {
                  "partition": 0,
                  "Value #A": 1,
                  "Value #B": 2,
                  "Value #C": 3,
                  "Value #D": 4,
                  "Value #E": 5,
                  "Value #F": 6,
                  "Value #G": 7
                },
                "renameByName": {
                  "partition": "Partition",
                  "Value #A": "From",
                  "Value #B": "To",
                  "Value #C": "Estimated rows",
                  "Value #D": "Table",
                  "Value #E": "Indexes",
                  "Value #F": "Total",
                  "Value #G": "Size level"
                }
              }
            },
            {
              "id": "sortBy",
              "options": {
                "sort": [
                  {
                    "field": "From",
                    "desc": true
                  }
                ]
              }
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
              "custom": {
                "align": "auto",
                "cellOptions": {
                  "type": "auto"
                },
                "filterable": true
              },
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  }
                ]
              }
            },
            "overrides": [
              {
                "matcher": {
                  "id": "byName",
                  "options": "From"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "dateTimeAsIso"
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "To"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "dateTimeAsIso"
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Estimated rows"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "short"
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Table"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "bytes"
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Indexes"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "bytes"
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Total"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "bytes"
                  }
                ]
              },
              levels.levelOverride("Size level", ["info", "warning", "critical"], ["blue", "orange", "red"])
            ]
          },
          "options": {
            "showHeader": true,
            "cellHeight": "sm",
            "footer": {
              "show": true,
              "reducer": [
                "sum"
              ],
              "fields": [
                "Estimated rows",
                "Table",
                "Indexes",
                "Total"
              ]
            }
          },
          "id": 13,
          "gridPos": {
            "x": 0,
            "y": 25,
            "w": 14,
            "h": 12
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Estimated rows per partition",
          "description": "pg_class.reltuples of each partition over time: the current partition should grow, older ones stay flat until dropped." + " Only the " + seriesLimit + " partitions with the most rows are drawn (topk), so that hundreds of tables or partitions stay readable.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "topk(" + seriesLimit + ", pg_partition_estimated_rows{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} >= 0)",
              "editorMode": "code",
              "legendFormat": "{{partition}}",
              "range": true,
              "instant": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "short",
              "custom": {
                "drawStyle": "line",
                "lineWidth": 1,
                "fillOpacity": 10,
                "showPoints": "never",
                "spanNulls": false,
                "axisSoftMin": 0
              },
              "color": {
                "mode": "palette-classic"
              }
            },
            "overrides": []
          },
          "options": {
            "legend": {
              "displayMode": "table",
              "placement": "right",
              "calcs": [
                "lastNotNull",
                "max"
              ],
              "showLegend": true
            },
            "tooltip": {
              "mode": "multi",
              "sort": "desc"
            }
          },
          "id": 14,
          "gridPos": {
            "x": 14,
            "y": 25,
            "w": 10,
            "h": 12
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "row",
          "title": "Maintenance (pg_partman, pg_cron)",
          "collapsed": false,
          "panels": [],
          "id": 15,
          "gridPos": {
            "x": 0,
            "y": 37,
            "w": 24,
            "h": 1
          }
        },
        {
          "type": "table",
          "title": "pg_partman settings",
          "description": "This table's row of pg_partman's part_config (pg_partman_table_info): the interval and whether run_maintenance() handles it (automatic_maintenance). Since last maintenance comes from part_config.maintenance_last_run, which pg_partman records from 5.1 on; empty before. No row: the table is not managed by pg_partman, or the exporter's role lacks the grants (see the README).",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partman_table_info{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "B",
              "expr": "time() - pg_partman_maintenance_last_run_timestamp_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            }
          ],
          "transformations": [
            {
              "id": "merge",
              "options": {}
            },
            {
              "id": "organize",
              "options": {
                "excludeByName": {
                  "Time": true,
                  "__name__": true,
                  "job": true,
                  "instance": true,
                  "datname": true,
                  "schemaname": true,
                  "relname": true,
                  "Value #A": true
                },
                "indexByName": {
                  "partition_interval": 0,
                  "automatic_maintenance": 1,
                  "infinite_time_partitions": 2,
                  "retention_keep_table": 3,
                  "Value #B": 4
                },
                "renameByName": {
                  "partition_interval": "Interval",
                  "automatic_maintenance": "Automatic maintenance",
                  "infinite_time_partitions": "Infinite time partitions",
                  "retention_keep_table": "Keep dropped tables",
                  "Value #B": "Since last maintenance"
                }
              }
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
              "custom": {
                "align": "auto",
                "cellOptions": {
                  "type": "auto"
                }
              }
            },
            "overrides": [
              {
                "matcher": {
                  "id": "byName",
                  "options": "Since last maintenance"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "s"
                  }
                ]
              }
            ]
          },
          "options": {
            "showHeader": true,
            "cellHeight": "sm"
          },
          "id": 16,
          "gridPos": {
            "x": 0,
            "y": 38,
            "w": 10,
            "h": 6
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "table",
          "title": "pg_cron jobs running in this database",
          "description": "Every pg_cron job whose target database (cron.job.database) is this table's: how its last finished run ended, and how long ago it last succeeded and last started. A failed run's reason is in cron.job_run_details.return_message (runbook: maintenance jobs). Jobs that never ran have no status.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_cron_job_info{job=~\"$job\",instance=~\"$instance\",database=~\"$datname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "B",
              "expr": "pg_cron_job_last_run_succeeded{job=~\"$job\",instance=~\"$instance\"} * on(instance, datname, jobid) group_left() pg_cron_job_info{job=~\"$job\",instance=~\"$instance\",database=~\"$datname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "C",
              "expr": "time() - pg_cron_job_last_success_timestamp_seconds{job=~\"$job\",instance=~\"$instance\"} * on(instance, datname, jobid) group_left() pg_cron_job_info{job=~\"$job\",instance=~\"$instance\",database=~\"$datname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "D",
              "expr": "time() - pg_cron_job_last_run_start_timestamp_seconds{job=~\"$job\",instance=~\"$instance\"} * on(instance, datname, jobid) group_left() pg_cron_job_info{job=~\"$job\",instance=~\"$instance\",database=~\"$datname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            }
          ],
          "transformations": [
            {
              "id": "merge",
              "options": {}
            },
            {
              "id": "organize",
              "options": {
                "excludeByName": {
                  "Time": true,
                  "__name__": true,
                  "job": true,
                  "instance": true,
                  "datname": true,
                  "jobid": true,
                  "database": true,
                  "username": true,
                  "Value #A": true
                },
                "indexByName": {
                  "jobname": 0,
                  "schedule": 1,
                  "active": 2,
                  "Value #B": 3,
                  "Value #C": 4,
                  "Value #D": 5
                },
                "renameByName": {
                  "jobname": "Job",
                  "schedule": "Schedule",
                  "active": "Active",
                  "Value #B": "Last run",
                  "Value #C": "Since last success",
                  "Value #D": "Since last start"
                }
              }
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
              "custom": {
                "align": "auto",
                "cellOptions": {
                  "type": "auto"
                }
              }
            },
            "overrides": [
              {
                "matcher": {
                  "id": "byName",
                  "options": "Last run"
                },
                "properties": [
                  {
                    "id": "mappings",
                    "value": [
                      {
                        "type": "value",
                        "options": {
                          "0": {
                            "text": "failed",
                            "color": "red",
                            "index": 0
                          },
                          "1": {
                            "text": "succeeded",
                            "color": "green",
                            "index": 1
                          }
                        }
                      }
                    ]
                  },
                  {
                    "id": "custom.cellOptions",
                    "value": {
                      "type": "color-background"
                    }
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Since last success"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "s"
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Since last start"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "s"
                  }
                ]
              }
            ]
          },
          "options": {
            "showHeader": true,
            "cellHeight": "sm"
          },
          "id": 17,
          "gridPos": {
            "x": 10,
            "y": 38,
            "w": 14,
            "h": 6
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "row",
          "title": "Planner statistics, settings and retention floor",
          "collapsed": false,
          "panels": [],
          "id": 18,
          "gridPos": {
            "x": 0,
            "y": 44,
            "w": 24,
            "h": 1
          }
        },
        {
          "type": "stat",
          "title": "Parent analyzed",
          "description": "Time since the partitioned parent was last analyzed (pg_partitioned_table_last_analyze_timestamp_seconds); autovacuum never analyzes parents. Decades mean never. Orange past the alert threshold (parent_analyze_max_age_seconds, PgPartitionParentStatisticsStale).",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "time() - pg_partitioned_table_last_analyze_timestamp_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "s",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  },
                  {
                    "color": "orange",
                    "value": $._config.parentAnalyzeMaxAgeSeconds
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 19,
          "gridPos": {
            "x": 0,
            "y": 45,
            "w": 4,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Rows changed since",
          "description": "Rows inserted, updated or deleted in the partitions since each was last analyzed (pg_partitioned_table_rows_modified_since_analyze).",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_rows_modified_since_analyze{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "short",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 20,
          "gridPos": {
            "x": 4,
            "y": 45,
            "w": 4,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Partitions autoanalyzed since",
          "description": "Partitions autovacuum analyzed after the parent's last ANALYZE: their data changed, the parent's statistics did not follow (pg_partitioned_table_partitions_autoanalyzed_since_parent).",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_partitions_autoanalyzed_since_parent{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "short",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  },
                  {
                    "color": "orange",
                    "value": 1
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 21,
          "gridPos": {
            "x": 8,
            "y": 45,
            "w": 4,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Never-analyzed partitions",
          "description": "Partitions holding rows that were never analyzed (pg_partitioned_table_never_analyzed_partitions); autovacuum gets to them once enough rows changed.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_never_analyzed_partitions{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "short",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  },
                  {
                    "color": "orange",
                    "value": 1
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 22,
          "gridPos": {
            "x": 12,
            "y": 45,
            "w": 4,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "stat",
          "title": "Retention below floor",
          "description": "1 when the retention in effect (usually pg_partman's part_config.retention) is shorter than the table's min_retention (pg_partitioned_table_retention_below_minimum, PgPartitionRetentionBelowMinimum); no value without a min_retention.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_retention_below_minimum{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
              "color": {
                "mode": "thresholds"
              },
              "thresholds": {
                "mode": "absolute",
                "steps": [
                  {
                    "color": "green",
                    "value": null
                  },
                  {
                    "color": "red",
                    "value": 1
                  }
                ]
              }
            },
            "overrides": []
          },
          "options": {
            "reduceOptions": {
              "calcs": [
                "lastNotNull"
              ],
              "fields": "",
              "values": false
            },
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
            "justifyMode": "auto",
            "orientation": "auto"
          },
          "id": 23,
          "gridPos": {
            "x": 16,
            "y": 45,
            "w": 4,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Oldest data against the retention floor",
          "description": "Where the table's data starts (lower bound of the oldest partition) and the floor that min_retention sets (now minus min_retention). The start must stay at or before the floor; a step forward past it is PgPartitionDroppedInsideMinimumRetention.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "editorMode": "code",
              "range": true,
              "instant": false,
              "legendFormat": "oldest data",
              "expr": "pg_partitioned_table_range_start_timestamp_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} * 1000"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "B",
              "editorMode": "code",
              "range": true,
              "instant": false,
              "legendFormat": "floor (now - min_retention)",
              "expr": "pg_partitioned_table_retention_floor_timestamp_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} * 1000"
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "dateTimeAsIso",
              "custom": {
                "drawStyle": "line",
                "lineWidth": 2
              }
            },
            "overrides": []
          },
          "options": {
            "legend": {
              "displayMode": "list",
              "placement": "bottom"
            },
            "tooltip": {
              "mode": "multi"
            }
          },
          "id": 24,
          "gridPos": {
            "x": 0,
            "y": 49,
            "w": 12,
            "h": 8
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "table",
          "title": "Planner settings in this database",
          "description": "The settings partitioning depends on as the exporter's sessions get them, with their source (pg_partitioning_setting_info), and every ALTER DATABASE/ROLE ... SET of them that applies in this database (pg_partitioning_setting_override_info; an empty database or role means all). enable_partition_pruning off anywhere is PgPartitionPruningDisabled.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioning_setting_info{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "B",
              "expr": "pg_partitioning_setting_override_info{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            }
          ],
          "transformations": [
            {
              "id": "merge",
              "options": {}
            },
            {
              "id": "organize",
              "options": {
                "excludeByName": {
                  "Time": true,
                  "__name__": true,
                  "job": true,
                  "instance": true,
                  "datname": true,
                  "Value #A": true,
                  "Value #B": true
                },
                "indexByName": {
                  "name": 0,
                  "setting": 1,
                  "source": 2,
                  "database": 3,
                  "role": 4
                },
                "renameByName": {
                  "name": "Setting",
                  "setting": "Value",
                  "source": "Source",
                  "database": "Override for database",
                  "role": "Override for role"
                }
              }
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
              "custom": {
                "align": "auto",
                "cellOptions": {
                  "type": "auto"
                }
              }
            },
            "overrides": []
          },
          "options": {
            "showHeader": true,
            "cellHeight": "sm"
          },
          "id": 25,
          "gridPos": {
            "x": 12,
            "y": 49,
            "w": 12,
            "h": 8
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        }
      ]
    },
  },
}
