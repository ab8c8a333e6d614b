using System.Runtime.InteropServices;

namespace VoServices.Fits.Wcs;

/// <summary>
/// P/Invoke declarations for WCSLIB (libwcs.so.7) and the field offsets of <c>struct wcsprm</c>
/// of WCSLIB 7.x on LP64 (measured with offsetof against /usr/include/wcslib/wcs.h of 7.12).
/// <see cref="EnsureUsable"/> checks at run time that the loaded library has the same layout
/// (sizeof(struct wcsprm) through wcssize) before any field is read.
/// </summary>
internal static unsafe partial class WcsLib
{
    private const string Lib = "libwcs.so.7";

    public const int WcsHdrAll = 0x000FFFFF;

    // struct wcsprm field offsets (bytes), WCSLIB 7.x, 64-bit.
    public const int SizeOfWcsprm = 2752;
    public const int OffFlag = 0;
    public const int OffNaxis = 4;
    public const int OffCunit = 40;
    public const int OffCtype = 48;
    public const int OffRestfrq = 72;
    public const int OffRestwav = 80;
    public const int OffAlt = 144;
    public const int OffRadesys = 1248;
    public const int OffEquinox = 1320;
    public const int OffSpecsys = 1328;
    public const int OffLngtyp = 1600;
    public const int OffLattyp = 1608;
    public const int OffLng = 1616;
    public const int OffLat = 1620;
    public const int OffSpec = 1624;
    public const int OffTypes = 1632;
    public const int OffErr = 2584;

    // struct wcserr: int status; int line_no; const char *function; const char *file; char *msg;
    public const int OffErrMsg = 24;

    /// <summary>WCSLIB's marker for an undefined double (wcsmath.h).</summary>
    public const double Undefined = 987654321.0e99;

    private static readonly object InitGate = new();
    private static string? _unusable;
    private static bool _initialised;

    /// <summary>wcspih's Flex scanner and wcserr_enable are process-global: serialise them.</summary>
    public static readonly object ParseGate = new();

    [LibraryImport(Lib, EntryPoint = "wcspih")]
    public static partial int WcsPih(byte* header, int nkeyrec, int relax, int ctrl, int* nreject, int* nwcs, nint* wcs);

    [LibraryImport(Lib, EntryPoint = "wcsvfree")]
    public static partial int WcsVFree(int* nwcs, nint* wcs);

    [LibraryImport(Lib, EntryPoint = "wcssub")]
    public static partial int WcsSub(int alloc, nint src, int* nsub, int* axes, nint dst);

    [LibraryImport(Lib, EntryPoint = "wcsini")]
    public static partial int WcsIni(int alloc, int naxis, nint wcs);

    [LibraryImport(Lib, EntryPoint = "wcsfree")]
    public static partial int WcsFree(nint wcs);

    [LibraryImport(Lib, EntryPoint = "wcsset")]
    public static partial int WcsSet(nint wcs);

    [LibraryImport(Lib, EntryPoint = "wcssptr")]
    public static partial int WcsSptr(nint wcs, int* i, byte* ctype);

    [LibraryImport(Lib, EntryPoint = "wcssize")]
    public static partial int WcsSize(nint wcs, int* sizes);

    [LibraryImport(Lib, EntryPoint = "wcserr_enable")]
    public static partial int WcsErrEnable(int enable);

    [LibraryImport(Lib, EntryPoint = "wcslib_version")]
    public static partial nint WcsLibVersion(int* vers);

    [LibraryImport(Lib, EntryPoint = "wcsp2s")]
    public static partial int WcsP2S(nint wcs, int ncoord, int nelem, double* pixcrd, double* imgcrd, double* phi, double* theta, double* world, int* stat);

    [LibraryImport(Lib, EntryPoint = "wcss2p")]
    public static partial int WcsS2P(nint wcs, int ncoord, int nelem, double* world, double* phi, double* theta, double* imgcrd, double* pixcrd, int* stat);

    /// <summary>
    /// Loads WCSLIB, enables its detailed error messages and checks the struct layout.
    /// Throws <see cref="WcsException"/> when the library is missing or has another layout.
    /// </summary>
    public static void EnsureUsable()
    {
        lock (InitGate)
        {
            if (!_initialised)
            {
                _unusable = Probe();
                _initialised = true;
            }
        }

        if (_unusable is not null)
        {
            throw new WcsException(_unusable);
        }
    }

    private static string? Probe()
    {
        try
        {
            int* vers = stackalloc int[3];
            var version = Marshal.PtrToStringAnsi(WcsLibVersion(vers)) ?? "?";
            if (vers[0] != 7)
            {
                return $"WCSLIB {version} is loaded, but this build reads struct wcsprm with the layout of WCSLIB 7.x.";
            }

            WcsErrEnable(1);
            var p = (nint)NativeMemory.AllocZeroed(SizeOfWcsprm);
            try
            {
                *(int*)p = -1;
                if (WcsIni(1, 2, p) != 0)
                {
                    return "WCSLIB's wcsini failed while checking the library.";
                }

                int* sizes = stackalloc int[2];
                WcsSize(p, sizes);
                var naxis = *(int*)(p + OffNaxis);
                WcsFree(p);
                if (sizes[0] != SizeOfWcsprm || naxis != 2)
                {
                    return $"WCSLIB {version} has sizeof(struct wcsprm) = {sizes[0]}, not the {SizeOfWcsprm} bytes this build was written for.";
                }
            }
            finally
            {
                NativeMemory.Free((void*)p);
            }

            return null;
        }
        catch (DllNotFoundException e)
        {
            return $"WCSLIB (libwcs.so.7) is not installed: {e.Message} (Debian: apt-get install libwcs7).";
        }
        catch (EntryPointNotFoundException e)
        {
            return $"The installed WCSLIB lacks a needed function: {e.Message}";
        }
    }

    /// <summary>WCSLIB's error message stored in wcsprm::err, or a generic text for the status.</summary>
    public static string ErrorMessage(nint wcs, int status)
    {
        var err = *(nint*)(wcs + OffErr);
        if (err != 0)
        {
            var msg = Marshal.PtrToStringAnsi(*(nint*)(err + OffErrMsg));
            if (!string.IsNullOrWhiteSpace(msg))
            {
                return msg;
            }
        }

        return status switch
        {
            1 => "Null wcsprm pointer passed",
            2 => "Memory allocation failed",
            3 => "Linear transformation matrix is singular",
            4 => "Inconsistent or unrecognized coordinate axis type",
            5 => "Invalid parameter value",
            6 => "Unrecognized coordinate transformation parameter",
            7 => "Ill-conditioned coordinate transformation parameter",
            8 => "One or more of the pixel coordinates were invalid",
            9 => "One or more of the world coordinates were invalid",
            10 => "Invalid world coordinate",
            11 => "No solution found in the specified interval",
            12 => "Invalid subimage specification",
            13 => "Non-separable subimage coordinate system",
            _ => $"WCSLIB status {status}",
        };
    }

    public static string ReadFixedString(nint p, int maxLength)
    {
        var s = Marshal.PtrToStringAnsi(p) ?? string.Empty;
        if (s.Length > maxLength)
        {
            s = s[..maxLength];
        }

        return s.TrimEnd();
    }
}
