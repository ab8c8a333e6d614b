namespace VoServices.Hips;

/// <summary>What `vo hips build` makes of one map column.</summary>
/// <param name="TileWidth">hips_tile_width: a power of two, at most the map's NSIDE (512 by default).</param>
/// <param name="MinOrder">hips_order_min: the lowest order written (0 by default).</param>
/// <param name="ReleaseDate">hips_release_date; the build's start when null.</param>
/// <param name="Combine">Repeated cells: null for the weighted mean with a weight column, else the mean.</param>
/// <param name="Aggregation">Lower orders from their four children (mean by default).</param>
/// <param name="Cut">hips_pixel_cut and the PNG colour range; <see cref="HipsCut.Default"/> when null.</param>
/// <param name="Png">PNG tiles beside the FITS ones, when not null.</param>
/// <param name="Creator">hips_creator, when not null.</param>
public sealed record HipsBuildOptions(
    string CreatorDid,
    string Title,
    int TileWidth = 512,
    int MinOrder = 0,
    DateTimeOffset? ReleaseDate = null,
    HipsCombine? Combine = null,
    HipsAggregation Aggregation = HipsAggregation.Mean,
    HipsCut? Cut = null,
    HipsPngOptions? Png = null,
    string? Creator = null);
