-- ObsCore 1.1 (ivoa.obscore): every mandatory column plus the optional ones our products fill.
-- Names, units and UCDs follow shared/specs/obscore.md; TAP_SCHEMA (003) publishes them.
CREATE SCHEMA IF NOT EXISTS ivoa;

CREATE TABLE ivoa.obscore (
    dataproduct_type text,
    dataproduct_subtype text,
    calib_level smallint NOT NULL,
    obs_collection text NOT NULL,
    obs_id text NOT NULL,
    obs_title text,
    obs_publisher_did text NOT NULL,
    obs_creator_name text,
    obs_creation_date timestamp,
    obs_release_date timestamp,
    publisher_id text,
    bib_reference text,
    data_rights text,
    access_url text,
    access_format text,
    access_estsize bigint,
    target_name text,
    target_class text,
    s_ra double precision,
    s_dec double precision,
    s_fov double precision,
    s_region spoly,
    s_resolution double precision,
    s_xel1 bigint,
    s_xel2 bigint,
    s_pixel_scale double precision,
    t_xel bigint,
    t_min double precision,
    t_max double precision,
    t_exptime double precision,
    t_resolution double precision,
    em_xel bigint,
    em_min double precision,
    em_max double precision,
    em_res_power double precision,
    em_resolution double precision,
    em_ucd text,
    em_unit text,
    o_ucd text,
    o_unit text,
    pol_states text,
    pol_xel bigint,
    facility_name text,
    instrument_name text,
    proposal_id text,
    CONSTRAINT obscore_calib_level_range CHECK (calib_level BETWEEN 0 AND 4),
    CONSTRAINT obscore_dataproduct_type_vocabulary CHECK (dataproduct_type IN
        ('image', 'cube', 'spectrum', 'sed', 'timeseries', 'visibility', 'event', 'measurements')),
    CONSTRAINT obscore_pol_states_syntax CHECK (pol_states ~ '^(/(I|Q|U|V|RR|LL|RL|LR|XX|YY|XY|YX|POLI|POLA))+/$'),
    CONSTRAINT obscore_em_interval CHECK (em_min <= em_max),
    CONSTRAINT obscore_t_interval CHECK (t_min <= t_max)
);

-- IVOIDs compare case-insensitively, so uniqueness (and the ingest's upsert key) is on lower().
CREATE UNIQUE INDEX obscore_publisher_did ON ivoa.obscore (lower(obs_publisher_did));
-- Footprint and position: INTERSECTS(s_region, ...) / CONTAINS(POINT, s_region) use the first,
-- CONTAINS(POINT(s_ra, s_dec), CIRCLE(...)) the second (the translator emits this exact expression).
CREATE INDEX obscore_s_region ON ivoa.obscore USING gist (s_region);
CREATE INDEX obscore_s_point ON ivoa.obscore USING gist (spoint(radians(s_ra), radians(s_dec)));
CREATE INDEX obscore_obs_id ON ivoa.obscore (obs_id);
CREATE INDEX obscore_obs_collection ON ivoa.obscore (obs_collection);
CREATE INDEX obscore_dataproduct_type ON ivoa.obscore (dataproduct_type);
CREATE INDEX obscore_calib_level ON ivoa.obscore (calib_level);
CREATE INDEX obscore_target_name ON ivoa.obscore (target_name);
CREATE INDEX obscore_facility_name ON ivoa.obscore (facility_name);
CREATE INDEX obscore_instrument_name ON ivoa.obscore (instrument_name);
CREATE INDEX obscore_em_min ON ivoa.obscore (em_min);
CREATE INDEX obscore_em_max ON ivoa.obscore (em_max);
CREATE INDEX obscore_t_min ON ivoa.obscore (t_min);
CREATE INDEX obscore_t_max ON ivoa.obscore (t_max);
CREATE INDEX obscore_s_ra ON ivoa.obscore (s_ra);
CREATE INDEX obscore_s_dec ON ivoa.obscore (s_dec);

-- Where each published product lives on disk. Not in TAP_SCHEMA, so unreachable by ADQL: services
-- look a product up here by its ID and never build a path from anything a client sends.
CREATE SCHEMA IF NOT EXISTS vo;

CREATE TABLE vo.products (
    obs_publisher_did text PRIMARY KEY,
    product_kind text NOT NULL CHECK (product_kind IN ('cube', 'rss', 'hips')),
    file_path text NOT NULL,
    file_size bigint NOT NULL,
    file_mtime timestamptz NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now()
);
