using System.Globalization;
using VoServices.Products;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Datalink;

/// <summary>One row of a links table: exactly one of AccessUrl, ServiceDef, ErrorMessage is set.</summary>
public sealed record DatalinkLink(string Id, string Semantics)
{
    public string? AccessUrl { get; init; }
    public string? ServiceDef { get; init; }
    public string? ErrorMessage { get; init; }
    public string? Description { get; init; }
    public string? ContentType { get; init; }
    public long? ContentLength { get; init; }

    /// <summary>Product-type term (http://www.ivoa.net/rdf/product-type), e.g. #cube.</summary>
    public string? ContentQualifier { get; init; }

    /// <summary>A service-local tag telling equivalent rows of different IDs apart (e.g. "moment-0").</summary>
    public string? LocalSemantics { get; init; }
}

/// <summary>
/// A DataLink 1.1 {links} response: for each submitted ID, in request order, its rows (the file,
/// a preview, its FITS header (#auxiliary: STILTS 3.4 does not know the newer #detached-header), a SODA cutout descriptor, related products) or one NotFoundFault
/// row; the per-dataset SODA descriptors carry the product's own ranges.
/// </summary>
public sealed record LinksDocument(IReadOnlyList<DatalinkLink> Links, IReadOnlyList<VotableResource> Descriptors, bool Overflow)
{
    /// <summary>
    /// At most this many IDs are answered per request; the rest are dropped and the document ends with
    /// OVERFLOW (DataLink 1.1 lets a service cap the IDs it processes). pyVO's iter_datalinks()
    /// POSTs one ID per row of a result, so the cap sits well above the TAP/SIA results people page through.
    /// </summary>
    public const int MaxIds = 10_000;

    public const string PreviewPath = "/datalink/preview";

    /// <summary>The content type of a HiPS base URL (as the IVOA registry and DataLink practice name it).</summary>
    public const string HipsContentType = "application/hips";
    public const string HeaderPath = "/datalink/header";

    /// <summary>The links table's FIELDs with the UCDs of DataLink 1.1 §3.2.</summary>
    public static IReadOnlyList<VotableField> Fields { get; } =
    [
        Text("ID", "meta.id;meta.main", "The identifier the links are for, as submitted"),
        Text("access_url", "meta.ref.url", "Where to get the linked resource"),
        Text("service_def", "meta.ref", "ID of the service descriptor RESOURCE to call"),
        Text("error_message", "meta.code.error", "Why this link could not be made"),
        Text("description", "meta.note", "What the link leads to"),
        Text("semantics", "meta.code", "How the linked resource relates to the dataset (http://www.ivoa.net/rdf/datalink/core)"),
        Text("content_type", "meta.code.mime", "MIME type of the linked resource"),
        new VotableField("content_length", "long") { Unit = "byte", Ucd = "phys.size;meta.file", Description = "Size of the linked resource, if known" },
        Text("content_qualifier", null, "Product type of the linked resource (http://www.ivoa.net/rdf/product-type)"),
        Text("local_semantics", "meta.id.assoc", "Tag shared by equivalent links of different datasets"),
    ];

