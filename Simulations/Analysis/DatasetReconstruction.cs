using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Files;
using ActionPerception.Agents.Niche;
using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Simulations.Analysis;

/// <summary>
/// The preference dataset is rebuilt from the log alone: the starting dataset in its header, then every applied
/// like and dislike in log order, with the same arithmetic as <see cref="PreferenceDataset"/>.
/// </summary>
public static class DatasetReconstruction
{
    /// <summary>The dataset at the start of the session, from the log header (which carries it).</summary>
    public static (PreferenceDataset? Dataset, string? Problem) Initial(HeaderEvent header)
    {
        try
        {
            return (DatasetFile.FromDto("log header (initialDataset)", header.InitialDataset), null);
        }
        catch (InputFileException e) { return (null, $"the log's initialDataset is unreadable: {e.Message}"); }
    }

    /// <summary>Applies the applied likes and dislikes in log order, with the same arithmetic as the session.</summary>
    public static PreferenceDataset Apply(PreferenceDataset initial, IEnumerable<JudgementEvent> judgements)
    {
        var d = initial.Clone();
        foreach (var j in judgements)
        {
            if (!j.IsApplied || j.Pattern is not int pattern) continue;
            switch (j.Kind)
            {
                case JudgementKind.Like: d.Like(pattern); break;
                case JudgementKind.Dislike: d.Dislike(pattern); break;
            }
        }
        return d;
    }
}
