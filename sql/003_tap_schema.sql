-- TAP_SCHEMA (TAP 1.1): the metadata of every published table, itself included. ADQL can reach
-- exactly the tables listed in tap_schema.tables; datatypes are VOTable datatypes (TAP 1.1).
CREATE SCHEMA IF NOT EXISTS tap_schema;

CREATE TABLE tap_schema.schemas (
    schema_name text PRIMARY KEY,
    utype text,
    description text,
    schema_index integer
);

CREATE TABLE tap_schema.tables (
    schema_name text NOT NULL REFERENCES tap_schema.schemas (schema_name),
    table_name text PRIMARY KEY,
    table_type text NOT NULL CHECK (table_type IN ('table', 'view')),
    utype text,
    description text,
    table_index integer
);

CREATE TABLE tap_schema.columns (
    table_name text NOT NULL REFERENCES tap_schema.tables (table_name),
    column_name text NOT NULL,
    utype text,
    ucd text,
    unit text,
    description text,
    datatype text NOT NULL,
    arraysize text,
    xtype text,
    "size" integer,
    principal integer NOT NULL,
    indexed integer NOT NULL,
    std integer NOT NULL,
    column_index integer,
    PRIMARY KEY (table_name, column_name)
);

CREATE TABLE tap_schema.keys (
    key_id text PRIMARY KEY,
    from_table text NOT NULL REFERENCES tap_schema.tables (table_name),
    target_table text NOT NULL REFERENCES tap_schema.tables (table_name),
    utype text,
    description text
);

CREATE TABLE tap_schema.key_columns (
    key_id text NOT NULL REFERENCES tap_schema.keys (key_id),
    from_column text NOT NULL,
    target_column text NOT NULL
);

INSERT INTO tap_schema.schemas (schema_name, utype, description, schema_index) VALUES
  ('tap_schema', NULL, 'Metadata of the tables and columns this service publishes (TAP 1.1)', 0),
  ('ivoa', NULL, 'IVOA-standard tables: the ObsCore 1.1 table of all data products', 1);

INSERT INTO tap_schema.tables (schema_name, table_name, table_type, utype, description, table_index) VALUES
  ('tap_schema', 'tap_schema.schemas', 'table', NULL, 'Schemas published by this service', 100),
  ('tap_schema', 'tap_schema.tables', 'table', NULL, 'Tables published by this service', 101),
  ('tap_schema', 'tap_schema.columns', 'table', NULL, 'Columns of the published tables', 102),
  ('tap_schema', 'tap_schema.keys', 'table', NULL, 'Foreign keys between published tables', 103),
  ('tap_schema', 'tap_schema.key_columns', 'table', NULL, 'Columns of the foreign keys', 104),
  ('ivoa', 'ivoa.obscore', 'table', 'ivo://ivoa.net/std/ObsCore#table-1.1',
   'ObsCore 1.1: one row per data product (cubes, row-stacked spectra, HiPS surveys)', 1);

INSERT INTO tap_schema.columns
  (table_name, column_name, utype, ucd, unit, description, datatype, arraysize, xtype, principal, indexed, std, column_index)
