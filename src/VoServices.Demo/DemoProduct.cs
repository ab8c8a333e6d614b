namespace VoServices.Demo;

/// <summary>What a demo file is, i.e. what ingest should recognise it as.</summary>
public enum DemoProductKind
{
    /// <summary>3-D HI cube, VELO-LSR spectral axis (ingest: cube).</summary>
    VelocityCube,

    /// <summary>3-D cube with a FREQ spectral axis, BITPIX 16 with BSCALE/BZERO/BLANK (ingest: cube).</summary>
    FrequencyCube,

    /// <summary>4-D RA/DEC/FREQ/STOKES cube (ingest: cube with pol_states).</summary>
    StokesCube,

    /// <summary>3-D cube in galactic coordinates with a VRAD axis (ingest: cube).</summary>
    GalacticCube,

    /// <summary>SDSS-V LVM-style row-stacked spectra (ingest: rss).</summary>
    RowStackedSpectra,

    /// <summary>A HiPS directory (ingest: hips; the path is the directory).</summary>
    Hips,
}

/// <summary>One product of the demo collection.</summary>
/// <param name="RelativePath">'/'-separated path below the demo directory (a directory for HiPS).</param>
/// <param name="Kind">What the product is.</param>
/// <param name="Description">One line for people: target, telescope, axes.</param>
public sealed record DemoProduct(string RelativePath, DemoProductKind Kind, string Description);

/// <summary>A file of the demo collection that is no product itself but the input of a demo HiPS (ingest skips FITS tables).</summary>
public sealed record DemoInput(string RelativePath, string Description);

/// <summary>
/// A HiPS `vo demo-data DIR --hips` builds from a demo input into <paramref name="Output"/> (below DIR), so that
/// ingest finds it as a HiPS product: from point measurements when <paramref name="PointRadiusArcsec"/> is
/// set (spread at <paramref name="Order"/>), else from a HEALPix table.
/// </summary>
public sealed record DemoHipsBuild(string Input, string Output, string Column, string Weight, int Order, double? PointRadiusArcsec, string CreatorDid, string Title);

/// <summary>The kinds of bad input <see cref="DemoCollection.WriteBadInputs"/> writes for ingest tests.</summary>
public enum BadInputKind
{
    /// <summary>A valid cube header whose data stop half-way.</summary>
    TruncatedData,

    /// <summary>A header cut off inside its first block.</summary>
    TruncatedHeader,

    /// <summary>A text file with a .fits name.</summary>
    NotFits,

    /// <summary>A well-formed cube whose every voxel is NaN.</summary>
    AllNaN,

    /// <summary>A cube whose celestial CTYPEs name a projection that does not exist (RA---XYZ).</summary>
    UnknownCType,

    /// <summary>A cube without any WCS keywords.</summary>
    NoWcs,
}

/// <summary>One bad-input file (for tests only; never part of the demo collection).</summary>
public sealed record BadInput(string RelativePath, BadInputKind Kind);
