-- Migrations run as the database owner, whose search_path starts with "$user": for the usual owner
-- "vo" that is schema vo, so unqualified CREATE FUNCTIONs (the ADQL helper functions) land there.
-- User queries run as vo_reader with search_path "public, vo" (ReaderQuery in VoServices.Database),
-- so vo_reader needs USAGE on vo to call them. It gets no SELECT on vo's tables: USAGE alone exposes no data.
GRANT USAGE ON SCHEMA vo TO vo_reader;
