using System.Runtime.InteropServices;

namespace VoServices.Fits.Wcs;

/// <summary>
/// Owns one <c>struct wcsprm</c> in memory allocated here; release frees WCSLIB's internal
/// arrays with wcsfree, then the struct itself.
/// </summary>
internal sealed unsafe class WcsprmHandle : SafeHandle
{
    private WcsprmHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>A deep copy of <paramref name="source"/> made with wcssub (all axes), not yet wcsset.</summary>
    public static WcsprmHandle CopyOf(nint source)
    {
        var h = new WcsprmHandle();
        var p = (nint)NativeMemory.AllocZeroed(WcsLib.SizeOfWcsprm);
        *(int*)p = -1; // wcsprm::flag = -1: "not initialised", so wcsini allocates without freeing.
        var status = WcsLib.WcsSub(1, source, null, null, p);
        if (status != 0)
        {
            var message = WcsLib.ErrorMessage(p, status);
            WcsLib.WcsFree(p);
            NativeMemory.Free((void*)p);
            throw new WcsException($"WCSLIB could not copy the WCS: {message}") { Status = status };
        }

        h.SetHandle(p);
        return h;
    }

    protected override bool ReleaseHandle()
    {
        WcsLib.WcsFree(handle);
        NativeMemory.Free((void*)handle);
        return true;
    }
}

/// <summary>Owns the wcsprm array returned by wcspih; release calls wcsvfree.</summary>
internal sealed unsafe class WcsArrayHandle : SafeHandle
{
    private WcsArrayHandle(nint array, int count)
        : base(0, ownsHandle: true)
    {
        SetHandle(array);
        Count = count;
    }

    public int Count { get; private set; }

    public override bool IsInvalid => handle == 0;

    public static WcsArrayHandle Take(nint array, int count) => new(array, count);

    /// <summary>Address of element <paramref name="i"/>.</summary>
    public nint Element(int i) => handle + (i * WcsLib.SizeOfWcsprm);

    protected override bool ReleaseHandle()
    {
        var n = Count;
        var p = handle;
        WcsLib.WcsVFree(&n, &p);
        Count = 0;
        return true;
    }
}
