using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ActionPerception.Simulations.Reports;

namespace ActionPerception.Tests.Reports;

public class NotebookHelpersTests
{
    [Fact]
    public void Plotly_js_read_from_the_dll_file_is_the_assembly_s_own_resource()
    {
        var asm = typeof(Plotly.NET.GenericChart).Assembly;
        string name = asm.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var s = asm.GetManifestResourceStream(name)!;
        string expected = new StreamReader(s, Encoding.UTF8).ReadToEnd();

        var (version, script) = PlotlyJsResource.FromFile(asm.Location);

        Assert.Equal(name["Plotly.NET.plotly-".Length..^".min.js".Length], version);
        Assert.Equal(expected, script);
        Assert.StartsWith($"/**\n* plotly.js v{version}", script);
    }

    [Fact]
    public void A_notebook_figure_is_a_div_and_one_newPlot_of_its_json_and_needs_no_url()
    {
        var json = new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject { ["type"] = "scatter", ["x"] = new JsonArray(1, 2), ["y"] = new JsonArray(3, 4), ["name"] = "a</script>b" }),
            ["layout"] = new JsonObject { ["height"] = 321 },
        };
        string a = NotebookHtml.Figure(new Figure("n1", "T", json));
        string b = NotebookHtml.Figure(new Figure("n2", "T", json));

        string id = Regex.Match(a, "<div id=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEqual(id, Regex.Match(b, "<div id=\"([^\"]+)\"").Groups[1].Value);
        Assert.Contains($"Plotly.newPlot('{id}'", a);
        Assert.Contains("height:321px", a);
        Assert.Single(Regex.Matches(a, "</script>"));
        Assert.DoesNotContain("a</script>b", a);
        Assert.DoesNotContain("http", a);
        Assert.DoesNotContain("iframe", a);
    }

    [Fact]
    public void Plotly_js_is_emitted_once_with_require_js_out_of_its_way()
    {
        string html = NotebookHtml.PlotlyScript();
        Assert.Single(Regex.Matches(html, Regex.Escape("* plotly.js v")));
        Assert.True(html.IndexOf("window.define = undefined", StringComparison.Ordinal) < html.IndexOf("* plotly.js v", StringComparison.Ordinal));
        Assert.Contains("window.define = window.__apDefine", html);
    }

    [Fact]
    public void A_table_is_escaped_and_says_how_many_rows_it_left_out()
    {
        var rows = Enumerable.Range(0, 5).Select(i => (IReadOnlyList<string>)[$"<b>{i}</b>", "1.5"]);
        string html = NotebookHtml.Table(["name", "value"], rows, maxRows: 3);
        Assert.Contains("&lt;b&gt;2&lt;/b&gt;", html);
        Assert.DoesNotContain("&lt;b&gt;3", html);
        Assert.Contains("3 of 5 rows shown", html);
        Assert.Contains("text-align:right\">1.5", html);
    }

    [Fact]
    public void Tidy_csv_is_read_with_quoted_fields_and_empty_cells()
    {
        string path = Path.Combine(Fixtures.TempDir(), "t.csv");
        File.WriteAllText(path, "a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n2,z,3.5\r\n");
        var t = NotebookTable.ReadCsv(path);
        Assert.Equal(["a", "b", "c"], t.Header);
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal("x, \"y\"", t.Cell(t.Rows[0], "b"));
        Assert.Equal("", t.Cell(t.Rows[0], "c"));
        Assert.True(double.IsNaN(t.Number(t.Rows[0], "c")));
        Assert.Equal(3.5, t.Number(t.Rows[1], "c"));
        Assert.Equal(["c", "a"], t.Select("c", "a").Header);
        Assert.Single(t.Where(r => r[0] == "2").Rows);
        Assert.Throws<ArgumentException>(() => t.Column("nope"));
    }

    private static NotebookTable Blocks() => new(
        ["participant", "condition", "kind", "patterns", "like_rate"],
        [
            ["p1", "counts", "block", "10", "0.2"], ["p1", "predictive", "block", "10", "0.5"],
            ["p2", "counts", "block", "20", "0.4"], ["p2", "predictive", "block", "30", "0.3"],
            ["p1", "counts", "fitted-twin", "10", "0.9"], ["p2", "counts", "practice", "5", "1"],
        ]);

    [Fact]
    public void Conditions_are_compared_within_participants_from_their_own_blocks_only()
    {
        var t = StudyNotebook.Conditions(Blocks());
        Assert.Equal(3, t.Rows.Count);
        Assert.Equal(["counts", "2", "15.000", "0.300", "", ""], t.Rows[0]);
        Assert.Equal(["predictive", "2", "20.000", "0.400", "", ""], t.Rows[1]);
        // p1: 0.5 − 0.2 = 0.3; p2: 0.3 − 0.4 = −0.1; mean 0.1.
        Assert.Equal(["predictive − counts", "2", "", "0.100", "-0.100", "0.300"], t.Rows[2]);
    }

    [Fact]
    public void The_like_rate_by_condition_averages_the_participants_rolling_shares()
    {
        var patterns = new NotebookTable(["run", "condition", "kind", "judgement"],
        [
            ["r1", "a", "block", "like"], ["r1", "a", "block", "dislike"], ["r1", "a", "block", "like"],
            ["r2", "a", "block", "none"], ["r2", "a", "block", "like"],
            ["t1", "a", "fitted-twin", "like"],
        ]);
        var f = StudyNotebook.LikeRateByCondition(patterns, window: 2);
        var trace = f.Json["data"]!.AsArray().Single()!;
        Assert.Equal("a (2 blocks)", trace["name"]!.GetValue<string>());
        Assert.Equal([1.0, 2.0, 3.0], trace["x"]!.AsArray().Select(v => v!.GetValue<double>()));
        // k=1: (1 + 0)/2; k=2: (0.5 + 0.5)/2; k=3: r1 only, (0 + 1)/2.
        Assert.Equal([0.5, 0.5, 0.5], trace["y"]!.AsArray().Select(v => v!.GetValue<double>()));
    }
}
