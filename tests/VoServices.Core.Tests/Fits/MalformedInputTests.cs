using VoServices.Fits;

namespace VoServices.Core.Tests.Fits;

/// <summary>
/// Damaged files must fail with <see cref="FitsFormatException"/> only: ingest turns that type
/// into "skipped: reason", anything else would abort or mislabel the batch.
/// </summary>
public sealed class MalformedInputTests
{
    private static byte[] ValidFile()
    {
        var ms = new MemoryStream();
        using (var w = new FitsWriter(ms, leaveOpen: true))
        {
            w.WriteImage<short>([20, 10], new short[200], new FitsHeaderBuilder().Set("BSCALE", 2.0).Set("BLANK", -1L).Set("OBJECT", "x"));
            w.WriteBinTable([FitsTableColumn.Int32("a", [1, 2, 3]), FitsTableColumn.Text("b", ["x", "y", "z"], 4), FitsTableColumn.Float64("c", [1, 2, 3, 4, 5, 6], repeat: 2)]);
        }

        return ms.ToArray();
    }

    [Fact]
    public void Randomly_damaged_headers_raise_only_FitsFormatException()
    {
        var original = ValidFile();
        // Header bytes: primary 0..2879 and table header 5760..8639; the damage is printable ASCII
        // (digits, letters, quotes, '=', '/', blanks), the kind a bad writer produces.
        const string alphabet = "0123456789-+.E' =/ABCDENTXPQ()&";
        var rnd = new Random(20240101);
        var failures = 0;
        for (var trial = 0; trial < 3000; trial++)
        {
            var bytes = (byte[])original.Clone();
            var edits = 1 + rnd.Next(4);
            for (var e = 0; e < edits; e++)
            {
                var headerStart = rnd.Next(2) == 0 ? 0 : 5760;
                var card = rnd.Next(14);
                var column = rnd.Next(80);
                bytes[headerStart + (card * 80) + column] = (byte)alphabet[rnd.Next(alphabet.Length)];
            }

            if (rnd.Next(10) == 0)
            {
                bytes = bytes[..rnd.Next(bytes.Length)];
            }

            try
            {
                var ms = new MemoryStream(bytes);
                var hdus = FitsReader.ReadHdus(ms);
                foreach (var hdu in hdus)
                {
                    if (hdu.IsImage)
                    {
                        using var img = new FitsImage(ms, hdu);
                        img.HasFiniteValue();
                        if (hdu.ElementCount < 1_000_000)
                        {
                            img.ReadAll();
                        }
                    }
                    else if (hdu.IsBinTable && hdu.DataLength < 1_000_000)
                    {
                        using var t = new FitsBinTable(ms, hdu);
                        foreach (var c in t.Columns)
                        {
                            if (c.IsNumeric)
                            {
                                t.ReadDoubles(c);
                            }
                            else if (c.Type == 'A')
                            {
                                t.ReadStrings(c);
                            }
                        }
                    }
                }
            }
            catch (FitsFormatException)
            {
                failures++;
            }
        }

        // Sanity: the damage does break files often (so the loop exercised the error paths).
        Assert.InRange(failures, 100, 3000);
    }
}
