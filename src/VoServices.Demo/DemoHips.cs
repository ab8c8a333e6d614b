using System.Globalization;
using System.Text;
using VoServices.Fits;

namespace VoServices.Demo;

/// <summary>
/// A tiny HiPS 1.0 image survey: a `properties` file with the mandatory and the usual optional
/// keywords, a MOC 2.0 `Moc.fits` (NUNIQ) of five order-3 HEALPix cells, and one FITS tile per cell
/// (`Norder3/Dir0/NpixN.fits`, 64 × 64 float32). Five cells, none a complete set of siblings, keep
/// the MOC canonical at order 3.
/// </summary>
internal static class DemoHips
{
    public const int Order = 3;
    public const int TileWidth = 64;

    /// <summary>Nested order-3 cells: children 168–170 of order-2 cell 42 and 172, 174 of cell 43.</summary>
    public static readonly long[] Cells = [168, 169, 170, 172, 174];

    public static IReadOnlyList<(string RelativePath, byte[] Content)> Files()
    {
        var files = new List<(string, byte[])>
        {
            ("properties", Encoding.UTF8.GetBytes(Properties())),
            ("Moc.fits", Moc()),
        };
        foreach (var cell in Cells)
        {
            var dir = cell / 10000 * 10000;
            files.Add(($"Norder{Order}/Dir{dir}/Npix{cell}.fits", Tile(cell)));
        }

        return files;
    }

    /// <summary>The centre of a nested HEALPix cell, in degrees (Górski et al. 2005, the nested scheme).</summary>
    internal static (double Ra, double Dec) CellCentre(int order, long ipix)
    {
        long nside = 1L << order;
        var npface = nside * nside;
        var face = (int)(ipix / npface);
        var ipf = ipix % npface;
        long ix = 0, iy = 0;
        for (var bit = 0; bit < order; bit++)
        {
            ix |= ((ipf >> (2 * bit)) & 1) << bit;
            iy |= ((ipf >> ((2 * bit) + 1)) & 1) << bit;
        }

        int[] jrll = [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4];
        int[] jpll = [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7];
        var jr = (jrll[face] * nside) - ix - iy - 1;
        long nr;
        double z;
        long kshift;
        if (jr < nside)
        {
            nr = jr;
            z = 1 - (nr * nr / (3.0 * npface));
            kshift = 0;
        }
        else if (jr > 3 * nside)
        {
            nr = (4 * nside) - jr;
            z = (nr * nr / (3.0 * npface)) - 1;
            kshift = 0;
        }
        else
        {
            nr = nside;
            z = (2 * nside - jr) * 2.0 / (3.0 * nside);
            kshift = (jr - nside) & 1;
        }

        var jp = ((jpll[face] * nr) + ix - iy + 1 + kshift) / 2;
        if (jp > 4 * nside)
        {
            jp -= 4 * nside;
        }

        if (jp < 1)
        {
            jp += 4 * nside;
        }

        var phi = (jp - ((kshift + 1) * 0.5)) * (Math.PI / 2 / nr);
        return (phi * 180 / Math.PI, Math.Asin(z) * 180 / Math.PI);
    }

    internal static (double Ra, double Dec, double FovDeg) InitialView()
    {
        double sx = 0, sy = 0, sz = 0;
        foreach (var c in Cells)
        {
            var (ra, dec) = CellCentre(Order, c);
            sx += Math.Cos(dec * Math.PI / 180) * Math.Cos(ra * Math.PI / 180);
            sy += Math.Cos(dec * Math.PI / 180) * Math.Sin(ra * Math.PI / 180);
            sz += Math.Sin(dec * Math.PI / 180);
        }

        var raC = ((Math.Atan2(sy, sx) * 180 / Math.PI) + 360) % 360;
        var decC = Math.Atan2(sz, Math.Sqrt((sx * sx) + (sy * sy))) * 180 / Math.PI;
        return (Math.Round(raC, 4), Math.Round(decC, 4), 30.0);
    }

