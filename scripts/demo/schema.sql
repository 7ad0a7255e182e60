-- Demo schema modelled on the seed runbooks: monthly, weekly and daily time partitions in the teams'
-- naming styles, some healthy, some missing future partitions, some past retention, plus list, hash
-- and integer-range tables. Every date is relative to now(), so the demo shows the same states any day.
SET TimeZone = 'UTC';
SET client_min_messages = warning;

-- Creates `count` partitions of `parent`, `step` long, from `first`; names come from to_char(lower, name_format).
CREATE FUNCTION pg_temp.make_partitions(parent text, name_format text, step interval, first timestamptz, count int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    schema_name text := split_part(parent, '.', 1);
    lower_bound timestamptz;
BEGIN
    FOR i IN 0 .. count - 1 LOOP
        lower_bound := first + step * i;
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                       schema_name, to_char(lower_bound, name_format), parent, lower_bound, lower_bound + step);
    END LOOP;
END $$;

-- MedicalCor (seed 1): monthly {table}_yYYYYmMM.
CREATE TABLE public.domain_events (
    id bigint GENERATED ALWAYS AS IDENTITY, created_at timestamptz NOT NULL, payload jsonb,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
-- Healthy: six months back, the current month and three ahead.
SELECT pg_temp.make_partitions('public.domain_events', '"domain_events_y"YYYY"m"MM', '1 month',
                               date_trunc('month', now()) - interval '6 months', 10);

CREATE TABLE public.audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY, "timestamp" timestamptz NOT NULL, actor text, action text,
    PRIMARY KEY (id, "timestamp")
) PARTITION BY RANGE ("timestamp");
-- The maintenance job stopped: nothing after the current month.
SELECT pg_temp.make_partitions('public.audit_log', '"audit_log_y"YYYY"m"MM', '1 month',
                               date_trunc('month', now()) - interval '12 months', 13);

CREATE TABLE public.episodic_events (
    id bigint GENERATED ALWAYS AS IDENTITY, occurred_at timestamptz NOT NULL, summary text, deleted_at timestamptz,
    PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
-- Nobody drops old partitions: thirty months back against a 24-month retention.
SELECT pg_temp.make_partitions('public.episodic_events', '"episodic_events_y"YYYY"m"MM', '1 month',
                               date_trunc('month', now()) - interval '30 months', 34);

-- RustCare (seed 2): monthly {table}_YYYY_MM, daily and weekly {table}_YYYY_MM_DD.
CREATE SCHEMA rustcare;
CREATE TABLE rustcare.auth_audit_log (
    id uuid, "timestamp" timestamptz NOT NULL, event_type text, PRIMARY KEY (id, "timestamp")
) PARTITION BY RANGE ("timestamp");
SELECT pg_temp.make_partitions('rustcare.auth_audit_log', '"auth_audit_log_"YYYY_MM', '1 month',
                               date_trunc('month', now()) - interval '3 months', 10);

CREATE TABLE rustcare.sessions (
    id bigint GENERATED ALWAYS AS IDENTITY, created_at timestamptz NOT NULL, user_id bigint,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
-- Daily, premake 14 wanted, only four days ahead; rows past coverage pile up in the default partition.
SELECT pg_temp.make_partitions('rustcare.sessions', '"sessions_"YYYY_MM_DD', '1 day',
                               date_trunc('day', now()) - interval '20 days', 25);
CREATE TABLE rustcare.sessions_default PARTITION OF rustcare.sessions DEFAULT;
INSERT INTO rustcare.sessions (created_at, user_id)
SELECT now() + interval '10 days' + g * interval '1 second', g FROM generate_series(1, 500) g;
INSERT INTO rustcare.sessions (created_at, user_id)
SELECT now() - g * interval '1 minute', g FROM generate_series(1, 5000) g;

CREATE TABLE rustcare.refresh_tokens (
    id bigint GENERATED ALWAYS AS IDENTITY, issued_at timestamptz NOT NULL, PRIMARY KEY (id, issued_at)
) PARTITION BY RANGE (issued_at);
-- Weekly, Monday start.
SELECT pg_temp.make_partitions('rustcare.refresh_tokens', '"refresh_tokens_"YYYY_MM_DD', '7 days',
                               date_trunc('week', now()) - interval '8 weeks', 12);

CREATE TABLE rustcare.rate_limits (
    key text NOT NULL, window_start timestamp NOT NULL, hits int
) PARTITION BY RANGE (window_start);
-- A timestamp (without time zone) key, past its 7-day retention, with a hole two days ago.
SELECT pg_temp.make_partitions('rustcare.rate_limits', '"rate_limits_"YYYY_MM_DD', '1 day',
                               date_trunc('day', now()) - interval '12 days', 16);
DO $$ BEGIN
    EXECUTE format('DROP TABLE rustcare.%I', to_char(date_trunc('day', now()) - interval '2 days', '"rate_limits_"YYYY_MM_DD'));
END $$;

-- Tables that get size and count series only.
CREATE TABLE public.tenants (id bigint, region text NOT NULL) PARTITION BY LIST (region);
CREATE TABLE public.tenants_eu PARTITION OF public.tenants FOR VALUES IN ('eu-west', 'eu-central');
CREATE TABLE public.tenants_us PARTITION OF public.tenants FOR VALUES IN ('us-east');
CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric) PARTITION BY HASH (id);
CREATE TABLE public.orders_p0 PARTITION OF public.orders FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE public.orders_p1 PARTITION OF public.orders FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE public.ledger (entry_id bigint NOT NULL, amount numeric) PARTITION BY RANGE (entry_id);
CREATE TABLE public.ledger_0 PARTITION OF public.ledger FOR VALUES FROM (0) TO (1000000);
CREATE TABLE public.ledger_1 PARTITION OF public.ledger FOR VALUES FROM (1000000) TO (2000000);

-- Some data, so that sizes and row estimates are not all zero.
INSERT INTO public.domain_events (created_at, payload)
SELECT now() - g * interval '10 seconds', jsonb_build_object('n', g, 'kind', 'demo') FROM generate_series(1, 50000) g;
INSERT INTO public.audit_log ("timestamp", actor, action)
SELECT now() - g * interval '1 minute', 'user' || g % 100, 'read' FROM generate_series(1, 20000) g;
INSERT INTO public.orders SELECT g, g * 1.5 FROM generate_series(1, 10000) g;
ANALYZE;

-- The least-privilege role the exporter runs as: LOGIN and pg_monitor, nothing else.
CREATE ROLE partition_monitor LOGIN PASSWORD 'demo-only-password' IN ROLE pg_monitor;
