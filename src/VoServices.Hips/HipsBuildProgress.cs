namespace VoServices.Hips;

/// <summary>Where a build is: <see cref="Stage"/> ("reading" rows, "tiles" at hips_order), <see cref="Done"/> of <see cref="Total"/>.</summary>
public sealed record HipsBuildProgress(string Stage, long Done, long Total);