    private static string Properties()
    {
        var (ra, dec, fov) = InitialView();
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        void P(string k, string v) => sb.Append(k.PadRight(20)).Append("= ").Append(v).Append('\n');
        sb.Append("# HiPS 1.0 properties of the VoServices demo survey (synthetic content)\n");
        P("creator_did", "ivo://voservices.example/P/demo/hi-column-density");
        P("obs_title", "VoServices demo HiPS: synthetic HI column density");
        P("obs_description", "A five-tile synthetic HI column-density map at HEALPix order 3, written by vo demo-data for testing HiPS ingest and serving.");
        P("obs_collection", "VoServices demo");
        P("obs_regime", "Radio");
        P("dataproduct_type", "image");
        P("hips_version", "1.4");
        P("hips_release_date", "2024-01-01T00:00Z");
        P("hips_status", "public master clonableOnce");
        P("hips_frame", "equatorial");
        P("hips_order", Order.ToString(CultureInfo.InvariantCulture));
        P("hips_order_min", Order.ToString(CultureInfo.InvariantCulture));
        P("hips_tile_width", TileWidth.ToString(CultureInfo.InvariantCulture));
        P("hips_tile_format", "fits");
        P("hips_pixel_bitpix", "-32");
        P("hips_pixel_cut", "0 2e21");
        P("hips_initial_ra", F(ra));
        P("hips_initial_dec", F(dec));
        P("hips_initial_fov", F(fov));
        P("hips_nb_tiles", Cells.Length.ToString(CultureInfo.InvariantCulture));
        P("moc_sky_fraction", F(Math.Round(Cells.Length / (12.0 * Math.Pow(4, Order)), 6)));
        P("em_min", "0.2110");
        P("em_max", "0.2112");
        P("t_min", "58000.0");
        P("t_max", "58100.0");
        P("data_ucd", "phys.columnDensity");
        P("client_category", "Image/Radio/HI");
        P("hips_builder", "VoServices demo-data");
        return sb.ToString();
    }

    private static byte[] Moc()
    {
        var uniq = Cells.Select(c => (int)((4L << (2 * Order)) + c)).Order().ToArray();
        var header = new FitsHeaderBuilder()
            .Set("EXTNAME", "MOC")
            .Set("MOCVERS", "2.0", "MOC version")
            .Set("MOCDIM", "SPACE", "spatial MOC")
            .Set("ORDERING", "NUNIQ", "NUNIQ coding method")
            .Set("COORDSYS", "C", "ICRS")
            .Set("MOCORD_S", (long)Order, "MOC resolution (best order)")
            .Set("MOCORDER", (long)Order, "MOC 1.1 name of the best order")
            .Set("MOCTOOL", "VoServices demo-data")
            .Set("MOCTYPE", "IMAGE");
        return DemoCubes.Write(w =>
        {
            w.WriteEmptyPrimary();
            w.WriteBinTable([FitsTableColumn.Int32("UNIQ", uniq)], header);
        });
    }

    private static byte[] Tile(long cell)
    {
        var data = new float[TileWidth * TileWidth];
        var rnd = new DemoRandom(0x41495053UL + (ulong)cell);
        for (var j = 0; j < TileWidth; j++)
        {
            for (var i = 0; i < TileWidth; i++)
            {
                var u = (i - 31.5) / 20.0;
                var v = (j - 31.5) / 26.0;
                data[i + (TileWidth * j)] = (float)((1e21 * Math.Exp(-0.5 * ((u * u) + (v * v)))) + (2e19 * rnd.NextGaussian()));
            }
        }

        var header = new FitsHeaderBuilder()
            .Set("BUNIT", "cm-2", "HI column density")
            .Set("ORDER", (long)Order, "HEALPix order of the tile")
            .Set("NPIX", cell, "nested HEALPix index of the tile");
        return DemoCubes.Write(w => w.WriteImage<float>([TileWidth, TileWidth], data, header));
    }
}

