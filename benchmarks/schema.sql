-- The benchmark's catalog: :tables range-partitioned tables (bench.events_000, ...) with :partitions daily
-- partitions each (events_000_pYYYYMMDD, ending a week after today), every one with a primary key (so an index)
-- and a TOAST-able column (so a TOAST table and its index): four relations per partition, as in real schemas.
-- The first :filled tables get :rows_per_table rows spread over all their partitions, so sizes and row counts are
-- not all zero. One DO block commits once per table, so no transaction holds more than one table's locks.
-- Run as the superuser by benchmarks/run.sh (psql -v tables=100 -v partitions=100 -v filled=10 -v rows_per_table=20000)
-- and, at their own sizes, by benchmarks/soak.sh and benchmarks/sanitize.sh; each also passes -v password=...
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET bench.tables = :'tables';
SET bench.partitions = :'partitions';
SET bench.filled = :'filled';
SET bench.rows_per_table = :'rows_per_table';
CREATE SCHEMA bench;

DO $$
DECLARE
    tables int := current_setting('bench.tables')::int;
    partitions int := current_setting('bench.partitions')::int;
    filled int := current_setting('bench.filled')::int;
    rows_per_table int := current_setting('bench.rows_per_table')::int;
    first_day timestamptz := date_trunc('day', now()) - make_interval(days => partitions - 7);
    lower_bound timestamptz;
    parent text;
BEGIN
    FOR t IN 0 .. tables - 1 LOOP
        parent := 'events_' || lpad(t::text, 3, '0');
        EXECUTE format('CREATE TABLE bench.%I (id bigint NOT NULL, created_at timestamptz NOT NULL, payload text,
                        PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at)', parent);
        FOR d IN 0 .. partitions - 1 LOOP
            lower_bound := first_day + make_interval(days => d);
            EXECUTE format('CREATE TABLE bench.%I PARTITION OF bench.%I FOR VALUES FROM (%L) TO (%L)',
                           parent || to_char(lower_bound, '"_p"YYYYMMDD'), parent, lower_bound,
                           lower_bound + interval '1 day');
        END LOOP;
        IF t < filled THEN
            EXECUTE format('INSERT INTO bench.%I (id, created_at, payload)
                            SELECT g, $1 + make_interval(days => g %% $2, secs => g %% 86400), repeat(md5(g::text), 4)
                            FROM generate_series(1, $3) g', parent)
                USING first_day, partitions, rows_per_table;
        END IF;
        COMMIT;
    END LOOP;
END $$;

ANALYZE;

-- The least-privilege role the exporters run as: LOGIN and pg_monitor, nothing else. JIT is off for it so the
-- three clients run the catalog SQL under the same settings (pg_partition_exporter sets jit = off itself).
CREATE ROLE bench_monitor LOGIN PASSWORD :'password' IN ROLE pg_monitor;
ALTER ROLE bench_monitor SET jit = off;