    public static LinksDocument Build(IReadOnlyList<string> ids, IReadOnlyDictionary<string, PublishedProduct> products,
        ILookup<string, ProductRelation> relations, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(products);
        ArgumentNullException.ThrowIfNull(relations);
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = baseUrl.TrimEnd('/');
        var links = new List<DatalinkLink>();
        var descriptors = new List<VotableResource>();
        foreach (var id in ids.Take(MaxIds))
        {
            if (!products.TryGetValue(id.ToLowerInvariant(), out var product))
            {
                links.Add(new DatalinkLink(id, "#this") { ErrorMessage = DatalinkFault.NotFoundMessage($"no dataset with ID {id} is published here") });
                continue;
            }

            links.AddRange(ProductLinks(id, product, root));
            if (product.Kind == ProductKind.Hips && HasFitsTiles(product))
            {
                var descriptorId = AddDescriptor(descriptors, "hips2fits", d => Hips2FitsDescriptor(d, product, root));
                links.Add(new DatalinkLink(id, "#cutout")
                {
                    ServiceDef = descriptorId,
                    ContentType = "image/fits",
                    ContentQualifier = "#image",
                    Description = "Image cutout service (hips2fits): any position, size, projection and frame, as FITS, PNG or JPEG",
                });
            }
            else if (product.Kind != ProductKind.Hips)
            {
                var descriptorId = AddDescriptor(descriptors, "soda", d => SodaDescriptor(d, product, root));
                links.Add(new DatalinkLink(id, "#cutout")
                {
                    ServiceDef = descriptorId,
                    ContentType = product.FileContentType,
                    ContentQualifier = Qualifier(product),
                    Description = product.Kind == ProductKind.Rss
                        ? "Cutout service (SODA): the fibres in a region (POS, CIRCLE, POLYGON) and a wavelength range (BAND)"
                        : "Cutout service (SODA): a sub-cube by position (POS, CIRCLE, POLYGON), wavelength (BAND), time (TIME) and polarization (POL)",
                });
            }

            if (product.Kind == ProductKind.Cube && product.DataproductType == "cube")
            {
                var descriptorId = AddDescriptor(descriptors, "moment", d => MomentDescriptor(d, product, root));
                foreach (var (moment, what) in new[] { ("0", "integrated intensity (moment 0)"), ("1", "velocity field (moment 1)") })
                {
                    links.Add(new DatalinkLink(id, "#preview-image")
                    {
                        AccessUrl = root + DatalinkDescriptors.CubeMomentPath + "?ID=" + Uri.EscapeDataString(product.PublisherDid) + "&MOMENT=" + moment + "&RESPONSEFORMAT=image/png",
                        ContentType = "image/png",
                        ContentQualifier = "#image",
                        Description = $"Quick-look of the {what} over the whole cube, with colour bar, beam and RA/Dec axes",
                    });
                }

                links.Add(new DatalinkLink(id, "#proc")
                {
                    ServiceDef = descriptorId,
                    ContentType = "image/fits",
                    ContentQualifier = "#image",
                    Description = "Moment maps of this cube (0, 1, 2, sigma, fwhm, peak, vpeak, rms) over a velocity range, made next to the data",
                });

                var pvId = AddDescriptor(descriptors, "pv", d => PvDescriptor(d, product, root));
                links.Add(new DatalinkLink(id, "#proc")
                {
                    ServiceDef = pvId,
                    ContentType = "image/fits",
                    ContentQualifier = "#image",
                    Description = "Position-velocity slice of this cube along a path or a position angle (great circles), made next to the data",
                });

                var channelsId = AddDescriptor(descriptors, "channels", d => ChannelsDescriptor(d, product, root));
                links.Add(new DatalinkLink(id, "#proc")
                {
                    ServiceDef = channelsId,
                    ContentType = "image/fits",
                    ContentQualifier = "#cube",
                    Description = "Channel maps of this cube: channels summed in bins (NBIN channels or BINWIDTH km/s), made next to the data",
                });
            }

            foreach (var relation in relations[product.PublisherDid.ToLowerInvariant()])
            {
                links.Add(RelationLink(id, relation, root));
            }
        }

        return new LinksDocument(links, descriptors, ids.Count > MaxIds);
    }

    /// <summary>The table description for a VOTable writer: INFOs, FIELDs and the descriptors after the results.</summary>
    public TableDescription Describe(string baseUrl) => new(Fields)
    {
        Name = "links",
        Infos = [new VotableInfo("standardID", DatalinkDescriptors.LinksStandardId)],
        ExtraResources = [.. Descriptors, SelfDescription(baseUrl)],
    };

