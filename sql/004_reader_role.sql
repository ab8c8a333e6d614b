-- The role every user query runs as (SET LOCAL ROLE in a read-only transaction): it can read the
-- published schemas and nothing else. Roles are cluster-wide, hence the existence check.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vo_reader') THEN
        CREATE ROLE vo_reader NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA ivoa, tap_schema TO vo_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA ivoa, tap_schema TO vo_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA ivoa, tap_schema GRANT SELECT ON TABLES TO vo_reader;
