using System.Runtime.InteropServices;
using System.Text;
using VoServices.Fits;

namespace VoServices.Fits.Wcs;

/// <summary>
/// A FITS world coordinate system, evaluated by WCSLIB (the library behind astropy.wcs): every
/// projection, and spectral axes FREQ, VELO, VRAD, VOPT, ZOPT, WAVE, AWAV, ENER, … with the rest
/// frequency or wavelength from RESTFRQ/RESTFREQ/RESTWAV.
/// </summary>
/// <remarks>
/// <para>
/// Pixel coordinates are FITS pixel coordinates: 1-based, the centre of the first pixel is 1.0
/// (as wcsp2s/wcss2p and astropy's <c>origin=1</c>). World coordinates are in the axes' units as
/// WCSLIB normalises them: degrees for celestial axes, SI units (Hz, m, m/s) for spectral axes.
/// </para>
/// <para>
/// AIPS conventions: WCSLIB (with relax = WCSHDR_all) reads an AIPS spectral CTYPE such as
/// <c>VELO-LSR</c>, <c>FELO-HEL</c> and VELREF. Without VELREF, WCSLIB takes <c>VELO-xxx</c> as an
/// <em>optical</em> velocity (VOPT), as AIPS documents; some services read it as radio velocity.
/// This code follows WCSLIB (and therefore astropy): a demo or data cube that means radio velocity
/// should say VRAD. The difference for a line at velocity v is about v²/c (0.2 km/s at 250 km/s).
/// </para>
/// <para>
/// Threading: WCSLIB's wcsprm is not safe for concurrent use. This class serialises calls on one
/// instance with a lock, so sharing is safe but serial; for parallel work use one
/// <see cref="WcsTransform"/> per thread (create them from the same <see cref="FitsHeader"/>).
/// </para>
/// </remarks>
public sealed unsafe class WcsTransform : IDisposable
{
    private readonly WcsprmHandle _wcs;
    private readonly object _gate = new();

    private WcsTransform(WcsprmHandle wcs)
    {
        _wcs = wcs;
        var p = wcs.DangerousGetHandle();
        var status = WcsLib.WcsSet(p);
        if (status != 0)
        {
            var message = WcsLib.ErrorMessage(p, status);
            wcs.Dispose();
            throw new WcsException($"WCSLIB rejected the WCS: {message}") { Status = status };
        }

        NAxis = *(int*)(p + WcsLib.OffNaxis);
        var ctypes = new string[NAxis];
        var cunits = new string[NAxis];
        var ctypeArray = *(nint*)(p + WcsLib.OffCtype);
        var cunitArray = *(nint*)(p + WcsLib.OffCunit);
        var types = *(int**)(p + WcsLib.OffTypes);
        int? stokes = null;
        for (var i = 0; i < NAxis; i++)
        {
            ctypes[i] = WcsLib.ReadFixedString(ctypeArray + (i * 72), 72);
            cunits[i] = WcsLib.ReadFixedString(cunitArray + (i * 72), 72);
            if (stokes is null && types[i] / 1000 == 1)
            {
                stokes = i;
            }
        }

        if (ctypes.All(c => c.Length == 0))
        {
            wcs.Dispose();
            throw new WcsException("The header has no world coordinate system (no CTYPEn keywords).");
        }

        CTypes = ctypes;
        CUnits = cunits;
        StokesAxis = stokes;
        var lng = *(int*)(p + WcsLib.OffLng);
        var lat = *(int*)(p + WcsLib.OffLat);
        var spec = *(int*)(p + WcsLib.OffSpec);
        LongitudeAxis = lng >= 0 ? lng : null;
        LatitudeAxis = lat >= 0 ? lat : null;
        SpectralAxis = spec >= 0 ? spec : null;
        var restfrq = *(double*)(p + WcsLib.OffRestfrq);
        var restwav = *(double*)(p + WcsLib.OffRestwav);
        RestFrequency = restfrq > 0 && restfrq != WcsLib.Undefined ? restfrq : null;
        RestWavelength = restwav > 0 && restwav != WcsLib.Undefined ? restwav : null;
        var specsys = WcsLib.ReadFixedString(p + WcsLib.OffSpecsys, 72);
        SpecSys = specsys.Length > 0 ? specsys : null;
        Frame = LongitudeAxis is null ? null : ReadFrame(p);
    }

    /// <summary>Number of pixel (and world) axes.</summary>
    public int NAxis { get; }

    /// <summary>CTYPEn per axis after WCSLIB's parsing (AIPS types are translated, e.g. VELO-LSR → VOPT with SpecSys LSRK).</summary>
    public IReadOnlyList<string> CTypes { get; }

    /// <summary>CUNITn per axis as WCSLIB normalised them (e.g. "deg", "Hz", "m/s"); empty when none.</summary>
    public IReadOnlyList<string> CUnits { get; }

