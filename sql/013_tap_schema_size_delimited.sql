-- TAP 1.1: "size" is an ADQL reserved word, so TAP_SCHEMA must name that column delimited, as '"size"'
-- (taplint TMS/TME check this). The database column stays size; the translator maps the delimited name.
UPDATE tap_schema.columns SET column_name = '"size"'
WHERE table_name = 'tap_schema.columns' AND column_name = 'size';
