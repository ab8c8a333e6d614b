"""Every cube the service publishes, explored through pyVO and checked against spectral-cube, numpy and scipy.

  pyvo_demo_cubes.py SERVICE_ROOT WORK_DIR
      ObsCore (TAP) rows with dataproduct_type 'cube'; each row's DataLink document (pyVO's iter_datalinks); its #this
      link downloads the cube; its #proc rows moment-N, channels-N and pv-N are called with SodaQuery.from_resource
      (the fixed ID filled in): MOMENT 0 and 1, channel maps of NBIN channels, and the descriptor's exampleURL slice
      (a fixed-RA slice through the cube's centre) with INTERP linear and cubic. The answers are judged by the
      reference scripts beside this one: spectral_cube_moments.check (spectral-cube in the VELDEF the answer's header
      names, the cube's rest frequency), channel_maps_reference.check (numpy sums x |dv| in that VELDEF),
      pv_reference.check (astropy's samples, map_coordinates order 1; Keys cubic at the POSITIONS pixels).
      A row without those descriptors (row-stacked spectra are 'cube' in ObsCore but not spectral cubes) is listed
      under "skipped" with the reason. Prints one JSON line {"cubes": {did: {...}}, "skipped": {did: reason},
      "errors": [...]}; exits 1 on any error.
"""
import json, os, sys, warnings
from urllib.parse import urlsplit, parse_qsl
import pyvo
from pyvo.dal.adhoc import SodaQuery
from astropy.io import fits

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import channel_maps_reference, pv_reference, spectral_cube_moments  # noqa: E402

warnings.simplefilter("ignore")


def descriptor(links, prefix):
    """The #proc row whose descriptor ID starts with prefix, and that descriptor; None without one."""
    row = next((r for r in links.bysemantics("#proc", include_narrower=False) if str(r.service_def).startswith(prefix + "-")), None)
    return None if row is None else (row, links.get_adhocservice_by_id(row.service_def))


def call(found, path, **parameters):
    """Calls a descriptor with SodaQuery.from_resource (ID filled in from it); the answer is written to path."""
    query = SodaQuery.from_resource(*found)
    for key, value in parameters.items():
        query[key] = value
    with open(path, "wb") as f:
        f.write(query.execute_stream().read())
    return path


def explore(did, links, work):
    """The checks of one cube: {"moment": result, "channels": result, "pv-linear": ..., "pv-cubic": ...}."""
    stem = os.path.join(work, did.rsplit("/", 1)[-1].replace(".fits", ""))
    cube = stem + ".fits"
    moment, channels, pv = (descriptor(links, p) for p in ("moment", "channels", "pv"))
    if moment is None and channels is None and pv is None:
        return None
    if None in (moment, channels, pv):
        raise AssertionError("only some of the moment, channels and pv descriptors are offered")
    this = next(links.bysemantics("#this", include_narrower=False))
    with open(cube, "wb") as f:
        f.write(this.getdataset().read())
    header = fits.getheader(cube)
    rest = header.get("RESTFRQ", header.get("RESTFREQ"))
    if rest is None:
        raise AssertionError("the cube has no RESTFRQ/RESTFREQ: its velocities cannot be checked")
    results = {}
    ours = call(moment, stem + "-moments.fits", MOMENT=["0", "1"])
    veldef = fits.getheader(ours)["VELDEF"]
    results["moment"] = {**spectral_cube_moments.check(ours, cube, veldef, rest), "veldef": veldef}
    if not results["moment"]["linear"]:
        # Reported, not dropped: spectral-cube assumes one channel width and 0.6 moves optical axes (see its check).
        results["moment"]["unjudged"] = f"spectral-cube is no judge of this {veldef} axis ({header['CTYPE3']}): numpy sums only"
    nbin = max(1, min(4, header["NAXIS3"] // 3))
    ours = call(channels, stem + "-channels.fits", NBIN=str(nbin))
    spec = {"nbin": nbin, "veldef": fits.getheader(ours)["VELDEF"], "restfrq": rest}
    results["channels"] = channel_maps_reference.check(ours, cube, json.dumps(spec))
    example = dict(parse_qsl(urlsplit(str(next(p.value for p in pv[1].params if p.name == "exampleURL"))).query))
    path = {"center": [float(x) for x in example["CENTER"].split()], "length": float(example["LENGTH"]), "pa": float(example["PA"])}
    for interp, order in (("linear", 1), ("cubic", 3)):
        ours = call(pv, f"{stem}-pv-{interp}.fits", CENTER=example["CENTER"], LENGTH=example["LENGTH"], PA=example["PA"], INTERP=interp)
        results["pv-" + interp] = {**pv_reference.check(ours, cube, json.dumps({**path, "order": order})), "example": example}
    return results


def main(root, work):
    service = pyvo.dal.TAPService(root.rstrip("/") + "/tap")
    rows = service.search("SELECT obs_publisher_did, dataproduct_subtype FROM ivoa.obscore WHERE dataproduct_type = 'cube' ORDER BY obs_publisher_did")
    subtypes = {str(r["obs_publisher_did"]): str(r["dataproduct_subtype"]) for r in rows}
    cubes, skipped, errors = {}, {}, []
    # pyVO asks the DataLink service for all rows at once and hands the documents back by ID, in its answer's order.
    for links in rows.iter_datalinks():
        if links is None:
            errors.append("a row without a DataLink document")
            continue
        did = str(links.to_table()["ID"][0])
        try:
            results = explore(did, links, work)
        except Exception as e:  # a failure is an error of this cube, not the end of the run
            errors.append(f"{did}: {type(e).__name__}: {e}")
            continue
        if results is None:
            kinds = sorted({str(r.semantics) for r in links})
            skipped[did] = f"not a spectral cube (subtype {subtypes.get(did)}): its DataLink document offers {kinds}, no moment/channels/pv #proc"
            continue
        cubes[did] = results
        errors.extend(f"{did} {what}: {e}" for what, r in results.items() for e in r["errors"])
    errors.extend(f"{did}: no DataLink document" for did in subtypes if did not in cubes and did not in skipped and not any(e.startswith(did) for e in errors))
    print(json.dumps({"cubes": cubes, "skipped": skipped, "errors": errors}))
    sys.exit(1 if errors or not cubes else 0)


if __name__ == "__main__":
    main(*sys.argv[1:])
