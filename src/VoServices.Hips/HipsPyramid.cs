namespace VoServices.Hips;

/// <summary>
/// Builds the orders below hips_order while the deepest tiles arrive in ascending NESTED order: each order
/// keeps one open parent tile, complete once a tile of another parent arrives, so memory is one tile per order.
/// A parent cell is the <see cref="HipsAggregation"/> of its non-empty children (the 2 × 2 cells below it).
/// Each order's child array is reused from one parent to the next, so building the pyramid allocates no
/// more than the tiles it writes.
/// </summary>
internal sealed class HipsPyramid
{
    private readonly int _width;
    private readonly int _minOrder;
    private readonly HipsAggregation _aggregation;
    private readonly Action<HipsTile> _write;
    private readonly Dictionary<int, OpenTile> _open = [];

    public HipsPyramid(int width, int minOrder, HipsAggregation aggregation, Action<HipsTile> write)
    {
        _width = width;
        _minOrder = minOrder;
        _aggregation = aggregation;
        _write = write;
    }

    /// <summary>Takes a finished tile at <paramref name="tile"/>.Order into its parent's quarter.</summary>
    public void Add(HipsTile tile)
    {
        var order = tile.Order - 1;
        if (order < _minOrder)
        {
            return;
        }

        var parent = tile.Npix >> 2;
        if (!_open.TryGetValue(order, out var open))
        {
            open = new OpenTile(_width);
            _open[order] = open;
        }

        if (open.Npix != parent)
        {
            Close(order);
            open.Reopen(parent);
        }

        // The child's quarter of the parent: NESTED child q = 4N + q puts its x in bit 0 and its y in bit 1.
        // In the parent's doubled grid a cell's low x and y bits give its NESTED rank (x + 2y) among its siblings.
        var q = (int)(tile.Npix & 3);
        var xOffset = (q & 1) * _width;
        var yOffset = (q >> 1) * _width;
        for (var x = 0; x < _width; x++)
        {
            for (var y = 0; y < _width; y++)
            {
                var (px, py) = (xOffset + x, yOffset + y);
                var slot = (px & 1) | ((py & 1) << 1);
                open.Children[(4 * HipsTile.ImageIndex(_width, px / 2, py / 2)) + slot] = tile.Pixels[HipsTile.ImageIndex(_width, x, y)];
            }
        }
    }

    /// <summary>Writes every still-open tile, deepest first (each feeds the next order up).</summary>
    public void Flush()
    {
        // Closing an order adds its tile to the order above, which may open it: go down by number, not by key.
        for (var order = _open.Count == 0 ? -1 : _open.Keys.Max(); order >= _minOrder; order--)
        {
            Close(order);
        }
    }

    private void Close(int order)
    {
        if (!_open.TryGetValue(order, out var open) || open.Npix == OpenTile.None)
        {
            return;
        }

        var pixels = new float[_width * _width];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = _aggregation.Aggregate(open.Children.AsSpan(4 * i, 4));
        }

        var tile = new HipsTile(order, open.Npix, _width, pixels);
        open.Npix = OpenTile.None;
        _write(tile);
        Add(tile);
    }

    private sealed class OpenTile(int width)
    {
        /// <summary><see cref="Npix"/> while no parent is open.</summary>
        public const long None = -1;

        public long Npix { get; set; } = None;

        /// <summary>Four child values per parent pixel (NaN until a child tile brings them): 16 bytes a pixel.</summary>
        public float[] Children { get; } = new float[4 * width * width];

        /// <summary>Starts parent <paramref name="npix"/> with no child values.</summary>
        public void Reopen(long npix)
        {
            Npix = npix;
            Array.Fill(Children, float.NaN);
        }
    }
}
