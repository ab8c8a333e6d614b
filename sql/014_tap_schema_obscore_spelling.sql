-- ObsCore 1.1 (section 4) names the table ivoa.ObsCore. Clients compare TAP_SCHEMA names as strings
-- (pyVO's service.tables['ivoa.ObsCore'], notebooks' WHERE table_name = 'ivoa.ObsCore'), so TAP_SCHEMA
-- and VOSI-tables publish that spelling. It is a regular identifier: ADQL folds it, so FROM ivoa.obscore,
-- ivoa.ObsCore and ivoa.OBSCORE all reach the PostgreSQL table, which stays lower-case ivoa.obscore.
-- The foreign keys into tap_schema.tables have no ON UPDATE CASCADE: add the new row, move what refers
-- to the old one, then drop it.
INSERT INTO tap_schema.tables (schema_name, table_name, table_type, utype, description, table_index)
SELECT schema_name, 'ivoa.ObsCore', table_type, utype, description, table_index
FROM tap_schema.tables WHERE table_name = 'ivoa.obscore';

UPDATE tap_schema.columns SET table_name = 'ivoa.ObsCore' WHERE table_name = 'ivoa.obscore';
UPDATE tap_schema.keys SET from_table = 'ivoa.ObsCore' WHERE from_table = 'ivoa.obscore';
UPDATE tap_schema.keys SET target_table = 'ivoa.ObsCore' WHERE target_table = 'ivoa.obscore';
DELETE FROM tap_schema.tables WHERE table_name = 'ivoa.obscore';
