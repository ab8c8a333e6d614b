namespace VoServices.Hips;

/// <summary>
/// What a build wrote: the deepest order, cells read, tiles written over all orders; how many run files the
/// measurements were spilled to (0 when they fitted in the memory limit) and their bytes.
/// </summary>
public sealed record HipsBuildReport(string Directory, int Order, long CellsRead, long TileCount, TimeSpan Elapsed, int Spills = 0, long SpilledBytes = 0);
