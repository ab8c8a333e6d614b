using System.Globalization;
using VoServices.Hips;

namespace VoServices.Cli;

/// <summary>The options of `vo hips build --points`, kept apart from the HEALPix-table options they extend.</summary>
internal sealed class HipsPointsArguments
{
    public const string Usage = """
               vo hips build IN --points --order K (--radius ANGLE | --radius-column NAME [--radius-unit U])
                             [--ra NAME] [--dec NAME] [--frame equatorial|galactic|ecliptic] --column NAME [--weight NAME] --out DIR ...
          --points  IN is a table of point measurements (FITS binary table, VOTable or CSV with a header line): each row
                   is spread over the order-K NESTED cells whose centres lie in its disc (ANGLE e.g. 17.65arcsec,
                   2arcmin, 0.1deg; at most 10deg), then combined as repeated cells of a map; --ra/--dec name the ICRS
                   position columns (default ra, dec, any case); a NaN value or zero weight is no measurement
        """;

    private int? _order;
    private double? _radius;
    private string? _radiusColumn;
    private string? _radiusUnit;
    private string _ra = "ra";
    private string _dec = "dec";
    private HipsFrame _frame = HipsFrame.Equatorial;
    private readonly List<string> _given = [];

    public bool Enabled { get; private set; }

    /// <summary>`--order K`: the points' order here; also taken by images and NUNIQ maps.</summary>
    public int? Order => _order;

    /// <summary>`--frame`: the points' output frame here; also taken by images.</summary>
    public HipsFrame Frame => _frame;

    /// <summary>Whether `--frame` was given (a HEALPix table's frame is its COORDSYS).</summary>
    public bool FrameGiven => _given.Contains("--frame");

    /// <summary>What is wrong with the options taken, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Takes <paramref name="args"/>[<paramref name="i"/>] (and its value) when it is a points option.</summary>
    public bool TryTake(string[] args, ref int i)
    {
        var option = args[i];
        if (option == "--points")
        {
            Enabled = true;
            return true;
        }

        if (option is not ("--order" or "--radius" or "--radius-column" or "--radius-unit" or "--ra" or "--dec" or "--frame") || i + 1 >= args.Length)
        {
            return false;
        }

        var value = args[++i];
        _given.Add(option);
        switch (option)
        {
            case "--order" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var k): _order = k; break;
            case "--radius" when AngleUnits.ParseDegrees(value) is { } r: _radius = r; break;
            case "--radius-column": _radiusColumn = value; break;
            case "--radius-unit" when AngleUnits.Degrees(value) is not null: _radiusUnit = value; break;
            case "--ra": _ra = value; break;
            case "--dec": _dec = value; break;
            case "--frame" when value is "equatorial" or "icrs": _frame = HipsFrame.Equatorial; break;
            case "--frame" when value is "galactic": _frame = HipsFrame.Galactic; break;
            case "--frame" when value is "ecliptic": _frame = HipsFrame.Ecliptic; break;
            case "--radius":
            case "--radius-unit":
                Error ??= $"{option} '{value}' is not an angle (a number and deg, arcmin, arcsec or mas, e.g. 17.65arcsec)";
                break;
            default:
                Error ??= $"{option} '{value}' is not valid";
                break;
        }

        return true;
    }

    /// <summary>The spec for the value and weight columns, or an error when the options do not fit together.</summary>
    public (PointMapSpec? Spec, string? Error) Spec(string column, string? weight)
    {
        if (Error is not null)
        {
            return (null, Error);
        }

        if (!Enabled)
        {
            // --order and --frame apply to other inputs too: the caller checks them.
            var pointsOnly = _given.FirstOrDefault(g => g is not ("--order" or "--frame"));
            return (null, pointsOnly is null ? null : $"{pointsOnly} applies to --points input only");
        }

        if (_order is null)
        {
            return (null, "--points needs --order K (the HEALPix order to spread points at, e.g. 16)");
        }

        if ((_radius is null) == (_radiusColumn is null))
        {
            return (null, "--points needs exactly one of --radius ANGLE and --radius-column NAME");
        }

        return (new PointMapSpec(_order.Value, column, weight, _radius, _radiusColumn, _radiusUnit, _ra, _dec, _frame), null);
    }
}
