/// The SQL the partition collector runs. Catalog reads take no lock on user tables; only the size functions and the
/// default partitions' counts do, and both skip relations that an ACCESS EXCLUSIVE lock holds or awaits, so they
/// never queue behind DDL.
enum PartitionQueries {
    /// Three result sets in one round trip: the clock, the database and a signature of every index in it; the
    /// partitioned roots; every partition below a root with its direct ancestor among the root's partitions. Roots
    /// and leaves come with their analyze statistics, for the planner collector. The key
    /// is spelled from `pg_attribute` because `pg_get_partkeydef` locks the table (and would wait behind DETACH); an
    /// expression key reads `(expression)`.
    ///
    /// A direct partition comes with the version of its `pg_class` row (`xmin`) rather than its bound: a bound
    /// changes only with a new row version, so `bounds` deparses just the new ones. A leaf comes with what the size
    /// ledger compares: the relfilenode of its heap (`VACUUM FULL`, `TRUNCATE` and `CLUSTER` rewrite the heap and its
    /// TOAST table together); its vacuums, with `relpages`, `reltuples` and `relallvisible`, which they update when
    /// they truncate the file or fill the visibility map; and rows modified since the last analyze with the times of
    /// that analyze, which every committed insert, update or delete moves. Indexes are compared through the
    /// database-wide signature of the first result: only when it changes (a new, dropped, rebuilt or newly valid
    /// index anywhere but in temporary tables) does `indexes` read each table's. None of it opens or locks a
    /// relation.
    static let structure = """
        SELECT extract(epoch FROM now())::float8, current_database(),
               (SELECT concat_ws(':', count(*), sum(relfilenode::int8)) FROM pg_class
                WHERE relkind = 'i' AND relpersistence <> 't')
               || ':' || (SELECT count(*) FROM pg_index WHERE indisvalid);
        SELECT c.oid, n.nspname, c.relname, pt.partstrat,
               (SELECT string_agg(CASE WHEN k.attnum = 0 THEN '(expression)' ELSE quote_ident(ka.attname) END,
                                  ', ' ORDER BY k.ord)
                FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
                LEFT JOIN pg_attribute ka ON ka.attrelid = c.oid AND ka.attnum = k.attnum),
               coalesce(a.atttypid IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype), false),
               coalesce(a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'numeric'::regtype), false),
               extract(epoch FROM pg_stat_get_last_analyze_time(c.oid))::float8,
               extract(epoch FROM pg_stat_get_last_autoanalyze_time(c.oid))::float8,
               pg_stat_get_mod_since_analyze(c.oid)::float8, pg_stat_get_live_tuples(c.oid)::float8
        FROM pg_partitioned_table pt
        JOIN pg_class c ON c.oid = pt.partrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
        WHERE NOT c.relispartition AND c.relkind = 'p';
        WITH RECURSIVE tree AS (
            SELECT i.inhrelid AS relid, i.inhparent AS root, i.inhrelid AS direct
            FROM pg_inherits i
            JOIN pg_class p ON p.oid = i.inhparent AND p.relkind = 'p' AND NOT p.relispartition
            UNION ALL
            SELECT i.inhrelid, t.root, t.direct
            FROM tree t JOIN pg_inherits i ON i.inhparent = t.relid
        )
        SELECT t.root, t.direct, c.oid, c.relname, c.relkind,
               CASE WHEN c.oid = t.direct THEN c.xmin END,
               greatest(c.reltuples, 0)::float8, pg_stat_get_live_tuples(c.oid)::float8,
               CASE WHEN c.relkind = 'r' THEN c.reltoastrelid END,
               extract(epoch FROM pg_stat_get_last_analyze_time(c.oid))::float8,
               extract(epoch FROM pg_stat_get_last_autoanalyze_time(c.oid))::float8,
               pg_stat_get_mod_since_analyze(c.oid)::float8,
               CASE WHEN c.relkind = 'r' THEN concat_ws(':', c.relfilenode, c.relpages, c.relallvisible,
                   pg_stat_get_vacuum_count(c.oid) + pg_stat_get_autovacuum_count(c.oid)) END
        FROM tree t JOIN pg_class c ON c.oid = t.relid
        WHERE c.relkind IN ('r', 'p', 'f')
        """

