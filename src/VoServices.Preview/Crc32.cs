using VoServices.Products;

namespace VoServices.Preview;

/// <summary>
/// CRC-32 as PNG (ISO 3309 / ITU-T V.42) defines it: reflected polynomial 0xEDB88320, initial value
/// and final XOR 0xFFFFFFFF. System.IO.Hashing is not in the package registry here, so it is ours.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Feeds <paramref name="data"/> into a running CRC (start with <see cref="Start"/>, finish with <see cref="Finish"/>).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    public const uint Start = 0xFFFF_FFFFu;

    public static uint Finish(uint crc) => crc ^ 0xFFFF_FFFFu;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB8_8320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
