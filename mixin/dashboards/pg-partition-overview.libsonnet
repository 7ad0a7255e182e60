// The overview dashboard, rendered to dashboards/pg-partition-overview.json. It is Grafana's JSON,
// with the fleet-wide alert thresholds, and the descriptions that quote them, taken from _config, and the per-table
// size and count thresholds read from the exporter's series (levels.libsonnet), so that its lines and colours
// match the alerts. A panel changed in Grafana is pasted back here with those references kept.
local format = import '../lib/format.libsonnet';
local levels = import 'levels.libsonnet';

{
  grafanaDashboards+:: {
    local horizon = format.durationAdjective($._config.coverageHorizonSeconds),
    local seriesLimit = std.toString($._config.dashboardSeriesLimit),

    'pg-partition-overview.json':
    {
      "uid": "pg-partition-overview",
      "title": "PostgreSQL partitioning / Overview",
      "description": "Every partitioned table reported by pg_partition_exporter: coverage ahead, missing and overdue partitions, sizes, default-partition rows, and the exporter's health.",
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
          "title": "Table drill-down",
          "type": "link",
          "url": "/d/pg-partition-table/postgresql-partitioned-table",
          "icon": "dashboard",
          "keepTime": true,
          "includeVars": true,
          "targetBlank": false,
          "asDropdown": false,
          "tags": [],
          "tooltip": "Partitions of one table"
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
            "multi": true,
            "includeAll": true,
            "current": {},
            "options": [],
            "allValue": ".*"
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
            "multi": true,
            "includeAll": true,
            "current": {},
            "options": [],
            "allValue": ".*"
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
            "multi": true,
            "includeAll": true,
            "current": {},
            "options": [],
            "allValue": ".*"
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
            "multi": true,
            "includeAll": true,
            "current": {},
            "options": [],
            "allValue": ".*"
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
            "multi": true,
            "includeAll": true,
            "current": {},
            "options": [],
            "allValue": ".*"
          }
        ]
      },
      "panels": [
        {
          "type": "stat",
          "title": "Partitioned tables",
          "description": "Partitioned root tables the exporter reports for the selected job, instance, database, schema and table.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "count(pg_partitioned_table_info{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"})",
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
          "title": "Tables not covering now",
          "description": "Time-range tables with no partition for the current time: inserts of current rows fail or land in the default partition (alert PgPartitionCoverageExhausted). Archive and quiet pg_partman tables (pg_partitioned_table_coverage_expected 0) are left out, as the alert leaves them. No data (rather than 0) means no table series: the exporter is not scraped or cannot read the catalog.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "count((pg_partitioned_table_future_coverage_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} == 0) unless on(job, instance, datname, schemaname, relname) pg_partitioned_table_coverage_expected{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} == 0) or 0 * count(pg_partitioned_table_future_coverage_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"})",
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
          "id": 2,
          "gridPos": {
            "x": 4,
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
          "description": "Sum over the tables of the periods among the current one and the next premake that no partition fully covers (alert PgPartitionFuturePartitionsMissing). No data (rather than 0) means no table series: the exporter is not scraped or cannot read the catalog.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "sum(pg_partitioned_table_missing_future_partitions{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"})",
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
          "id": 3,
          "gridPos": {
            "x": 8,
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
          "title": "Rows in default partitions",
          "description": "Rows in the default partitions of the selected tables (counted where the exporter may read them, else estimated: pg_partitioned_table_default_rows_exact): rows no partition matches (alert PgPartitionDefaultPartitionHasRows). No data (rather than 0) means no table series: the exporter is not scraped or cannot read the catalog.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "sum(pg_partitioned_table_default_rows{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"})",
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
          "id": 4,
          "gridPos": {
            "x": 12,
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
          "title": "Partitions past retention",
          "description": "Partitions whose upper bound is older than now minus the retention configured in the exporter (alert PgPartitionRetentionOverdue). No data (rather than 0) means no table series: the exporter is not scraped or cannot read the catalog.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "sum(pg_partitioned_table_retention_overdue_partitions{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"})",
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
            "x": 16,
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
          "title": "Total size",
          "description": "Total on-disk size (tables, indexes, TOAST) of all partitions, including default partitions, of the selected tables.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "sum(pg_partitioned_table_total_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"})",
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
          "id": 6,
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
          "type": "table",
          "title": "Partitioned tables",
          "description": "One row per partitioned table: how far ahead its partitions cover, periods missing within the premake horizon, partitions past retention, gaps, rows in the default partition, partition count and sizes. Coverage is red below the " + horizon + " paging horizon and empty for tables not partitioned by time; +Inf means a MAXVALUE partition. Size level and Count level name the highest of the table's own thresholds (the exporter's threshold series, set per table in its configuration) that its largest partition, and its partition count beyond what its policy implies, exceed, as PgPartitionLarge and PgPartitionCountHigh compare. Click a table name for its drill-down.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioned_table_info{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
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
              "expr": "pg_partitioned_table_future_coverage_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
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
              "expr": "pg_partitioned_table_missing_future_partitions{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
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
              "expr": "pg_partitioned_table_retention_overdue_partitions{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
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
              "expr": "pg_partitioned_table_gaps{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
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
              "expr": "pg_partitioned_table_default_rows{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
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
              "expr": "pg_partitioned_table_partitions{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
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
              "refId": "H",
              "expr": "pg_partitioned_table_total_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
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
              "refId": "I",
              "expr": "pg_partitioned_table_largest_partition_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            },
            // The levels the table's own thresholds (the exporter's series) put it at: how many of them the
            // largest partition, or the partition count above the policy, exceeds. 0 when none.
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "J",
              "expr": levels.sizeLevel,
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
              "refId": "K",
              "expr": levels.countLevel,
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
                  "Value #A": true
                },
                "indexByName": {
                  "instance": 0,
                  "datname": 1,
                  "schemaname": 2,
                  "relname": 3,
                  "strategy": 4,
                  "key": 5,
                  "interval": 6,
                  "Value #B": 7,
                  "Value #C": 8,
                  "Value #D": 9,
                  "Value #E": 10,
                  "Value #F": 11,
                  "Value #G": 12,
                  "Value #H": 13,
                  "Value #I": 14,
                  "Value #J": 15,
                  "Value #K": 16
                },
                "renameByName": {
                  "Value #B": "Coverage left",
                  "Value #C": "Missing future",
                  "Value #D": "Past retention",
                  "Value #E": "Gaps",
                  "Value #F": "Default rows",
                  "Value #G": "Partitions",
                  "Value #H": "Total size",
                  "Value #I": "Largest partition",
                  "Value #J": "Size level",
                  "Value #K": "Count level"
                }
              }
            },
            {
              "id": "sortBy",
              "options": {
                "sort": [
                  {
                    "field": "Coverage left",
                    "desc": false
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
                  "options": "Coverage left"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "s"
                  },
                  {
                    "id": "decimals",
                    "value": 1
                  },
                  {
                    "id": "thresholds",
                    "value": {
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
                    }
                  },
                  {
                    "id": "custom.cellOptions",
                    "value": {
                      "type": "color-background",
                      "mode": "basic"
                    }
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Missing future"
                },
                "properties": [
                  {
                    "id": "thresholds",
                    "value": {
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
                  {
                    "id": "custom.cellOptions",
                    "value": {
                      "type": "color-background",
                      "mode": "basic"
                    }
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Past retention"
                },
                "properties": [
                  {
                    "id": "thresholds",
                    "value": {
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
                  {
                    "id": "custom.cellOptions",
                    "value": {
                      "type": "color-background",
                      "mode": "basic"
                    }
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Gaps"
                },
                "properties": [
                  {
                    "id": "thresholds",
                    "value": {
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
                  {
                    "id": "custom.cellOptions",
                    "value": {
                      "type": "color-background",
                      "mode": "basic"
                    }
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Default rows"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "short"
                  },
                  {
                    "id": "thresholds",
                    "value": {
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
                  {
                    "id": "custom.cellOptions",
                    "value": {
                      "type": "color-background",
                      "mode": "basic"
                    }
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "Total size"
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
                  "options": "Largest partition"
                },
                "properties": [
                  {
                    "id": "unit",
                    "value": "bytes"
                  }
                ]
              },
              levels.levelOverride("Size level", ["info", "warning", "critical"], ["blue", "orange", "red"]),
              levels.levelOverride("Count level", ["warning", "critical"], ["orange", "red"]),
              {
                "matcher": {
                  "id": "byName",
                  "options": "relname"
                },
                "properties": [
                  {
                    "id": "links",
                    "value": [
                      {
                        "title": "Open the table's drill-down",
                        "url": "/d/pg-partition-table/postgresql-partitioned-table?${__url_time_range}&${datasource:queryparam}&var-job=${__data.fields.job}&var-instance=${__data.fields.instance}&var-datname=${__data.fields.datname}&var-schemaname=${__data.fields.schemaname}&var-relname=${__value.raw}"
                      }
                    ]
                  }
                ]
              },
              {
                "matcher": {
                  "id": "byName",
                  "options": "job"
                },
                "properties": [
                  {
                    "id": "custom.hidden",
                    "value": true
                  }
                ]
              }
            ]
          },
          "options": {
            "showHeader": true,
            "cellHeight": "sm",
            "footer": {
              "show": false,
              "reducer": [
                "sum"
              ],
              "fields": ""
            }
          },
          "id": 7,
          "gridPos": {
            "x": 0,
            "y": 4,
            "w": 24,
            "h": 10
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Total size by table",
          "description": "Total on-disk size of each partitioned table (all partitions and the default), to spot growth trends and retention drops." + " Only the " + seriesLimit + " largest tables are drawn (topk), so that hundreds of tables or partitions stay readable.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "topk(" + seriesLimit + ", sum by (instance, datname, schemaname, relname) (pg_partitioned_table_total_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"}))",
              "editorMode": "code",
              "legendFormat": "{{datname}} {{schemaname}}.{{relname}} ({{instance}})",
              "range": true,
              "instant": false
            }
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
          "id": 8,
          "gridPos": {
            "x": 0,
            "y": 14,
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
          "title": "Largest partition by table",
          "description": "Size of each table's largest partition. Each table has its own PgPartitionLarge thresholds; the table above says which one a table exceeds, and the drill-down draws them." + " Only the " + seriesLimit + " tables with the largest partitions are drawn (topk), so that hundreds of tables or partitions stay readable.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "topk(" + seriesLimit + ", pg_partitioned_table_largest_partition_bytes{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"})",
              "editorMode": "code",
              "legendFormat": "{{datname}} {{schemaname}}.{{relname}} ({{instance}})",
              "range": true,
              "instant": false
            }
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
          "id": 9,
          "gridPos": {
            "x": 12,
            "y": 14,
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
          "title": "Coverage left by table",
          "description": "Seconds until the first instant no partition covers, per time-partitioned table; tables covered forever by a MAXVALUE partition are left out. The red line is the " + horizon + " horizon of PgPartitionCoverageEndingSoon." + " Only the " + seriesLimit + " tables with the least coverage left are drawn (bottomk), so that hundreds of tables or partitions stay readable.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "bottomk(" + seriesLimit + ", pg_partitioned_table_future_coverage_seconds{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"} < +Inf)",
              "editorMode": "code",
              "legendFormat": "{{datname}} {{schemaname}}.{{relname}} ({{instance}})",
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
          "id": 10,
          "gridPos": {
            "x": 0,
            "y": 23,
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
          "title": "Partition count by table",
          "description": "Direct partitions per table, without the default. PgPartitionCountHigh compares each table with its own thresholds and with what its retention and premake imply; the table above shows the level, the drill-down the thresholds." + " Only the " + seriesLimit + " tables with the most partitions are drawn (topk), so that hundreds of tables or partitions stay readable.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "topk(" + seriesLimit + ", pg_partitioned_table_partitions{job=~\"$job\",instance=~\"$instance\",datname=~\"$datname\",schemaname=~\"$schemaname\",relname=~\"$relname\"})",
              "editorMode": "code",
              "legendFormat": "{{datname}} {{schemaname}}.{{relname}} ({{instance}})",
              "range": true,
              "instant": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
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
                    "color": "transparent",
                    "value": null
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
                "max"
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
            "x": 12,
            "y": 23,
            "w": 12,
            "h": 9
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "row",
          "title": "Exporter health",
          "collapsed": false,
          "panels": [],
          "id": 12,
          "gridPos": {
            "x": 0,
            "y": 32,
            "w": 24,
            "h": 1
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Exporter up",
          "description": "up: Prometheus could scrape the exporter (alert PgPartitionExporterDown). pg_partition_exporter_up: the exporter's last collection could read the PostgreSQL catalog (alert PgPartitionExporterCollectionFailed).",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "up{job=~\"$job\",instance=~\"$instance\"}",
              "editorMode": "code",
              "legendFormat": "scraped {{instance}}",
              "range": true,
              "instant": false
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "B",
              "expr": "pg_partition_exporter_up{job=~\"$job\",instance=~\"$instance\"}",
              "editorMode": "code",
              "legendFormat": "catalog read {{instance}}",
              "range": true,
              "instant": false
            }
          ],
          "fieldConfig": {
            "defaults": {
              "unit": "none",
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
                "min"
              ],
              "showLegend": true
            },
            "tooltip": {
              "mode": "multi",
              "sort": "desc"
            }
          },
          "id": 13,
          "gridPos": {
            "x": 0,
            "y": 33,
            "w": 8,
            "h": 8
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Scrape duration",
          "description": "How long the exporter's collection took, per scrape. A duration close to the scrape timeout precedes failed scrapes.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partition_exporter_scrape_duration_seconds{job=~\"$job\",instance=~\"$instance\"}",
              "editorMode": "code",
              "legendFormat": "{{instance}}",
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
            "x": 8,
            "y": 33,
            "w": 8,
            "h": 8
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Scrape errors",
          "description": "Failed collections per second, from pg_partition_exporter_scrape_errors_total (alert PgPartitionExporterScrapeErrors when they persist for an hour).",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "rate(pg_partition_exporter_scrape_errors_total{job=~\"$job\",instance=~\"$instance\"}[$__rate_interval])",
              "editorMode": "code",
              "legendFormat": "{{instance}}",
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
          "id": 15,
          "gridPos": {
            "x": 16,
            "y": 33,
            "w": 8,
            "h": 8
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Age of the oldest served size",
          "description": "Seconds since the oldest partition size served was measured. Sizes are measured again when PostgreSQL records a change and at the latest after the exporter's --sizes.max-age (5m by default); a line above it means a partition could not be measured (held under a lock, or the size query failing: see the next panel).",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partition_exporter_size_age_seconds{job=~\"$job\",instance=~\"$instance\"}",
              "editorMode": "code",
              "legendFormat": "{{instance}} {{datname}}",
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
          "id": 20,
          "gridPos": {
            "x": 0,
            "y": 41,
            "w": 12,
            "h": 8
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "timeseries",
          "title": "Partitions served with old sizes",
          "description": "Leaf partitions whose size the last collection could not read because an ACCESS EXCLUSIVE lock held or awaited them (alert PgPartitionExporterStaleSizes when it lasts an hour), and size queries that failed for another reason, per second (alert PgPartitionExporterSizeErrors).",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partition_exporter_stale_size_partitions{job=~\"$job\",instance=~\"$instance\"}",
              "editorMode": "code",
              "legendFormat": "{{instance}} {{datname}} locked",
              "range": true,
              "instant": false
            },
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "B",
              "expr": "rate(pg_partition_exporter_size_errors_total{job=~\"$job\",instance=~\"$instance\"}[$__rate_interval])",
              "editorMode": "code",
              "legendFormat": "{{instance}} {{datname}} failed reads/s",
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
          "id": 21,
          "gridPos": {
            "x": 12,
            "y": 41,
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
          "title": "Exporter build",
          "description": "Version information from pg_partition_exporter_build_info, one row per exporter instance.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partition_exporter_build_info{job=~\"$job\",instance=~\"$instance\"}",
              "editorMode": "code",
              "instant": true,
              "range": false,
              "format": "table"
            }
          ],
          "transformations": [
            {
              "id": "organize",
              "options": {
                "excludeByName": {
                  "Time": true,
                  "Value": true,
                  "__name__": true
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
          "id": 16,
          "gridPos": {
            "x": 0,
            "y": 49,
            "w": 24,
            "h": 4
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "table",
          "title": "Collectors",
          "description": "Per database and collector (partitions, partman, cron): whether its last collection read its source (pg_partition_exporter_collector_success) and how long it took. A failed partman or cron collector usually lacks a grant: the exporter's log names it. A collector whose extension is not installed in a database has no row.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partition_exporter_collector_success{job=~\"$job\",instance=~\"$instance\"}",
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
              "expr": "pg_partition_exporter_collector_duration_seconds{job=~\"$job\",instance=~\"$instance\"}",
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
                  "instance": true
                },
                "indexByName": {
                  "datname": 0,
                  "collector": 1,
                  "Value #A": 2,
                  "Value #B": 3
                },
                "renameByName": {
                  "datname": "Database",
                  "collector": "Collector",
                  "Value #A": "Last collection",
                  "Value #B": "Duration"
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
                  "options": "Last collection"
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
                  "options": "Duration"
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
            "x": 0,
            "y": 53,
            "w": 10,
            "h": 8
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "table",
          "title": "Maintenance jobs (pg_cron)",
          "description": "Every pg_cron job of the selected instances: where it runs, how its last finished run ended and how long ago it last succeeded. The partition maintenance (pg_partman's run_maintenance_proc, or a job calling your own function) is usually one of them.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_cron_job_info{job=~\"$job\",instance=~\"$instance\"}",
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
              "expr": "pg_cron_job_last_run_succeeded{job=~\"$job\",instance=~\"$instance\"}",
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
              "expr": "time() - pg_cron_job_last_success_timestamp_seconds{job=~\"$job\",instance=~\"$instance\"}",
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
                  "jobid": true,
                  "username": true,
                  "Value #A": true
                },
                "indexByName": {
                  "datname": 0,
                  "jobname": 1,
                  "database": 2,
                  "schedule": 3,
                  "active": 4,
                  "Value #B": 5,
                  "Value #C": 6
                },
                "renameByName": {
                  "datname": "pg_cron in",
                  "jobname": "Job",
                  "database": "Runs in",
                  "schedule": "Schedule",
                  "active": "Active",
                  "Value #B": "Last run",
                  "Value #C": "Since last success"
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
              }
            ]
          },
          "options": {
            "showHeader": true,
            "cellHeight": "sm"
          },
          "id": 18,
          "gridPos": {
            "x": 10,
            "y": 53,
            "w": 14,
            "h": 8
          },
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          }
        },
        {
          "type": "table",
          "title": "Planner setting overrides",
          "description": "Every ALTER DATABASE/ROLE ... SET of enable_partition_pruning, constraint_exclusion and the partition-wise settings (pg_partitioning_setting_override_info), per watched database; an empty database or role means all. A session's own SHOW does not reveal what other roles get.",
          "targets": [
            {
              "datasource": {
                "type": "prometheus",
                "uid": "${datasource}"
              },
              "refId": "A",
              "expr": "pg_partitioning_setting_override_info{job=~\"$job\",instance=~\"$instance\"}",
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
                  "Value": true
                },
                "indexByName": {
                  "datname": 0,
                  "name": 1,
                  "setting": 2,
                  "database": 3,
                  "role": 4
                },
                "renameByName": {
                  "datname": "In database",
                  "database": "Override for database",
                  "role": "Override for role",
                  "name": "Setting",
                  "setting": "Value"
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
          "id": 19,
          "gridPos": {
            "x": 0,
            "y": 61,
            "w": 24,
            "h": 6
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
