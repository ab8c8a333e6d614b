-- pgsphere provides the spherical types (spoint, scircle, spoly, sbox) and their GiST indexes that
-- ADQL geometry is translated to. `./vo db up` / deploy/pg-cluster.sh createdb installs it as
-- superuser first (with the PostgreSQL 15.20 fix); this keeps a migration run self-contained.
CREATE EXTENSION IF NOT EXISTS pg_sphere;
