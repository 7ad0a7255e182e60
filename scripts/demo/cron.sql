-- Demo, database "postgres" (cron.database_name): pg_cron runs pg_partman's maintenance in "app" every minute;
-- it fails there (see partman.sql), and a second job succeeds.
CREATE EXTENSION pg_cron;
SELECT cron.schedule_in_database('partman-maintenance', '* * * * *', 'CALL partman.run_maintenance_proc()', 'app');
SELECT cron.schedule('heartbeat', '* * * * *', 'SELECT 1');

-- The README's grants: cron.job rows are row-level secured to their owner.
GRANT USAGE ON SCHEMA cron TO partition_monitor;
ALTER ROLE partition_monitor BYPASSRLS;
