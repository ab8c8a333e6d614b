namespace VoServices.Hips;

/// <summary>What a build wrote: the deepest order, cells read, tiles written over all orders.</summary>
public sealed record HipsBuildReport(string Directory, int Order, long CellsRead, long TileCount, TimeSpan Elapsed);