    /// Each table's indexes (a leaf's own, and its TOAST table's): how many, their relfilenodes, how many are valid
    /// (`CREATE INDEX CONCURRENTLY` ending).
    static let indexes = """
        SELECT x.indrelid, concat_ws(':', count(*), sum(ic.relfilenode::int8), count(*) FILTER (WHERE x.indisvalid))
        FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
        GROUP BY x.indrelid
        """

    /// The bounds of the partitions in `$1` (an oid array), with the row version they belong to. `pg_get_expr(…, 0)`
    /// deparses without opening (and so without locking) the relation.
    static let bounds = """
        SELECT c.oid, c.xmin, pg_get_expr(c.relpartbound, 0) FROM pg_class c WHERE c.oid = ANY ($1::oid[])
        """

    /// Sizes of the leaf relations in `$1` (an oid array) that no ACCESS EXCLUSIVE lock holds or awaits,
    /// on the table, its TOAST table or any of its indexes. Locked ones are left out of the result.
    static let sizes = """
        WITH locked AS (
            SELECT DISTINCT l.relation FROM pg_locks l
            WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        ),
        leaves AS (
            SELECT c.oid, c.reltoastrelid FROM pg_class c WHERE c.oid = ANY ($1::oid[]) AND c.relkind = 'r'
        )
        SELECT lv.oid, pg_table_size(lv.oid)::float8, pg_indexes_size(lv.oid)::float8
        FROM leaves lv
        WHERE NOT EXISTS (SELECT 1 FROM locked WHERE locked.relation IN (lv.oid, lv.reltoastrelid))
          AND NOT EXISTS (SELECT 1 FROM pg_index x JOIN locked ON locked.relation = x.indexrelid
                          WHERE x.indrelid = lv.oid)
        """

    /// Exact row counts of the default partitions in `$1` (an oid array) that the role may read, each stopped after
    /// `$2` rows: one row per counted partition, none for the others, whose rows the statistics estimate.
    ///
    /// A partition is counted only when the role has SELECT on it (a grant, or `pg_read_all_data`) and USAGE on its
    /// schema; row-level security does not filter what the role sees (`pg_read_all_data` does not bypass it); no
    /// foreign table is below it (a remote scan); and no ACCESS EXCLUSIVE lock holds or awaits it, a table below
    /// it, one of their indexes (which the planner opens) or, for a sub-partitioned one, its parent (whose bound
    /// the planner reads). No `ONLY`: a sub-partitioned default holds its rows in its own partitions.
    /// `query_to_xml` runs each count inside this one statement, on a standby as on the primary, with the names
    /// quoted by `format('%I')`; the transaction's `lock_timeout` covers a lock taken after the check.
    static let defaultRowCounts = """
        WITH RECURSIVE tree AS (
            SELECT c.oid AS top, c.oid AS relid FROM pg_class c WHERE c.oid = ANY ($1::oid[])
            UNION ALL
            SELECT t.top, i.inhrelid FROM tree t JOIN pg_inherits i ON i.inhparent = t.relid
        ),
        locked AS (
            SELECT DISTINCT l.relation FROM pg_locks l
            WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        ),
        blocked AS (
            SELECT t.top FROM tree t JOIN pg_class r ON r.oid = t.relid
            WHERE r.relkind NOT IN ('r', 'p') OR r.oid IN (SELECT relation FROM locked)
               OR EXISTS (SELECT 1 FROM pg_index x JOIN locked ON locked.relation = x.indexrelid
                          WHERE x.indrelid = r.oid)
            UNION
            SELECT i.inhrelid FROM pg_inherits i
            JOIN pg_class d ON d.oid = i.inhrelid AND d.relkind = 'p'
            JOIN locked ON locked.relation = i.inhparent
            WHERE i.inhrelid = ANY ($1::oid[])
        )
        SELECT c.oid,
               substring(query_to_xml(format('SELECT count(*) AS n FROM (SELECT FROM %I.%I LIMIT %s) AS s',
                                             n.nspname, c.relname, $2::int8), false, true, '')::text
                         FROM '<n>([0-9]+)</n>')::float8
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = ANY ($1::oid[]) AND c.oid NOT IN (SELECT top FROM blocked)
          AND has_table_privilege(c.oid, 'SELECT') AND has_schema_privilege(n.oid, 'USAGE')
          AND NOT row_security_active(c.oid)
        """
}
