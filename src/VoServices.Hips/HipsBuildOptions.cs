namespace VoServices.Hips;

/// <summary>What `vo hips build` makes of one map column.</summary>
/// <param name="TileWidth">hips_tile_width: a power of two, at most the map's NSIDE (512 by default).</param>
/// <param name="MinOrder">hips_order_min: the lowest order written (0 by default).</param>
/// <param name="ReleaseDate">hips_release_date; the build's start when null.</param>
public sealed record HipsBuildOptions(
    string CreatorDid,
    string Title,
    int TileWidth = 512,
    int MinOrder = 0,
    DateTimeOffset? ReleaseDate = null);
