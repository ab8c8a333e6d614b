namespace VoServices.Hips;

/// <summary>One measurement of a HEALPix cell: its NESTED index at the map's order, a value and its weight (1 without a weight column).</summary>
public readonly record struct HealpixCell(long Index, double Value, double Weight);
