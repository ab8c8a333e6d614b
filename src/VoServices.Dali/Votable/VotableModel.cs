using VoServices.Dali.Tables;

namespace VoServices.Dali.Votable;

/// <summary>
/// A table column (VOTable FIELD). Strings are char arrays: give them an <see cref="Arraysize"/>
/// (<c>*</c>); scalars have none. Geometry follows DALI: point double[2], circle double[3], polygon double[*].
/// </summary>
public sealed record VotableField(string Name, string Datatype)
{
    public string? Arraysize { get; init; }
    public string? Unit { get; init; }
    public string? Ucd { get; init; }
    public string? Utype { get; init; }
    public string? Xtype { get; init; }
    public string? Description { get; init; }

    /// <summary>XML ID (for GROUP FIELDref); must be unique in the document.</summary>
    public string? Id { get; init; }

    /// <summary>ID of a COOSYS or TIMESYS this column refers to.</summary>
    public string? Ref { get; init; }

    public CellKind Kind => CellKinds.Of(Datatype, Arraysize);
}

/// <summary>A PARAM: a field with a constant value (service descriptors use value="" for inputs).</summary>
public sealed record VotableParam(VotableField Field, string Value)
{
    /// <summary>Allowed values (VALUES/OPTION), e.g. the IDs a service descriptor accepts.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>VALUES/MIN and VALUES/MAX, if any.</summary>
    public string? Min { get; init; }

    public string? Max { get; init; }

    /// <summary>The ID of the FIELD whose values feed this PARAM (DataLink: ref to the ID column).</summary>
    public string? Ref { get; init; }
}

/// <summary>An INFO element: name, value and optional text content.</summary>
public sealed record VotableInfo(string Name, string Value, string? Content = null)
{
    public string? Ucd { get; init; }
}

/// <summary>A COOSYS element (ICRS for all positions this service publishes).</summary>
public sealed record VotableCoosys(string Id, string System)
{
    public string? Equinox { get; init; }
    public string? Epoch { get; init; }

    public static VotableCoosys Icrs { get; } = new("icrs", "ICRS");
}

/// <summary>A GROUP of PARAMs and references to FIELDs or PARAMs (DataLink inputParams).</summary>
public sealed record VotableGroup(string Name)
{
    public string? Description { get; init; }
    public IReadOnlyList<VotableParam> Params { get; init; } = [];
    public IReadOnlyList<string> FieldRefs { get; init; } = [];
}

/// <summary>
/// An extra RESOURCE written after the results, such as a service descriptor
/// (<c>type="meta" utype="adhoc:service"</c>) with its PARAMs and GROUPs.
/// </summary>
public sealed record VotableResource(string Type)
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Utype { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<VotableInfo> Infos { get; init; } = [];
    public IReadOnlyList<VotableParam> Params { get; init; } = [];
    public IReadOnlyList<VotableGroup> Groups { get; init; } = [];

    /// <summary>
    /// A DataLink service descriptor (<c>type="meta" utype="adhoc:service"</c>): standardID, accessURL,
    /// contentType when given, and the input parameter groups. The one factory for every descriptor.
    /// </summary>
    public static VotableResource ServiceDescriptor(string? id, string accessUrl, string? standardId, IReadOnlyList<VotableGroup> groups,
        string? contentType = null) => new("meta")
    {
        Id = id,
        Utype = "adhoc:service",
        Params =
        [
            .. standardId is null ? Array.Empty<VotableParam>() : [new VotableParam(new VotableField("standardID", "char") { Arraysize = "*" }, standardId)],
            new VotableParam(new VotableField("accessURL", "char") { Arraysize = "*", Ucd = "meta.ref.url" }, accessUrl),
            .. contentType is null ? Array.Empty<VotableParam>() : [new VotableParam(new VotableField("contentType", "char") { Arraysize = "*" }, contentType)],
        ],
        Groups = groups,
    };
}

/// <summary>
/// Everything about a result table except its rows: the columns, the INFOs and COOSYS that go before
/// the TABLE, and RESOURCEs that follow the results one.
/// </summary>
public sealed record TableDescription(IReadOnlyList<VotableField> Fields)
{
    /// <summary>Table name (TABLE/@name).</summary>
    public string Name { get; init; } = "result";

    public string? Description { get; init; }

    /// <summary>INFOs of the results RESOURCE after QUERY_STATUS (e.g. QUERY, standardID, request_date).</summary>
    public IReadOnlyList<VotableInfo> Infos { get; init; } = [];

    public IReadOnlyList<VotableCoosys> CoordinateSystems { get; init; } = [];

    /// <summary>Further RESOURCEs after the results one (service descriptors).</summary>
    public IReadOnlyList<VotableResource> ExtraResources { get; init; } = [];

    /// <summary>
    /// The service's public URL, written in front of values of <c>meta.ref.url</c> columns that start with
    /// "/" (access_url is stored relative to the service); null leaves values as stored.
    /// </summary>
    public string? ServiceUrl { get; init; }
}

/// <summary>How a table ended: complete, cut at MAXREC (overflow), or failed after rows were sent.</summary>
public sealed record TableEnd(TableEndStatus Status, string? Message = null)
{
    public static TableEnd Ok { get; } = new(TableEndStatus.Ok);

    public static TableEnd Overflow { get; } = new(TableEndStatus.Overflow);

    public static TableEnd Error(string message) => new(TableEndStatus.Error, message);
}

public enum TableEndStatus
{
    Ok,
    Overflow,
    Error,
}
