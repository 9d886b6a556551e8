using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// plotly.js as shipped inside Plotly.NET.dll (the copy PlotlyJSReference.Full uses), read from the file's metadata
/// without loading the assembly: hosts that cannot load Plotly.NET (dotnet-repl ships an older FSharp.Core) still
/// get the same plotly.js, so a notebook can draw the project's figure JSON inline, offline.
/// </summary>
public static class PlotlyJsResource
{
    private const string Prefix = "Plotly.NET.plotly-", Suffix = ".min.js";

    /// <summary>The version (e.g. "2.28.0") and the script text.</summary>
    public static readonly Lazy<(string Version, string Script)> Value = new(Read);

    private static (string Version, string Script) Read()
    {
        string dll = Path.Combine(Path.GetDirectoryName(typeof(PlotlyJsResource).Assembly.Location) ?? AppContext.BaseDirectory, "Plotly.NET.dll");
        if (File.Exists(dll)) return FromFile(dll);
        // A single-file build has no Plotly.NET.dll on disk: the loaded assembly is the only copy.
        var asm = typeof(Plotly.NET.GenericChart).Assembly;
        string name = asm.GetManifestResourceNames().Single(IsPlotlyJs);
        using var s = asm.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s, Encoding.UTF8);
        return (VersionOf(name), r.ReadToEnd());
    }

    /// <summary>Reads the embedded plotly.js of a Plotly.NET.dll file through its CLI header's resource directory.</summary>
    public static (string Version, string Script) FromFile(string dll)
    {
        using var fs = File.OpenRead(dll);
        using var pe = new PEReader(fs);
        var md = pe.GetMetadataReader();
        foreach (var handle in md.ManifestResources)
        {
            var resource = md.GetManifestResource(handle);
            string name = md.GetString(resource.Name);
            if (!resource.Implementation.IsNil || !IsPlotlyJs(name)) continue;
            var block = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress);
            // Each embedded resource is a 4-byte little-endian length followed by its bytes.
            var reader = block.GetReader((int)resource.Offset, block.Length - (int)resource.Offset);
            int length = reader.ReadInt32();
            return (VersionOf(name), Encoding.UTF8.GetString(reader.ReadBytes(length)));
        }
        throw new InvalidOperationException($"{dll}: no embedded plotly.js ({Prefix}*{Suffix})");
    }

    private static bool IsPlotlyJs(string name) => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal);

    private static string VersionOf(string name) => name[Prefix.Length..^Suffix.Length];
}
