-- The login role user queries connect as (TAP sync/async, SIA), so that no SQL a user gets through can
-- RESET ROLE back to the service's owner (a superuser on the private cluster): SET LOCAL ROLE vo_reader
-- stays as a second fence, but the session itself is now unprivileged. vo_query holds vo_reader's rights
-- (by membership, so SET ROLE vo_reader keeps working) and may make the temporary TAP_UPLOAD tables
-- (TEMPORARY on this database); it owns nothing and writes nowhere else. Roles are cluster-wide, hence
-- the existence check; on an external database set its password (VO_QUERY_PG_PASSWORD) yourself.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vo_query') THEN
        CREATE ROLE vo_query LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT;
    END IF;
END
$$;

GRANT vo_reader TO vo_query;
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO vo_query', current_database());
END
$$;