    /// <summary>Writes the document; the caller owns the writer.</summary>
    public async Task WriteAsync(ITableWriter writer, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.BeginAsync(Describe(baseUrl), TableEndStatus.Ok, cancellationToken);
        var row = new RowBuffer(Fields.Count);
        foreach (var link in Links)
        {
            row.SetString(0, link.Id);
            row.SetString(1, link.AccessUrl);
            row.SetString(2, link.ServiceDef);
            row.SetString(3, link.ErrorMessage);
            row.SetString(4, link.Description);
            row.SetString(5, link.Semantics);
            row.SetString(6, link.ContentType);
            if (link.ContentLength is { } length)
            {
                row.SetLong(7, length);
            }
            else
            {
                row.SetNull(7);
            }

            row.SetString(8, link.ContentQualifier);
            row.SetString(9, link.LocalSemantics);
            await writer.WriteRowAsync(row, cancellationToken);
        }

        await writer.EndAsync(Overflow ? TableEnd.Overflow : TableEnd.Ok, cancellationToken);
    }

    private static IEnumerable<DatalinkLink> ProductLinks(string id, PublishedProduct product, string root)
    {
        var escaped = Uri.EscapeDataString(product.PublisherDid);
        var qualifier = Qualifier(product);
        if (product.Kind == ProductKind.Hips)
        {
            foreach (var link in HipsLinks(id, product, root))
            {
                yield return link;
            }

            yield break;
        }

        yield return new DatalinkLink(id, "#this")
        {
            AccessUrl = root + product.FilesPath,
            ContentType = product.FileContentType,
            ContentLength = product.FileSize,
            ContentQualifier = qualifier,
            Description = product.Kind == ProductKind.Rss ? "The row-stacked spectra (FITS, all fibres)" : "The FITS file",
        };

        yield return new DatalinkLink(id, "#preview")
        {
            AccessUrl = root + PreviewPath + "?ID=" + escaped,
            ContentType = "image/png",
            ContentQualifier = "#image",
            LocalSemantics = "quick-look",
            Description = product.Kind == ProductKind.Rss
                ? "Quick-look: white-light map of the science fibres (PNG)"
                : "Quick-look: integrated-intensity (moment-0) map (PNG)",
        };

        yield return new DatalinkLink(id, "#auxiliary")
        {
            AccessUrl = root + HeaderPath + "?ID=" + escaped,
            ContentType = "text/plain",
            Description = "The FITS headers of every HDU, as text (a detached header)",
        };
    }

    /// <summary>
    /// A HiPS: #this is its base URL, which HiPS clients open (application/hips, the type the HiPS standard's
    /// registry practice uses); #preview its Allsky PNG when it has one, else the rendered all-sky quick-look.
    /// </summary>
    private static IEnumerable<DatalinkLink> HipsLinks(string id, PublishedProduct product, string root)
    {
        yield return new DatalinkLink(id, "#this")
        {
            AccessUrl = root + product.HipsPath,
            ContentType = HipsContentType,
            ContentQualifier = Qualifier(product),
            Description = "HiPS base URL: open it in Aladin (Desktop or Lite) or any HiPS client; its index.html shows it in Aladin Lite",
        };

        var allsky = File.Exists(Path.Combine(product.FilePath, "Norder3", "Allsky.png"));
        yield return new DatalinkLink(id, "#preview")
        {
            AccessUrl = allsky ? root + product.HipsPath + "/Norder3/Allsky.png" : root + PreviewPath + "?ID=" + Uri.EscapeDataString(product.PublisherDid),
            ContentType = allsky ? "image/png" : null, // the rendered quick-look may be the survey's own JPEG
            ContentQualifier = "#image",
            LocalSemantics = "quick-look",
            Description = allsky ? "Quick-look: the survey's Allsky image (order 3, PNG)" : "Quick-look: all-sky view of the survey",
        };
    }

    private static DatalinkLink RelationLink(string id, ProductRelation relation, string root)
    {
        if (relation.Related is not { } related)
        {
            return new DatalinkLink(id, relation.Semantics)
            {
                ErrorMessage = DatalinkFault.NotFoundMessage($"the related dataset {relation.RelatedDid} is not published here"),
            };
        }

        return new DatalinkLink(id, relation.Semantics)
        {
            AccessUrl = root + (related.Kind == ProductKind.Hips ? related.HipsPath : related.FilesPath),
            ContentType = related.Kind == ProductKind.Hips ? HipsContentType : related.FileContentType,
            ContentLength = related.Kind == ProductKind.Hips ? null : related.FileSize,
            ContentQualifier = Qualifier(related),
            Description = $"{Term(relation.Semantics)}: {related.Title ?? related.ObsId} ({related.PublisherDid})",
        };
    }