    /// <summary>0-based index of the celestial longitude axis (RA, GLON, ELON, …), or null.</summary>
    public int? LongitudeAxis { get; }

    /// <summary>0-based index of the celestial latitude axis, or null.</summary>
    public int? LatitudeAxis { get; }

    /// <summary>0-based index of the spectral axis, or null.</summary>
    public int? SpectralAxis { get; }

    /// <summary>0-based index of the STOKES axis, or null.</summary>
    public int? StokesAxis { get; }

    /// <summary>Rest frequency in Hz (RESTFRQ or RESTFREQ), or null.</summary>
    public double? RestFrequency { get; }

    /// <summary>Rest wavelength in m (RESTWAV), or null.</summary>
    public double? RestWavelength { get; }

    /// <summary>SPECSYS (e.g. LSRK, BARYCENT), or as WCSLIB derived it from an AIPS CTYPE; null when unknown.</summary>
    public string? SpecSys { get; }

    /// <summary>The celestial frame of the longitude/latitude axes, or null without celestial axes.</summary>
    public CelestialFrame? Frame { get; }

    /// <summary>
    /// Parses the primary WCS (alternate ' ') of a header with wcspih (relax = WCSHDR_all) and
    /// prepares it with wcsset. Throws <see cref="WcsException"/> with WCSLIB's message when
    /// there is no WCS or it is unusable (e.g. an unknown CTYPE).
    /// </summary>
    public static WcsTransform FromHeader(FitsHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        WcsLib.EnsureUsable();
        var text = header.ToHeaderString();
        var bytes = new byte[text.Length + 1];
        Encoding.ASCII.GetBytes(text, bytes);
        var nkeyrec = text.Length / 80;
        int nreject, nwcs;
        nint array;
        int status;
        lock (WcsLib.ParseGate)
        {
            fixed (byte* b = bytes)
            {
                status = WcsLib.WcsPih(b, nkeyrec, WcsLib.WcsHdrAll, 0, &nreject, &nwcs, &array);
            }
        }

        if (status != 0)
        {
            throw new WcsException($"WCSLIB could not parse the header (wcspih status {status}: {WcsLib.ErrorMessage(0, status)}).") { Status = status };
        }

        using var parsed = WcsArrayHandle.Take(array, nwcs);
        if (nwcs == 0)
        {
            throw new WcsException("The header has no world coordinate system.");
        }

        for (var i = 0; i < nwcs; i++)
        {
            var element = parsed.Element(i);
            var alt = *(byte*)(element + WcsLib.OffAlt);
            if (alt is (byte)' ' or 0)
            {
                return new WcsTransform(WcsprmHandle.CopyOf(element));
            }
        }

        throw new WcsException("The header has only alternate world coordinate systems (CTYPEna), no primary one.");
    }

    /// <summary>
    /// A new transform whose spectral axis is expressed as <paramref name="spectralCType"/>, e.g.
    /// <c>WAVE-???</c> (vacuum wavelength in m; WCSLIB picks the algorithm code, e.g. WAVE-F2W for a
    /// FREQ axis) — so a wavelength interval maps straight to pixels whatever the cube's own
    /// spectral axis. Needs a rest frequency/wavelength when converting between velocity and
    /// frequency/wavelength. This transform is unchanged.
    /// </summary>
    public WcsTransform WithSpectralAxisAs(string spectralCType)
    {
        ArgumentNullException.ThrowIfNull(spectralCType);
        if (spectralCType.Length is 0 or > 8)
        {
            throw new ArgumentException("A spectral CTYPE has 1 to 8 characters, e.g. WAVE-???.", nameof(spectralCType));
        }

        if (SpectralAxis is not { } axis)
        {
            throw new WcsException("The WCS has no spectral axis to translate.");
        }

        lock (_gate)
        {
            var copy = WcsprmHandle.CopyOf(_wcs.DangerousGetHandle());
            var p = copy.DangerousGetHandle();
            var buffer = stackalloc byte[9];
            Encoding.ASCII.GetBytes(spectralCType.PadRight(8), new Span<byte>(buffer, 8));
            buffer[8] = 0;
            var i = axis;
            var status = WcsLib.WcsSptr(p, &i, buffer);
            if (status != 0)
            {
                var message = WcsLib.ErrorMessage(p, status);
                copy.Dispose();
                throw new WcsException($"WCSLIB cannot express the spectral axis {CTypes[axis]} as {spectralCType}: {message}") { Status = status };
            }

            return new WcsTransform(copy);
        }
    }

