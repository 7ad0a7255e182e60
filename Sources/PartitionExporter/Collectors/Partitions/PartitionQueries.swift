/// The SQL the partition collector runs. Catalog reads take no lock on user tables; only the size functions do, and the
/// size query skips relations that an ACCESS EXCLUSIVE lock holds or awaits, so it never queues behind DDL.
enum PartitionQueries {
    /// Three result sets in one round trip: the clock and database; the partitioned roots; every partition below
    /// a root with its direct ancestor among the root's partitions. The key is spelled from `pg_attribute` because
    /// `pg_get_partkeydef` locks the table (and would wait behind DETACH); an expression key reads `(expression)`.
    ///
    /// A direct partition comes with the version of its `pg_class` row (`xmin`) rather than its bound: a bound
    /// changes only with a new row version, so `bounds` deparses just the new ones. A leaf comes with the signature
    /// the size ledger compares: the relfilenodes of its heap, TOAST table and indexes (a new index, `VACUUM FULL`,
    /// `TRUNCATE`, `REINDEX`), its valid indexes (`CREATE INDEX CONCURRENTLY` ending), and the statistics counters of
    /// what grows or shrinks files: inserts, updates and vacuums of the heap and its TOAST table (a DELETE alone
    /// frees no file space). None of it opens or locks a relation.
    static let structure = """
        SELECT extract(epoch FROM now())::float8, current_database();
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
        WHERE NOT c.relispartition AND c.relkind = 'p';
        WITH RECURSIVE tree AS (
            SELECT i.inhrelid AS relid, i.inhparent AS root, i.inhrelid AS direct
            FROM pg_inherits i
            JOIN pg_class p ON p.oid = i.inhparent AND p.relkind = 'p' AND NOT p.relispartition
            UNION ALL
            SELECT i.inhrelid, t.root, t.direct
            FROM tree t JOIN pg_inherits i ON i.inhparent = t.relid
        ),
        indexes AS (
            SELECT x.indrelid, count(*) AS n, sum(ic.relfilenode::int8) AS files,
                   count(*) FILTER (WHERE x.indisvalid) AS valid
            FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
            GROUP BY x.indrelid
        )
        SELECT t.root, t.direct, c.oid, c.relname, c.relkind,
               CASE WHEN c.oid = t.direct THEN c.xmin END,
               greatest(c.reltuples, 0)::float8, pg_stat_get_live_tuples(c.oid)::float8,
               CASE WHEN c.relkind = 'r' THEN concat_ws(':', c.relfilenode, toast.relfilenode, hx.n, hx.files,
                   hx.valid, tx.files, pg_stat_get_tuples_inserted(c.oid) + pg_stat_get_tuples_updated(c.oid),
                   pg_stat_get_vacuum_count(c.oid) + pg_stat_get_autovacuum_count(c.oid),
                   pg_stat_get_vacuum_count(c.reltoastrelid) + pg_stat_get_autovacuum_count(c.reltoastrelid)) END
        FROM tree t JOIN pg_class c ON c.oid = t.relid
        LEFT JOIN pg_class toast ON toast.oid = c.reltoastrelid
        LEFT JOIN indexes hx ON hx.indrelid = c.oid
        LEFT JOIN indexes tx ON tx.indrelid = c.reltoastrelid
        WHERE c.relkind IN ('r', 'p', 'f')
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
}
