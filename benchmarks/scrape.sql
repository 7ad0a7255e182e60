-- The SQL pg_partition_exporter's partition collector runs per scrape and per database, copied from
-- Sources/PartitionExporter/Collectors/Partitions/PartitionQueries.swift (structure and sizes), as a pgbench script
-- (benchmarks/run.sh checks at every run that this copy still matches the Swift source).
--
-- One pgbench transaction = one scrape's worth of SQL, over one warm connection:
--   1. the structure batch: three statements joined with \; so that pgbench sends them as ONE simple-protocol
--      query string (one round trip, three result sets), exactly as PostgresConnection.batch does;
--   2. the sizes query. The exporter binds the leaf oid array as text parameter $1 (PQsendQueryParams);
--      here pgbench substitutes the same text, '{oid,oid,...}' (computed once by run.sh with the same tree
--      query, passed as -D leaves=...), as a literal. The server parses the same array text and plans with
--      the same value (an unnamed statement with a bound parameter gets a custom plan), so it is the same work.
-- Session settings come from PGOPTIONS in run.sh (the exporter's WatchedDatabase.sessionSetup). Not included: the
-- pg_partman and pg_cron collectors' extension checks, two one-row catalog queries per scrape that find nothing here.
SELECT extract(epoch FROM now())::float8, current_database() \;
SELECT c.oid, n.nspname, c.relname, pt.partstrat,
       (SELECT string_agg(CASE WHEN k.attnum = 0 THEN '(expression)' ELSE quote_ident(ka.attname) END,
                          ', ' ORDER BY k.ord)
        FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
        LEFT JOIN pg_attribute ka ON ka.attrelid = c.oid AND ka.attnum = k.attnum),
       coalesce(a.atttypid IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype), false),
       coalesce(a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'numeric'::regtype), false)
FROM pg_partitioned_table pt
JOIN pg_class c ON c.oid = pt.partrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
WHERE NOT c.relispartition AND c.relkind = 'p' \;
WITH RECURSIVE tree AS (
    SELECT i.inhrelid AS relid, i.inhparent AS root, i.inhrelid AS direct
    FROM pg_inherits i
    JOIN pg_class p ON p.oid = i.inhparent AND p.relkind = 'p' AND NOT p.relispartition
    UNION ALL
    SELECT i.inhrelid, t.root, t.direct
    FROM tree t JOIN pg_inherits i ON i.inhparent = t.relid
)
SELECT t.root, t.direct, c.oid, c.relname, c.relkind,
       CASE WHEN c.oid = t.direct THEN pg_get_expr(c.relpartbound, 0) END,
       greatest(c.reltuples, 0)::float8, pg_stat_get_live_tuples(c.oid)::float8
FROM tree t JOIN pg_class c ON c.oid = t.relid
WHERE c.relkind IN ('r', 'p', 'f');
WITH locked AS (
    SELECT DISTINCT l.relation FROM pg_locks l
    WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
),
leaves AS (
    SELECT c.oid, c.reltoastrelid FROM pg_class c WHERE c.oid = ANY (':leaves'::oid[]) AND c.relkind = 'r'
)
SELECT lv.oid, pg_table_size(lv.oid)::float8, pg_indexes_size(lv.oid)::float8
FROM leaves lv
WHERE NOT EXISTS (SELECT 1 FROM locked WHERE locked.relation IN (lv.oid, lv.reltoastrelid))
  AND NOT EXISTS (SELECT 1 FROM pg_index x JOIN locked ON locked.relation = x.indexrelid
                  WHERE x.indrelid = lv.oid);
