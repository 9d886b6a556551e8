namespace ActionPerception.Simulations.Export;

/// <summary>The type of a tidy column: what its CSV cells parse as and its Parquet physical type.</summary>
public enum TidyKind
{
    /// <summary>A whole number (Parquet INT64, nullable).</summary>
    Integer,
    /// <summary>A real number (Parquet DOUBLE, nullable); written to CSV round-trippable ("R").</summary>
    Number,
    /// <summary>Text (Parquet UTF-8 string, nullable).</summary>
    Text,
    /// <summary>true / false (Parquet BOOLEAN, nullable).</summary>
    Flag,
}
