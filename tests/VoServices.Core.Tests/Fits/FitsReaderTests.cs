using System.Text;
using VoServices.Fits;
using static VoServices.Core.Tests.Fits.FitsTestFiles;

namespace VoServices.Core.Tests.Fits;

public sealed class FitsReaderTests
{
    private static byte[] PrimaryImage(int nx, int ny) => Concat(
        Header("SIMPLE  = T", "BITPIX  = 16", "NAXIS   = 2", $"NAXIS1  = {nx}", $"NAXIS2  = {ny}", "EXTEND  = T"),
        Padded(new byte[nx * ny * 2]));

    [Fact]
    public void Finds_every_hdu_with_offsets_sizes_and_names()
    {
        // Primary 10×10 int16 = 200 bytes (one block); IMAGE ext 3×4×5 float32 = 240 bytes;
        // BINTABLE with 7-byte rows × 3 rows + PCOUNT 9 heap bytes = 30 bytes.
        var bytes = Concat(
            PrimaryImage(10, 10),
            Header("XTENSION= 'IMAGE   '", "BITPIX  = -32", "NAXIS   = 3", "NAXIS1  = 3", "NAXIS2  = 4", "NAXIS3  = 5", "PCOUNT  = 0", "GCOUNT  = 1", "EXTNAME = 'FLUX    '"),
            Padded(new byte[240]),
            Header("XTENSION= 'BINTABLE'", "BITPIX  = 8", "NAXIS   = 2", "NAXIS1  = 7", "NAXIS2  = 3", "PCOUNT  = 9", "GCOUNT  = 1", "TFIELDS = 1", "TFORM1  = '7A'", "EXTNAME = 'SLITMAP'"),
            Padded(new byte[30]));
        var hdus = FitsReader.ReadHdus(new MemoryStream(bytes));

        Assert.Equal(3, hdus.Count);
        Assert.True(hdus[0].IsPrimary);
        Assert.True(hdus[0].IsImage);
        Assert.Equal(new long[] { 10, 10 }, hdus[0].Axes);
        Assert.Equal(16, hdus[0].Bitpix);
        Assert.Equal(0, hdus[0].HeaderOffset);
        Assert.Equal(2880, hdus[0].DataOffset);
        Assert.Equal(200, hdus[0].DataLength);

        Assert.Equal("FLUX", hdus[1].ExtName);
        Assert.True(hdus[1].IsImage);
        Assert.Equal(5760, hdus[1].HeaderOffset);
        Assert.Equal(8640, hdus[1].DataOffset);
        Assert.Equal(240, hdus[1].DataLength);
        Assert.Equal(60, hdus[1].ElementCount);

        Assert.True(hdus[2].IsBinTable);
        Assert.False(hdus[2].IsImage);
        Assert.Equal("SLITMAP", hdus[2].ExtName);
        Assert.Equal(11520, hdus[2].HeaderOffset);
        Assert.Equal(30, hdus[2].DataLength);
    }

    [Fact]
    public async Task Async_and_non_seekable_reading_give_the_same_hdus()
    {
        var bytes = Concat(PrimaryImage(100, 100), Header("XTENSION= 'IMAGE   '", "BITPIX  = 8", "NAXIS   = 1", "NAXIS1  = 5", "PCOUNT  = 0", "GCOUNT  = 1"), Padded(new byte[5]));
        var seekable = await FitsReader.ReadHdusAsync(new MemoryStream(bytes), CancellationToken.None);
        var forwardOnly = FitsReader.ReadHdus(new ForwardOnlyStream(bytes));
        var forwardOnlyAsync = await FitsReader.ReadHdusAsync(new ForwardOnlyStream(bytes), CancellationToken.None);
        // 100×100×2 = 20000 bytes of data = 7 blocks, so the extension header is at 2880 × 8.
        foreach (var hdus in new[] { seekable, forwardOnly, forwardOnlyAsync })
        {
            Assert.Equal(2, hdus.Count);
            Assert.Equal(2880 * 8, hdus[1].HeaderOffset);
            Assert.Equal(5, hdus[1].DataLength);
        }
    }

    [Fact]
    public void Empty_primary_has_no_data_and_is_not_an_image()
    {
        var hdus = FitsReader.ReadHdus(new MemoryStream(Header("SIMPLE  = T", "BITPIX  = 8", "NAXIS   = 0", "EXTEND  = T")));
        Assert.Single(hdus);
        Assert.Equal(0, hdus[0].DataLength);
        Assert.False(hdus[0].IsImage);
        Assert.Empty(hdus[0].Axes);
    }