    /// <summary>
    /// Converts pixel coordinates to world coordinates. <paramref name="pixel"/> holds
    /// consecutive coordinate tuples of <see cref="NAxis"/> values (1-based FITS pixels);
    /// <paramref name="world"/> receives as many values. Tuples WCSLIB declares invalid get NaN in
    /// every element; the return value is their number.
    /// </summary>
    public int PixelToWorld(ReadOnlySpan<double> pixel, Span<double> world)
    {
        var n = CheckShapes(pixel.Length, world.Length, nameof(pixel));
        if (n == 0)
        {
            return 0;
        }

        var scratch = new double[(pixel.Length * 2) + (n * 2)];
        var stat = new int[n];
        lock (_gate)
        {
            fixed (double* pix = pixel, wld = world, s = scratch)
            fixed (int* st = stat)
            {
                var status = WcsLib.WcsP2S(Handle, n, NAxis, pix, s, s + pixel.Length, s + pixel.Length + n, wld, st);
                return Finish(status, 8, stat, world, "pixel");
            }
        }
    }

    /// <summary>Converts one pixel coordinate tuple (1-based) to world coordinates; NaN when invalid.</summary>
    public double[] PixelToWorld(params double[] pixel)
    {
        ArgumentNullException.ThrowIfNull(pixel);
        var world = new double[pixel.Length];
        PixelToWorld(pixel, world);
        return world;
    }

    /// <summary>
    /// Converts world coordinates to 1-based pixel coordinates, tuple by tuple as
    /// <see cref="PixelToWorld(ReadOnlySpan{double}, Span{double})"/>. Tuples that cannot be
    /// converted (e.g. behind a SIN projection's horizon) get NaN; the return value is their number.
    /// </summary>
    public int WorldToPixel(ReadOnlySpan<double> world, Span<double> pixel)
    {
        var n = CheckShapes(world.Length, pixel.Length, nameof(world));
        if (n == 0)
        {
            return 0;
        }

        var scratch = new double[(world.Length * 2) + (n * 2)];
        var stat = new int[n];
        lock (_gate)
        {
            fixed (double* wld = world, pix = pixel, s = scratch)
            fixed (int* st = stat)
            {
                var status = WcsLib.WcsS2P(Handle, n, NAxis, wld, s, s + n, s + (2 * n), pix, st);
                return Finish(status, 9, stat, pixel, "world");
            }
        }
    }

    /// <summary>Converts one world coordinate tuple to 1-based pixel coordinates; NaN when invalid.</summary>
    public double[] WorldToPixel(params double[] world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var pixel = new double[world.Length];
        WorldToPixel(world, pixel);
        return pixel;
    }

    /// <inheritdoc />
    public void Dispose() => _wcs.Dispose();

    private nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_wcs.IsClosed, this);
            return _wcs.DangerousGetHandle();
        }
    }

    private int CheckShapes(int inputLength, int outputLength, string name)
    {
        if (inputLength % NAxis != 0)
        {
            throw new ArgumentException($"The coordinates must come in tuples of NAXIS = {NAxis} values.", name);
        }

        if (outputLength < inputLength)
        {
            throw new ArgumentException("The output span is shorter than the input.", name);
        }

        return inputLength / NAxis;
    }

    private int Finish(int status, int invalidStatus, int[] stat, Span<double> output, string what)
    {
        if (status == 0)
        {
            return 0;
        }

        if (status != invalidStatus)
        {
            throw new WcsException($"WCSLIB failed to convert {what} coordinates: {WcsLib.ErrorMessage(Handle, status)}") { Status = status };
        }

        var bad = 0;
        for (var k = 0; k < stat.Length; k++)
        {
            if (stat[k] != 0)
            {
                bad++;
                output.Slice(k * NAxis, NAxis).Fill(double.NaN);
            }
        }

        return bad;
    }

    private static CelestialFrame ReadFrame(nint p)
    {
        var lngtyp = WcsLib.ReadFixedString(p + WcsLib.OffLngtyp, 8);
        var radesys = WcsLib.ReadFixedString(p + WcsLib.OffRadesys, 72);
        var equinoxRaw = *(double*)(p + WcsLib.OffEquinox);
        double? equinox = equinoxRaw == WcsLib.Undefined || double.IsNaN(equinoxRaw) ? null : equinoxRaw;
        return lngtyp switch
        {
            "RA" => radesys switch
            {
                "ICRS" or "" => new CelestialFrame(CelestialFrameKind.Icrs, null, "ICRS"),
                "FK5" => new CelestialFrame(CelestialFrameKind.Fk5, equinox ?? 2000.0, radesys),
                "FK4" => new CelestialFrame(CelestialFrameKind.Fk4, equinox ?? 1950.0, radesys),
                "FK4-NO-E" => new CelestialFrame(CelestialFrameKind.Fk4NoETerms, equinox ?? 1950.0, radesys),
                _ => new CelestialFrame(CelestialFrameKind.Other, equinox, radesys),
            },
            "GLON" => new CelestialFrame(CelestialFrameKind.Galactic, null, "GALACTIC"),
            "ELON" => new CelestialFrame(CelestialFrameKind.Ecliptic, equinox ?? 2000.0, "ECLIPTIC"),
            _ => new CelestialFrame(CelestialFrameKind.Other, equinox, lngtyp),
        };
    }
}
