
namespace ActionPerception.Simulations.Analysis;

public sealed record SurprisePoint(double T, long Serial, double Surprise, string Action);