    [Fact]
    public void Missing_final_padding_is_tolerated_but_trailing_garbage_is_ignored()
    {
        // Data 200 bytes without padding to 2880, then nothing: every byte declared is present.
        var bytes = Concat(Header("SIMPLE  = T", "BITPIX  = 16", "NAXIS   = 1", "NAXIS1  = 100"), new byte[200]);
        Assert.Single(FitsReader.ReadHdus(new MemoryStream(bytes)));
        var withJunk = Concat(PrimaryImage(2, 2), Encoding.ASCII.GetBytes(new string('x', 3000)));
        Assert.Single(FitsReader.ReadHdus(new MemoryStream(withJunk)));
    }

    [Theory]
    [InlineData("not-fits", "Not a FITS file")]
    [InlineData("simple-false", "not SIMPLE = T")]
    [InlineData("empty", "empty")]
    [InlineData("truncated-header", "Truncated header")]
    [InlineData("no-end", "no END")]
    [InlineData("short-data", "shorter than its header declares")]
    [InlineData("bad-bitpix", "BITPIX = 12")]
    [InlineData("bad-naxis", "NAXIS2")]
    [InlineData("negative-naxis", "negative")]
    [InlineData("truncated-extension", "Truncated header")]
    [InlineData("binary-in-header", "no END card")]
    public void Malformed_files_raise_FitsFormatException_with_a_clear_reason(string kind, string expected)
    {
        var bytes = kind switch
        {
            "not-fits" => Encoding.ASCII.GetBytes("<html><body>404 Not Found</body></html>" + new string(' ', 3000)),
            "simple-false" => Header("SIMPLE  = F", "BITPIX  = 8", "NAXIS   = 0"),
            "empty" => [],
            "truncated-header" => Header("SIMPLE  = T", "BITPIX  = 8", "NAXIS   = 0")[..1000],
            "no-end" => Encoding.ASCII.GetBytes(Card("SIMPLE  = T") + Card("BITPIX  = 8") + new string(' ', 2880 - 160)),
            "short-data" => Concat(Header("SIMPLE  = T", "BITPIX  = -32", "NAXIS   = 2", "NAXIS1  = 100", "NAXIS2  = 100"), new byte[2880]),
            "bad-bitpix" => Header("SIMPLE  = T", "BITPIX  = 12", "NAXIS   = 0"),
            "bad-naxis" => Header("SIMPLE  = T", "BITPIX  = 8", "NAXIS   = 2", "NAXIS1  = 4"),
            "negative-naxis" => Header("SIMPLE  = T", "BITPIX  = 8", "NAXIS   = 1", "NAXIS1  = -4"),
            "truncated-extension" => Concat(PrimaryImage(2, 2), Header("XTENSION= 'IMAGE   '", "BITPIX  = 8", "NAXIS   = 0")[..500]),
            "binary-in-header" => Concat(Encoding.ASCII.GetBytes(Card("SIMPLE  = T") + new string(' ', 2800)), new byte[2880]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var e = Assert.Throws<FitsFormatException>(() => FitsReader.ReadHdus(new MemoryStream(bytes)));
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Random_groups_size_excludes_NAXIS1_and_includes_PCOUNT_and_GCOUNT()
    {
        // Random groups: size = |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS2×NAXIS3) = 4 × 3 × (2 + 2×5) = 144.
        var bytes = Concat(
            Header("SIMPLE  = T", "BITPIX  = -32", "NAXIS   = 3", "NAXIS1  = 0", "NAXIS2  = 2", "NAXIS3  = 5", "GROUPS  = T", "PCOUNT  = 2", "GCOUNT  = 3"),
            Padded(new byte[144]));
        Assert.Equal(144, FitsReader.ReadHdus(new MemoryStream(bytes))[0].DataLength);
    }

    [Fact]
    public void Reading_from_a_path_matches_reading_from_a_stream()
    {
        var dir = TempDir();
        var path = Path.Combine(dir, "a.fits");
        File.WriteAllBytes(path, PrimaryImage(3, 3));
        var hdus = FitsReader.ReadHdus(path);
        Assert.Equal(new long[] { 3, 3 }, hdus[0].Axes);
        Directory.Delete(dir, true);
    }

    /// <summary>A stream that can only be read forwards, like an HTTP body.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
