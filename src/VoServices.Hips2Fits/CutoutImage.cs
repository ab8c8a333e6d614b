using VoServices.Fits;

namespace VoServices.Hips2Fits;

/// <summary>
/// A cutout's pixels in FITS order (row 0 the bottom row, NaN where the HiPS has no data or the projection no
/// sky), with the header that describes them and how they were made.
/// </summary>
public sealed record CutoutImage(int Width, int Height, float[] Pixels, FitsHeaderBuilder Header, int CellOrder, int TileOrder)
{
    /// <summary>Pixels holding a value.</summary>
    public long ValidCount => Pixels.LongCount(float.IsFinite);
}