VALUES
  ('tap_schema.schemas', 'schema_name', NULL, 'meta.id', NULL, 'Fully qualified schema name', 'char', '*', NULL, 1, 1, 1, 1),
  ('tap_schema.schemas', 'utype', NULL, 'meta.utype', NULL, 'Lists the utype of the schema', 'char', '*', NULL, 1, 0, 1, 2),
  ('tap_schema.schemas', 'description', NULL, 'meta.note', NULL, 'Describes the schema', 'char', '*', NULL, 1, 0, 1, 3),
  ('tap_schema.schemas', 'schema_index', NULL, 'meta.code.class', NULL, 'Recommended sort order when listing schemas', 'int', NULL, NULL, 0, 0, 1, 4),
  ('tap_schema.tables', 'schema_name', NULL, 'meta.id', NULL, 'The schema this table belongs to', 'char', '*', NULL, 1, 1, 1, 1),
  ('tap_schema.tables', 'table_name', NULL, 'meta.id;meta.table', NULL, 'The fully qualified table name', 'char', '*', NULL, 1, 1, 1, 2),
  ('tap_schema.tables', 'table_type', NULL, 'meta.code', NULL, 'One of: table, view', 'char', '*', NULL, 1, 0, 1, 3),
  ('tap_schema.tables', 'utype', NULL, 'meta.utype', NULL, 'Lists the utype of the table', 'char', '*', NULL, 1, 0, 1, 4),
  ('tap_schema.tables', 'description', NULL, 'meta.note', NULL, 'Describes the table', 'char', '*', NULL, 1, 0, 1, 5),
  ('tap_schema.tables', 'table_index', NULL, 'meta.code.class', NULL, 'Recommended sort order when listing tables', 'int', NULL, NULL, 0, 0, 1, 6),
  ('tap_schema.columns', 'table_name', NULL, 'meta.id;meta.table', NULL, 'The table this column belongs to', 'char', '*', NULL, 1, 1, 1, 1),
  ('tap_schema.columns', 'column_name', NULL, 'meta.id', NULL, 'The column name', 'char', '*', NULL, 1, 1, 1, 2),
  ('tap_schema.columns', 'utype', NULL, 'meta.utype', NULL, 'Lists the utype of the column', 'char', '*', NULL, 1, 0, 1, 3),
  ('tap_schema.columns', 'ucd', NULL, 'meta.ucd', NULL, 'Lists the UCD of the column', 'char', '*', NULL, 1, 0, 1, 4),
  ('tap_schema.columns', 'unit', NULL, 'meta.unit', NULL, 'The unit of the column (VOUnit)', 'char', '*', NULL, 1, 0, 1, 5),
  ('tap_schema.columns', 'description', NULL, 'meta.note', NULL, 'Describes the column', 'char', '*', NULL, 1, 0, 1, 6),
  ('tap_schema.columns', 'datatype', NULL, 'meta.code', NULL, 'The VOTable datatype of the column', 'char', '*', NULL, 1, 0, 1, 7),
  ('tap_schema.columns', 'arraysize', NULL, 'meta.code', NULL, 'The VOTable arraysize of the column', 'char', '*', NULL, 1, 0, 1, 8),
  ('tap_schema.columns', 'xtype', NULL, 'meta.code', NULL, 'The DALI or custom extended type of the column', 'char', '*', NULL, 1, 0, 1, 9),
  ('tap_schema.columns', 'size', NULL, 'meta.code', NULL, 'Deprecated (TAP 1.0): the length of fixed-size columns', 'int', NULL, NULL, 0, 0, 1, 10),
  ('tap_schema.columns', 'principal', NULL, 'meta.code', NULL, '1 if the column is among the most relevant, else 0', 'int', NULL, NULL, 1, 0, 1, 11),
  ('tap_schema.columns', 'indexed', NULL, 'meta.code', NULL, '1 if the column is indexed, else 0', 'int', NULL, NULL, 1, 0, 1, 12),
  ('tap_schema.columns', 'std', NULL, 'meta.code', NULL, '1 if the column is defined by a standard, else 0', 'int', NULL, NULL, 1, 0, 1, 13),
  ('tap_schema.columns', 'column_index', NULL, 'meta.code.class', NULL, 'Recommended sort order when listing columns', 'int', NULL, NULL, 0, 0, 1, 14),
  ('tap_schema.keys', 'key_id', NULL, 'meta.id', NULL, 'Unique key identifier', 'char', '*', NULL, 1, 1, 1, 1),
  ('tap_schema.keys', 'from_table', NULL, 'meta.id;meta.table', NULL, 'Fully qualified table name', 'char', '*', NULL, 1, 0, 1, 2),
  ('tap_schema.keys', 'target_table', NULL, 'meta.id;meta.table', NULL, 'Fully qualified table name', 'char', '*', NULL, 1, 0, 1, 3),
  ('tap_schema.keys', 'utype', NULL, 'meta.utype', NULL, 'Lists the utype of the key', 'char', '*', NULL, 1, 0, 1, 4),
  ('tap_schema.keys', 'description', NULL, 'meta.note', NULL, 'Describes the key', 'char', '*', NULL, 1, 0, 1, 5),
  ('tap_schema.key_columns', 'key_id', NULL, 'meta.id', NULL, 'Key identifier from tap_schema.keys', 'char', '*', NULL, 1, 1, 1, 1),
  ('tap_schema.key_columns', 'from_column', NULL, 'meta.id', NULL, 'Key column name in the from_table', 'char', '*', NULL, 1, 0, 1, 2),
  ('tap_schema.key_columns', 'target_column', NULL, 'meta.id', NULL, 'Key column name in the target_table', 'char', '*', NULL, 1, 0, 1, 3),
  ('ivoa.obscore', 'dataproduct_type', 'obscore:ObsDataset.dataProductType', 'meta.code.class', NULL, 'Data product (file content) primary type: image, cube, spectrum, ...', 'char', '*', NULL, 1, 1, 1, 1),
  ('ivoa.obscore', 'dataproduct_subtype', 'obscore:ObsDataset.dataProductSubtype', 'meta.code.class', NULL, 'Data product specific type, e.g. spectral-cube, rss (row-stacked spectra), hips', 'char', '*', NULL, 0, 0, 1, 2),
  ('ivoa.obscore', 'calib_level', 'obscore:ObsDataset.calibLevel', 'meta.code;obs.calib', NULL, 'Calibration level of the observation: 0 raw, 1 instrumental, 2 calibrated, 3 enhanced, 4 analysis', 'short', NULL, NULL, 1, 1, 1, 3),
  ('ivoa.obscore', 'obs_collection', 'obscore:DataID.collection', 'meta.id', NULL, 'Name of the data collection', 'char', '*', NULL, 1, 1, 1, 4),
  ('ivoa.obscore', 'obs_id', 'obscore:DataID.observationID', 'meta.id', NULL, 'Observation identifier (here: the file''s path relative to the collection root)', 'char', '*', NULL, 1, 1, 1, 5),
  ('ivoa.obscore', 'obs_title', 'obscore:DataID.title', 'meta.title;obs', NULL, 'Brief description of the dataset in free format', 'char', '*', NULL, 0, 0, 1, 6),
  ('ivoa.obscore', 'obs_publisher_did', 'obscore:Curation.publisherDID', 'meta.ref.ivoid', NULL, 'Dataset identifier given by the publisher', 'char', '*', NULL, 1, 1, 1, 7),
  ('ivoa.obscore', 'obs_creator_name', 'obscore:DataID.creator', 'meta.id', NULL, 'Name of the creator of the data', 'char', '*', NULL, 0, 0, 1, 8),
  ('ivoa.obscore', 'obs_creation_date', 'obscore:DataID.date', 'time;meta.dataset', NULL, 'Date when the dataset was created (header DATE)', 'char', '*', 'timestamp', 0, 0, 1, 9),
  ('ivoa.obscore', 'obs_release_date', 'obscore:Curation.releaseDate', 'time.release', NULL, 'Observation release date', 'char', '*', 'timestamp', 0, 0, 1, 10),
  ('ivoa.obscore', 'publisher_id', 'obscore:Curation.publisherID', 'meta.ref.ivoid', NULL, 'IVOA-ID for the publisher', 'char', '*', NULL, 0, 0, 1, 11),
  ('ivoa.obscore', 'bib_reference', 'obscore:Curation.reference', 'meta.bib.bibcode', NULL, 'Service bibliographic reference', 'char', '*', NULL, 0, 0, 1, 12),
  ('ivoa.obscore', 'data_rights', 'obscore:Curation.rights', 'meta.code', NULL, 'Public/Secure/Proprietary', 'char', '*', NULL, 0, 0, 1, 13),
  ('ivoa.obscore', 'access_url', 'obscore:Access.reference', 'meta.ref.url', NULL, 'URL used to access (download) dataset', 'char', '*', NULL, 1, 0, 1, 14),
  ('ivoa.obscore', 'access_format', 'obscore:Access.format', 'meta.code.mime', NULL, 'File content format (MIME type)', 'char', '*', NULL, 1, 0, 1, 15),
  ('ivoa.obscore', 'access_estsize', 'obscore:Access.size', 'phys.size;meta.file', 'kbyte', 'Estimated size of dataset in kilobytes', 'long', NULL, NULL, 1, 0, 1, 16),
  ('ivoa.obscore', 'target_name', 'obscore:Target.name', 'meta.id;src', NULL, 'Astronomical object observed, if any', 'char', '*', NULL, 1, 1, 1, 17),
  ('ivoa.obscore', 'target_class', 'obscore:Target.class', 'src.class', NULL, 'Class of the target object (e.g. galaxy, star)', 'char', '*', NULL, 0, 0, 1, 18),
  ('ivoa.obscore', 's_ra', 'obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1', 'pos.eq.ra', 'deg', 'Central right ascension, ICRS', 'double', NULL, NULL, 1, 1, 1, 19),
  ('ivoa.obscore', 's_dec', 'obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C2', 'pos.eq.dec', 'deg', 'Central declination, ICRS', 'double', NULL, NULL, 1, 1, 1, 20),
  ('ivoa.obscore', 's_fov', 'obscore:Char.SpatialAxis.Coverage.Bounds.Extent.diameter', 'phys.angSize;instr.fov', 'deg', 'Diameter (bounds) of the covered region', 'double', NULL, NULL, 1, 0, 1, 21),
  ('ivoa.obscore', 's_region', 'obscore:Char.SpatialAxis.Coverage.Support.Area', 'pos.outline;obs.field', NULL, 'Sky region covered by the data product (expressed in ICRS frame)', 'char', '*', 'adql:REGION', 1, 1, 1, 22),
  ('ivoa.obscore', 's_resolution', 'obscore:Char.SpatialAxis.Resolution.Refval.value', 'pos.angResolution', 'arcsec', 'Spatial resolution of data as FWHM', 'double', NULL, NULL, 1, 0, 1, 23),
  ('ivoa.obscore', 's_xel1', 'obscore:Char.SpatialAxis.numBins1', 'meta.number', NULL, 'Number of elements along the first spatial axis', 'long', NULL, NULL, 1, 0, 1, 24),
  ('ivoa.obscore', 's_xel2', 'obscore:Char.SpatialAxis.numBins2', 'meta.number', NULL, 'Number of elements along the second spatial axis', 'long', NULL, NULL, 1, 0, 1, 25),
  ('ivoa.obscore', 's_pixel_scale', 'obscore:Char.SpatialAxis.Sampling.RefVal.SamplingPeriod', 'phys.angSize;instr.pixel', 'arcsec', 'Sampling period in world coordinate units along the spatial axis', 'double', NULL, NULL, 0, 0, 1, 26),
  ('ivoa.obscore', 't_xel', 'obscore:Char.TimeAxis.numBins', 'meta.number', NULL, 'Number of elements along the time axis', 'long', NULL, NULL, 1, 0, 1, 27),
  ('ivoa.obscore', 't_min', 'obscore:Char.TimeAxis.Coverage.Bounds.Limits.StartTime', 'time.start;obs.exposure', 'd', 'Start time in MJD', 'double', NULL, NULL, 1, 1, 1, 28),
  ('ivoa.obscore', 't_max', 'obscore:Char.TimeAxis.Coverage.Bounds.Limits.StopTime', 'time.end;obs.exposure', 'd', 'Stop time in MJD', 'double', NULL, NULL, 1, 1, 1, 29),
  ('ivoa.obscore', 't_exptime', 'obscore:Char.TimeAxis.Coverage.Support.Extent', 'time.duration;obs.exposure', 's', 'Total exposure time', 'double', NULL, NULL, 1, 0, 1, 30),
  ('ivoa.obscore', 't_resolution', 'obscore:Char.TimeAxis.Resolution.Refval.value', 'time.resolution', 's', 'Temporal resolution FWHM', 'double', NULL, NULL, 1, 0, 1, 31),
  ('ivoa.obscore', 'em_xel', 'obscore:Char.SpectralAxis.numBins', 'meta.number', NULL, 'Number of elements along the spectral axis', 'long', NULL, NULL, 1, 0, 1, 32),
  ('ivoa.obscore', 'em_min', 'obscore:Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit', 'em.wl;stat.min', 'm', 'Start in spectral coordinates (vacuum wavelength)', 'double', NULL, NULL, 1, 1, 1, 33),
  ('ivoa.obscore', 'em_max', 'obscore:Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit', 'em.wl;stat.max', 'm', 'Stop in spectral coordinates (vacuum wavelength)', 'double', NULL, NULL, 1, 1, 1, 34),
  ('ivoa.obscore', 'em_res_power', 'obscore:Char.SpectralAxis.Resolution.ResolPower.refVal', 'spect.resolution', NULL, 'Value of the resolving power along the spectral axis (R)', 'double', NULL, NULL, 1, 0, 1, 35),
  ('ivoa.obscore', 'em_resolution', 'obscore:Char.SpectralAxis.Resolution.Refval.value', 'spect.resolution;stat.mean', 'm', 'Value of the resolution along the spectral axis (wavelength)', 'double', NULL, NULL, 0, 0, 1, 36),
  ('ivoa.obscore', 'em_ucd', 'obscore:Char.SpectralAxis.ucd', 'meta.ucd', NULL, 'Nature of the spectral axis (UCD of the native spectral coordinate)', 'char', '*', NULL, 0, 0, 1, 37),
  ('ivoa.obscore', 'em_unit', 'obscore:Char.SpectralAxis.unit', 'meta.unit', NULL, 'Units along the spectral axis (native)', 'char', '*', NULL, 0, 0, 1, 38),
  ('ivoa.obscore', 'o_ucd', 'obscore:Char.ObservableAxis.ucd', 'meta.ucd', NULL, 'UCD of observable (e.g. phot.flux.density, phot.count, etc.)', 'char', '*', NULL, 1, 0, 1, 39),
  ('ivoa.obscore', 'o_unit', 'obscore:Char.ObservableAxis.unit', 'meta.unit', NULL, 'Units of the observable (header BUNIT)', 'char', '*', NULL, 0, 0, 1, 40),
  ('ivoa.obscore', 'pol_states', 'obscore:Char.PolarizationAxis.stateList', 'meta.code;phys.polarization', NULL, 'List of polarization states or NULL if not applicable', 'char', '*', NULL, 1, 0, 1, 41),
  ('ivoa.obscore', 'pol_xel', 'obscore:Char.PolarizationAxis.numBins', 'meta.number', NULL, 'Number of polarization samples', 'long', NULL, NULL, 1, 0, 1, 42),
  ('ivoa.obscore', 'facility_name', 'obscore:Provenance.ObsConfig.Facility.name', 'meta.id;instr.tel', NULL, 'Name of the facility used for this observation', 'char', '*', NULL, 1, 1, 1, 43),
  ('ivoa.obscore', 'instrument_name', 'obscore:Provenance.ObsConfig.Instrument.name', 'meta.id;instr', NULL, 'Name of the instrument used for this observation', 'char', '*', NULL, 1, 1, 1, 44),
  ('ivoa.obscore', 'proposal_id', 'obscore:Provenance.Proposal.identifier', 'meta.id;obs.proposal', NULL, 'Identifier of proposal to which observation belongs', 'char', '*', NULL, 0, 0, 1, 45);

-- TAP 1.1 lets TAP_SCHEMA.keys link tap_schema's own tables.
INSERT INTO tap_schema.keys (key_id, from_table, target_table, utype, description) VALUES
  ('tables_schema', 'tap_schema.tables', 'tap_schema.schemas', NULL, 'Schema of each table'),
  ('columns_table', 'tap_schema.columns', 'tap_schema.tables', NULL, 'Table of each column'),
  ('keys_from', 'tap_schema.keys', 'tap_schema.tables', NULL, 'Table a key starts from'),
  ('keys_target', 'tap_schema.keys', 'tap_schema.tables', NULL, 'Table a key points to'),
  ('key_columns_key', 'tap_schema.key_columns', 'tap_schema.keys', NULL, 'Key of each key column');
INSERT INTO tap_schema.key_columns (key_id, from_column, target_column) VALUES
  ('tables_schema', 'schema_name', 'schema_name'),
  ('columns_table', 'table_name', 'table_name'),
  ('keys_from', 'from_table', 'table_name'),
  ('keys_target', 'target_table', 'table_name'),
  ('key_columns_key', 'key_id', 'key_id');