    private static string Term(string semantics) => semantics.TrimStart('#') switch
    {
        "progenitor" => "Made from",
        "derivation" => "Derived product",
        var other => char.ToUpperInvariant(other[0]) + other[1..],
    };

    private static string? Qualifier(PublishedProduct product) => product.Kind switch
    {
        ProductKind.Rss => "#spectrum",
        _ => product.DataproductType is "cube" or "image" ? "#" + product.DataproductType : null,
    };

    /// <summary>The dataset's footprint, band, time and Stokes states, as SODA-style inputs are limited to them.</summary>
    private static DatalinkDescriptors.SodaRanges SodaRanges(PublishedProduct product) => new()
    {
        Circle = product is { Ra: { } ra, Dec: { } dec, Fov: { } fov }
            ? string.Join(' ', new[] { ra, dec, fov / 2 }.Select(Dali.DaliValues.Format))
            : null,
        Polygon = product.Polygon is { Length: >= 6 } polygon ? string.Join(' ', polygon.Select(Dali.DaliValues.Format)) : null,
        Band = product is { EmMin: { } lo, EmMax: { } hi } ? (lo, hi) : null,
        Time = product is { TMin: { } t0, TMax: { } t1 } ? (t0, t1) : null,
        Pol = product.PolStates?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [],
    };

    /// <summary>The per-dataset SODA descriptor: ID fixed, inputs limited to the dataset's ranges.</summary>
    private static VotableResource SodaDescriptor(string descriptorId, PublishedProduct product, string root)
    {
        var ranges = SodaRanges(product);
        var inputs = DatalinkDescriptors.SodaInputs(ranges)
            .Where(p => p.Field.Name switch
            {
                // Filters this dataset has no axis or range for are left out so that forms offer only what can cut it.
                "BAND" => ranges.Band is not null,
                "TIME" => ranges.Time is not null,
                "POL" => ranges.Pol.Count > 0,
                _ => true,
            });
        var id = new VotableParam(new VotableField("ID", "char") { Arraysize = "*", Ucd = DatalinkDescriptors.SodaIdUcd }, product.PublisherDid);
        return DatalinkDescriptors.ServiceDescriptor(descriptorId, root + DatalinkDescriptors.SodaSyncPath,
            DatalinkDescriptors.SodaSyncStandardId, product.FileContentType,
            $"Cutouts of {product.Title ?? product.ObsId} (SODA 1.0 sync); the VALUES give the dataset's own ranges", [id, .. inputs]);
    }

