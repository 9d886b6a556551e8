using System.Globalization;
using System.Text;

namespace ActionPerception.Simulations.Cli;

/// <summary>A small line chart in plain text, so a curve is visible in any terminal and in CI logs.</summary>
public static class TextChart
{
    public static string Render(IReadOnlyList<double> values, string title, int width = 60, int height = 12)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return title + ": (no data)\n";
        double min = finite.Min(), max = finite.Max();
        if (max - min < 1e-12) { max = min + 1; }
        int cols = Math.Min(width, values.Count);
        var grid = new char[height, cols];
        for (int r = 0; r < height; r++) for (int c = 0; c < cols; c++) grid[r, c] = ' ';
        for (int c = 0; c < cols; c++)
        {
            int i = cols == 1 ? 0 : (int)Math.Round(c * (values.Count - 1) / (double)(cols - 1));
            double v = values[i];
            if (!double.IsFinite(v)) continue;
            int row = (int)Math.Round((max - v) / (max - min) * (height - 1));
            grid[row, c] = '*';
        }
        var sb = new StringBuilder();
        sb.AppendLine(title);
        for (int r = 0; r < height; r++)
        {
            double label = max - r * (max - min) / (height - 1);
            sb.Append(label.ToString("F3", CultureInfo.InvariantCulture).PadLeft(8)).Append(" |");
            for (int c = 0; c < cols; c++) sb.Append(grid[r, c]);
            sb.AppendLine();
        }
        sb.Append(new string(' ', 9)).Append('+').AppendLine(new string('-', cols));
        string last = (values.Count - 1).ToString(CultureInfo.InvariantCulture);
        sb.Append(new string(' ', 10)).Append('0').AppendLine(last.PadLeft(Math.Max(last.Length + 1, cols - 1)));
        return sb.ToString();
    }
}
