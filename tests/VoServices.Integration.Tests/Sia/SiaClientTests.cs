using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Sia;

/// <summary>pyVO's SIA 2.0 client (pyvo 1.2.1, /usr/bin/python3) against the real server.</summary>
[Collection(PgCollection.Name)]
public sealed class SiaClientTests(SiaFixture sia) : IClassFixture<SiaFixture>
{
    [Fact]
    public async Task Pyvo_sia2_service_finds_the_query_endpoint_and_searches_by_pos_band_time_and_more()
    {
        var (code, output) = await External.PythonAsync("""
            import sys, warnings
            warnings.simplefilter('ignore')
            from astropy import units as u
            from astropy.time import Time
            from pyvo.dal.sia2 import SIAService
            svc = SIAService(sys.argv[1])
            print('ENDPOINT', svc.query_ep)
            r = svc.search(pos=(202.78, 30.5, 0.1), collection='demo')
            print('CIRCLE', len(r), r[0]['obs_id'], r[0]['dataproduct_type'], r.to_table()['s_ra'].unit)
            r = svc.search(pos=(0.2, -15.4, 0.5), band=(0.2 * u.m, 0.22 * u.m), collection='demo')
            print('POSBAND', len(r), sorted(set(r['obs_id']))[0])
            r = svc.search(pos=[(0, 360, 88, 90)], collection='demo')
            print('RANGE', sorted(r['obs_id']))
            r = svc.search(pos=(202.7, 30.4, 202.9, 30.4, 202.9, 30.6, 202.7, 30.6), pol=['Q'], collection='demo')
            print('POLYGON', [x['obs_id'] for x in r])
            r = svc.search(collection='demo', time=(Time(58587.2, format='mjd'), Time(58587.3, format='mjd')), calib_level=[2])
            print('TIME', [x['obs_id'] for x in r])
            r = svc.search(collection='demo', data_type='image')
            print('DPTYPE', [x['obs_id'] for x in r])
            r = svc.search(collection='demo', maxrec=2)
            print('MAXREC', len(r))
            try:
                svc.search(pos=(10, 10, 1), band=(float('-inf'), float('inf')), kwarg_test='x', TIME='abc')
            except Exception as e:
                print('ERROR', type(e).__name__, str(e).replace('\n', ' '))
            """, sia.SiaUrl);
        Assert.True(code == 0, output);
        Assert.Contains("ENDPOINT " + sia.SiaUrl + "/query", output, StringComparison.Ordinal);
        Assert.Contains("CIRCLE 1 cubes/continuum/3C286_IQUV.fits cube deg", output, StringComparison.Ordinal);
        Assert.Contains("POSBAND 1 cubes/hi/WLM_HI.fits", output, StringComparison.Ordinal);
        Assert.Contains("RANGE ['cubes/hi/NGC3172_HI.fits']", output, StringComparison.Ordinal);
        Assert.Contains("POLYGON ['cubes/continuum/3C286_IQUV.fits']", output, StringComparison.Ordinal);
        Assert.Contains("TIME ['cubes/continuum/3C286_IQUV.fits']", output, StringComparison.Ordinal);
        Assert.Contains("DPTYPE ['hips-demo']", output, StringComparison.Ordinal);
        Assert.Contains("MAXREC 2", output, StringComparison.Ordinal);
        Assert.Contains("ERROR DALQueryError UsageFault: TIME: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pyvo_reads_the_capabilities_without_warnings()
    {
        var (code, output) = await External.PythonAsync("""
            import io, sys, warnings
            from pyvo.io.vosi import parse_capabilities
            from urllib.request import urlopen
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter('always')
                caps = parse_capabilities(io.BytesIO(urlopen(sys.argv[1] + '/capabilities').read()))
            print('CAPS', [c.standardid for c in caps])
            print('QUERY', list(caps[0].interfaces[0].querytypes))
            print('WARNINGS', len(caught), [str(w.message) for w in caught])
            """, sia.SiaUrl);
        Assert.True(code == 0, output);
        Assert.Contains("CAPS ['ivo://ivoa.net/std/SIA#query-2.0', 'ivo://ivoa.net/std/VOSI#capabilities', 'ivo://ivoa.net/std/VOSI#availability']", output, StringComparison.Ordinal);
        Assert.True(output.Contains("QUERY ['GET']", StringComparison.Ordinal), output);
        Assert.True(output.Contains("WARNINGS 0 []", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task Pyvo_follows_the_datalink_descriptor_of_sia_results_to_the_file_and_a_cutout()
    {
        var (code, output) = await External.PythonAsync("""
            import io, sys, warnings
            warnings.simplefilter('ignore')
            import astropy.units as u
            from astropy.io import fits
            from pyvo.dal.sia2 import SIAService
            from pyvo.dal.adhoc import DATALINK_IVOID, SODA_SYNC_IVOID
            r = SIAService(sys.argv[1]).search(pos=(202.78, 30.5, 0.1), collection='demo')
            dl = r.get_adhocservice_by_ivoid(DATALINK_IVOID)
            print('DATALINK', dl.ID, [p.value for p in dl.params if p.name == 'accessURL'][0])
            print('REF', [p.ref for p in dl.groups[0].entries if p.name == 'ID'][0])
            print('SODA', r.get_adhocservice_by_ivoid(SODA_SYNC_IVOID).ID)
            links = r[0].getdatalink()
            this = next(links.bysemantics('#this', include_narrower=False))
            whole = fits.open(io.BytesIO(this.getdataset().read()))
            print('THIS', this.access_url.split('/')[-1], this.content_type, whole[0].data.shape)
            proc = next(r.iter_datalinks()).get_first_proc()
            cut = fits.open(io.BytesIO(proc.processed(circle=[r[0]['s_ra'], r[0]['s_dec'], 0.005] * u.deg).read()))
            print('CUTOUT', cut[0].data.size < whole[0].data.size, cut[0].header['NAXIS'])
            """, sia.SiaUrl);
        Assert.True(code == 0, output);
        Assert.Contains("DATALINK datalink-links " + sia.Server.BaseUrl + "/datalink/links", output, StringComparison.Ordinal);
        Assert.Contains("REF obs_publisher_did", output, StringComparison.Ordinal);
        Assert.Contains("SODA soda-sync", output, StringComparison.Ordinal);
        Assert.Contains("THIS 3C286_IQUV.fits image/fits (4, 8, 32, 32)", output, StringComparison.Ordinal);
        Assert.Contains("CUTOUT True 4", output, StringComparison.Ordinal);
    }
}
