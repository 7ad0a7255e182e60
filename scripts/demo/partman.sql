-- Demo, database "app": tables that pg_partman 4.7 manages, with its settings in partman.part_config only
-- (nothing about them in config.yml), and one whose maintenance fails as it did in a real trial:
-- a row for a day without a partition sits in the default partition, so creating that day's partition fails with
-- "updated partition constraint for default partition ... would be violated".
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;

CREATE TABLE public.page_views (viewed_at timestamptz NOT NULL, path text) PARTITION BY RANGE (viewed_at);
SELECT partman.create_parent('public.page_views', 'viewed_at', 'native', 'daily', p_premake := 14,
                             p_start_partition := (now() - interval '100 days')::text);
UPDATE partman.part_config SET retention = '90 days' WHERE parent_table = 'public.page_views';

CREATE TABLE public.sensor_readings (taken_at timestamptz NOT NULL, value float8) PARTITION BY RANGE (taken_at);
SELECT partman.create_parent('public.sensor_readings', 'taken_at', 'native', 'hourly', p_premake := 6);

CREATE TABLE public.invoices (issued_at timestamptz NOT NULL, total numeric) PARTITION BY RANGE (issued_at);
SELECT partman.create_parent('public.invoices', 'issued_at', 'native', 'monthly',
                             p_automatic_maintenance := 'off');

-- Broken: the newest partition was dropped and a row for its day landed in the default partition.
CREATE TABLE public.app_events (created_at timestamptz NOT NULL, kind text) PARTITION BY RANGE (created_at);
SELECT partman.create_parent('public.app_events', 'created_at', 'native', 'daily', p_premake := 3);
DO $$ DECLARE newest text; BEGIN
    SELECT partition_tablename INTO newest FROM partman.show_partitions('public.app_events', 'DESC') LIMIT 1;
    EXECUTE format('DROP TABLE public.%I', newest);
END $$;
INSERT INTO public.app_events VALUES (date_trunc('day', now()) + interval '3 days 12 hours', 'early');
INSERT INTO public.page_views SELECT now() - g * interval '1 minute', '/p/' || g % 50 FROM generate_series(1, 5000) g;
ANALYZE;

-- The README's grants for the exporter's role (created by schema.sql).
GRANT USAGE ON SCHEMA partman TO partition_monitor;
GRANT SELECT ON partman.part_config, partman.part_config_sub TO partition_monitor;
