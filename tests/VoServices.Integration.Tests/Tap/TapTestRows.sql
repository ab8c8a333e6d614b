-- A few realistic ObsCore rows for the TAP tests (cube, row-stacked spectra, HiPS), none from the demo collection.
INSERT INTO ivoa.obscore (dataproduct_type, dataproduct_subtype, calib_level, obs_collection, obs_id, obs_title, obs_publisher_did,
    obs_creation_date, obs_release_date, access_url, access_format, access_estsize, target_name, s_ra, s_dec, s_fov, s_region,
    s_resolution, s_xel1, s_xel2, t_min, t_max, t_exptime, em_min, em_max, em_res_power, em_xel, o_ucd, pol_states, pol_xel,
    facility_name, instrument_name)
VALUES
 ('cube', 'spectral-cube', 2, 'tests', 'm31/cube1.fits', 'M31 H-alpha cube', 'ivo://test.example/tap?m31/cube1.fits',
  '2024-03-01 12:30:00', '2024-06-01 00:00:00', 'http://127.0.0.1/data/m31/cube1.fits', 'image/fits', 20480, 'M31', 10.6847, 41.2690, 0.2,
  spoly '{(10.58d,41.17d),(10.78d,41.17d),(10.78d,41.37d),(10.58d,41.37d)}', 1.5, 200, 200, 60370.1, 60370.2, 3600, 6.5e-7, 6.7e-7, 5000, 400,
  'phot.flux.density', '/I/', 1, 'Test Telescope', 'IFU'),
 ('spectrum', 'rss', 2, 'tests', 'cosmos/rss1.fits', 'COSMOS fibre spectra', 'ivo://test.example/tap?cosmos/rss1.fits',
  '2023-11-11 08:00:00.250', NULL, 'http://127.0.0.1/data/cosmos/rss1.fits', 'application/fits', 512, NULL, 150.1, 2.2, 0.5,
  spoly '{(149.85d,1.95d),(150.35d,1.95d),(150.35d,2.45d),(149.85d,2.45d)}', 2.0, NULL, NULL, 60000.5, 60000.6, 1800, 3.7e-7, 9.0e-7, 1800, 3000,
  'phot.flux.density', NULL, NULL, 'Test Telescope', 'Fibres'),
 ('image', 'hips', 3, 'tests', 'hips/dss', 'DSS colour HiPS', 'ivo://test.example/tap?hips/dss',
  NULL, NULL, 'http://127.0.0.1/hips/dss', 'application/hips', NULL, NULL, 0, 0, 180,
  NULL, 1.7, NULL, NULL, NULL, NULL, NULL, 4.0e-7, 7.0e-7, NULL, NULL, 'phot.count', NULL, NULL, 'Palomar', 'DSS');