    private static bool HasFitsTiles(PublishedProduct product)
    {
        var properties = Path.Combine(product.FilePath, HipsProperties.PropertiesFile);
        return File.Exists(properties)
            && (HipsProperties.ReadProperties(properties).GetValueOrDefault("hips_tile_format") ?? "")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("fits", StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The per-HiPS hips2fits descriptor: hips fixed to this survey, the geometry and format to choose.</summary>
    private static VotableResource Hips2FitsDescriptor(string descriptorId, PublishedProduct product, string root)
    {
        IReadOnlyList<VotableParam> inputs =
        [
            Input("hips", "char", null, "meta.id", "The HiPS (fixed)", product.Collection + "/" + product.ObsId),
            // Defaults (DataLink 1.1: a non-empty value is the default): the survey's own centre, 512² pixels, FITS.
            Input("ra", "double", "deg", "pos.eq.ra", "Centre longitude (in coordsys)", Dali.DaliValues.Format(product.Ra ?? 0)),
            Input("dec", "double", "deg", "pos.eq.dec", "Centre latitude", Dali.DaliValues.Format(product.Dec ?? 0)),
            Input("fov", "double", "deg", "phys.angSize", "Size of the larger image side", Dali.DaliValues.Format(Math.Clamp(product.Fov ?? 1, 0.001, 360))),
            Input("width", "int", "pixel", null, "Image width", "512"),
            Input("height", "int", "pixel", null, "Image height", "512"),
            Input("projection", "char", null, null, "WCS projection", "TAN", ["TAN", "SIN", "ARC", "ZEA", "STG", "CAR", "CEA", "MER", "AIT", "MOL", "HPX"]),
            Input("coordsys", "char", null, null, "Frame of ra, dec and the image", "icrs", ["icrs", "galactic"]),
            Input("rotation_angle", "double", "deg", "pos.posAng", "Rotation of the image (CROTA2)", "0"),
            Input("format", "char", null, null, "Output format", "fits", ["fits", "png", "jpg"]),
        ];
        return DatalinkDescriptors.ServiceDescriptor(descriptorId, root + DatalinkDescriptors.Hips2FitsPath, null, "image/fits",
            $"Image cutouts of {product.Title ?? product.ObsId} (hips2fits, CDS's parameters)", inputs);
    }

    /// <summary>The per-cube moment descriptor: ID fixed, the moments and conventions offered, BAND limited to the cube's range.</summary>
    private static VotableResource MomentDescriptor(string descriptorId, PublishedProduct product, string root)
    {
        var band = new VotableParam(new VotableField("BAND", "double") { Arraysize = "2", Xtype = "interval", Unit = "m", Ucd = "em.wl;stat.interval",
            Description = "Spectral range as vacuum wavelength (m), as SODA; or VLOW/VHIGH" }, "")
        {
            Min = product.EmMin is { } lo ? Dali.DaliValues.Format(lo) : null,
            Max = product.EmMax is { } hi ? Dali.DaliValues.Format(hi) : null,
        };
        IReadOnlyList<VotableParam> inputs =
        [
            FixedId(product),
            Text("MOMENT", null, null, "Maps to make (repeatable: one FITS HDU each)", ["0", "1", "2", "sigma", "fwhm", "peak", "vpeak", "rms"]),
            Text("VLOW", "km/s", "spect.dopplerVeloc", "Lowest channel velocity used (a number, km/s; default: the first channel)"),
            Text("VHIGH", "km/s", "spect.dopplerVeloc", "Highest channel velocity used (a number, km/s; default: the last channel)"),
            band,
            Text("VELDEF", null, null, "Velocity convention (default: the cube's own)", ["radio", "optical", "relativistic"]),
            Text("RESTFRQ", "Hz", "em.freq", "Rest frequency (a number, Hz), overriding the cube's"),
            Text("CLIP", null, null, "Leave out voxels below this threshold: a number in the cube's unit, or n sigma (e.g. 3sigma) of its robust noise"),
            .. DatalinkDescriptors.SodaInputs(SodaRanges(product)).Where(p => p.Field.Name is "POS" or "CIRCLE" or "POLYGON"),
            Text("POL", null, "meta.code;phys.polarization", "Stokes plane of a 4-D cube (default I)",
                product.PolStates?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? []),
        ];
        var descriptor = DatalinkDescriptors.ServiceDescriptor(descriptorId, root + DatalinkDescriptors.CubeMomentPath, null, "image/fits",
            $"Moment maps of {product.Title ?? product.ObsId}", inputs);
        var example = root + DatalinkDescriptors.CubeMomentPath + "?ID=" + Uri.EscapeDataString(product.PublisherDid) + "&MOMENT=0&MOMENT=1";
        return WithExample(descriptor, example);
    }

    /// <summary>The per-cube PV slice descriptor: ID fixed, the path as PATH or CENTER + LENGTH + PA, sampling and range options.</summary>
    private static VotableResource PvDescriptor(string descriptorId, PublishedProduct product, string root)
    {
        IReadOnlyList<VotableParam> inputs =
        [
            FixedId(product),
            Text("PATH", "deg", "pos.eq", "Vertices 'lon lat lon lat ...' (2 to 100), joined by great circles; or CENTER + LENGTH + PA"),
            Text("CENTER", "deg", "pos.eq", "Centre 'lon lat' of a straight slice"),
            Text("LENGTH", "deg", "pos.angDistance", "Length of the slice through CENTER"),
            Text("PA", "deg", "pos.posAng", "Position angle of the slice through CENTER, east of north"),
            Text("FRAME", null, null, "Frame of PATH/CENTER/PA: icrs (default) or native (the cube's own, e.g. galactic)", ["icrs", "native"]),
            Text("WIDTH", "deg", null, "Width averaged across the path (default one pixel: no averaging)"),
            Text("SPACING", "deg", null, "Distance between samples along the path (default one pixel)"),
            Text("INTERP", null, null, "Interpolation on each channel (default linear; cubic: Keys a = -0.5)", ["linear", "nearest", "cubic"]),
            Text("ORIGIN", null, null, "Where OFFSET counts from (default: center with CENTER, start with PATH)", ["start", "center"]),
            Text("VLOW", "km/s", "spect.dopplerVeloc", "Lowest channel velocity kept (a number, km/s; default: the first channel)"),
            Text("VHIGH", "km/s", "spect.dopplerVeloc", "Highest channel velocity kept (a number, km/s; default: the last channel)"),
            Text("VELDEF", null, null, "Velocity convention of VLOW/VHIGH (default: the cube's own)", ["radio", "optical", "relativistic"]),
            Text("RESTFRQ", "Hz", "em.freq", "Rest frequency (a number, Hz) for VLOW/VHIGH, overriding the cube's"),
            Text("POL", null, "meta.code;phys.polarization", "Stokes plane of a 4-D cube (default I)",
                product.PolStates?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? []),
            ResponseFormat("the PV diagram, offset by velocity, with a colour bar"),
        ];
        var descriptor = DatalinkDescriptors.ServiceDescriptor(descriptorId, root + DatalinkDescriptors.CubePvPath, null, "image/fits",
            $"Position-velocity slices of {product.Title ?? product.ObsId}", inputs);
        if (product is not { Ra: { } ra, Dec: { } dec })
        {
            return descriptor;
        }

        // A fixed-RA slice through the cube's centre, half the field long.
        var length = Math.Max(product.Fov ?? 0.1, 1e-4) / 2;
        var example = root + DatalinkDescriptors.CubePvPath + "?ID=" + Uri.EscapeDataString(product.PublisherDid)
            + "&CENTER=" + Uri.EscapeDataString(Dali.DaliValues.Format(ra) + " " + Dali.DaliValues.Format(dec))
            + "&LENGTH=" + Dali.DaliValues.Format(length) + "&PA=0";
        return WithExample(descriptor, example);
    }

    /// <summary>The per-cube channel map descriptor: ID fixed, the range and the bin size.</summary>
    private static VotableResource ChannelsDescriptor(string descriptorId, PublishedProduct product, string root)
    {
        IReadOnlyList<VotableParam> inputs =
        [
            FixedId(product),
            Text("VLOW", "km/s", "spect.dopplerVeloc", "Lowest channel velocity used (a number, km/s; default: the first channel)"),
            Text("VHIGH", "km/s", "spect.dopplerVeloc", "Highest channel velocity used (a number, km/s; default: the last channel)"),
            Text("NBIN", null, null, "Channels summed into each map (an integer; default 1)"),
            Text("BINWIDTH", "km/s", null, "Or the width of each map (km/s), rounded to whole channels"),
            Text("VELDEF", null, null, "Velocity convention (default: the cube's own)", ["radio", "optical", "relativistic"]),
            Text("RESTFRQ", "Hz", "em.freq", "Rest frequency (a number, Hz), overriding the cube's"),
            Text("POL", null, "meta.code;phys.polarization", "Stokes plane of a 4-D cube (default I)",
                product.PolStates?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? []),
            ResponseFormat("a mosaic of the maps, one labelled panel each, with one colour bar"),
            Text("CONTOURS", null, null,
                "PNG only: contour levels drawn on every panel, comma-separated numbers in the maps' unit (the cube's BUNIT times km/s)"),
        ];
        var descriptor = DatalinkDescriptors.ServiceDescriptor(descriptorId, root + DatalinkDescriptors.CubeChannelsPath, null, "image/fits",
            $"Channel maps of {product.Title ?? product.ObsId}", inputs);
        var example = root + DatalinkDescriptors.CubeChannelsPath + "?ID=" + Uri.EscapeDataString(product.PublisherDid) + "&NBIN=4";
        return WithExample(descriptor, example);
    }

    /// <summary>
    /// Adds the descriptor <paramref name="build"/> makes, named PREFIX-N, and an empty RESOURCE after it: pyVO 1.2's
    /// per-ID copy of a document (clone_byid) removes unreferenced descriptors while iterating over the list, so the
    /// one after each removed descriptor survives and is then taken for every later dataset. The empty RESOURCE is
    /// what gets skipped instead.
    /// </summary>
    private static string AddDescriptor(List<VotableResource> descriptors, string prefix, Func<string, VotableResource> build)
    {
        var descriptorId = prefix + "-" + ((descriptors.Count / 2) + 1).ToString(CultureInfo.InvariantCulture);
        descriptors.Add(build(descriptorId));
        descriptors.Add(new VotableResource("meta") { Name = descriptorId + "-end" });
        return descriptorId;
    }

    /// <summary>An input PARAM of a service descriptor; a non-empty <paramref name="value"/> is its default (DataLink 1.1).</summary>
    private static VotableParam Input(string name, string datatype, string? unit, string? ucd, string description, string value, IReadOnlyList<string>? options = null) =>
        new(new VotableField(name, datatype) { Arraysize = datatype == "char" ? "*" : null, Unit = unit, Ucd = ucd, Description = description }, value)
        {
            Options = options ?? [],
        };

    /// <summary>
    /// A char input without a default. Optional numbers are char too: pyVO 1.2 cannot build a query from an empty
    /// scalar double PARAM.
    /// </summary>
    private static VotableParam Text(string name, string? unit, string? ucd, string description, IReadOnlyList<string>? options = null) =>
        Input(name, "char", unit, ucd, description, "", options);

    /// <summary>RESPONSEFORMAT of a cube service: FITS by default, or a PNG rendering (<paramref name="png"/> says what it shows).</summary>
    private static VotableParam ResponseFormat(string png) =>
        Text("RESPONSEFORMAT", null, "meta.code.mime", $"Output format (default image/fits); image/png: {png}", ["image/fits", "image/png"]);

    /// <summary>The ID input of a per-dataset descriptor, fixed to it.</summary>
    private static VotableParam FixedId(PublishedProduct product) =>
        new(new VotableField("ID", "char") { Arraysize = "*", Ucd = "meta.id;meta.main" }, product.PublisherDid);

    /// <summary>The descriptor with an exampleURL PARAM: a request that works on this dataset.</summary>
    private static VotableResource WithExample(VotableResource descriptor, string url) => descriptor with
    {
        Params = [.. descriptor.Params, new VotableParam(new VotableField("exampleURL", "char") { Arraysize = "*", Ucd = "meta.ref.url" }, url)],
    };

    /// <summary>The links service describing itself (DataLink 1.1 adhoc:this), so a document without IDs is still useful.</summary>
    private static VotableResource SelfDescription(string baseUrl) =>
        VotableResource.ServiceDescriptor(null, baseUrl.TrimEnd('/') + DatalinkDescriptors.LinksPath, DatalinkDescriptors.LinksStandardId,
        [
            new VotableGroup("inputParams")
            {
                Params = [new VotableParam(new VotableField("ID", "char") { Arraysize = "*", Ucd = "meta.id;meta.main", Description = "obs_publisher_did of a dataset (repeatable)" }, "")],
            },
        ]) with
        {
            Utype = "adhoc:this",
            Description = "This DataLink {links} service: give one or more ID values (obs_publisher_did)",
        };

    private static VotableField Text(string name, string? ucd, string description) =>
        new(name, "char") { Arraysize = "*", Ucd = ucd, Description = description };
}
