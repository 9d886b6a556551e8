using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ActionPerception.Agents.Numerics;

/// <summary>
/// e^x with the bits of the C library's <c>exp</c> that <see cref="Math.Exp"/> calls on Linux x64 (glibc 2.28 and later,
/// whose FMA build this machine's class of CPU selects: the algorithm of ARM's optimized-routines, a 128-entry table of
/// 2^(k/128) and a degree-5 polynomial), written out operation for operation, fused where that build fuses, with the
/// library's own constants. Its point is speed without changing a bit: no call per value, and four values per vector.
/// <para>Arguments outside the library's fast path (|x| below 2^-54 or from 512 up, NaN) are passed to
/// <see cref="Math.Exp"/> itself, except x below −750, where e^x is exactly 0 in any case. On first use the port is
/// compared with <see cref="Math.Exp"/> on 40,000 arguments; if a single bit differs (another C library, or a build
/// without FMA), every value is taken from <see cref="Math.Exp"/> instead, so results never depend on this port.</para>
/// </summary>
public static class ExactExp
{
    private static readonly double InvLn2N = BitConverter.UInt64BitsToDouble(0x40671547652B82FE);   // 128/ln 2
    private static readonly double NegLn2HiN = BitConverter.UInt64BitsToDouble(0xBF762E42FEFA0000); // −ln 2/128, high part
    private static readonly double NegLn2LoN = BitConverter.UInt64BitsToDouble(0xBD0CF79ABC9E3B3A); // and its low part
    private static readonly double C2 = BitConverter.UInt64BitsToDouble(0x3FDFFFFFFFFFFDBD);
    private static readonly double C3 = BitConverter.UInt64BitsToDouble(0x3FC555555555543C);
    private static readonly double C4 = BitConverter.UInt64BitsToDouble(0x3FA55555CF172B91);
    private static readonly double C5 = BitConverter.UInt64BitsToDouble(0x3F81111167A4D017);
    private const double Shift = 6755399441055744.0; // 1.5 · 2^52

    // Pairs (tail, bits of 2^(k/128) − k·2^45) for k = 0 … 127, as the library stores them.
    private static readonly ulong[] Table =
    [
        0x0000000000000000, 0x3FF0000000000000, 0x3C9B3B4F1A88BF6E, 0x3FEFF63DA9FB3335,
        0xBC7160139CD8DC5D, 0x3FEFEC9A3E778061, 0xBC905E7A108766D1, 0x3FEFE315E86E7F85,
        0x3C8CD2523567F613, 0x3FEFD9B0D3158574, 0xBC8BCE8023F98EFA, 0x3FEFD06B29DDF6DE,
        0x3C60F74E61E6C861, 0x3FEFC74518759BC8, 0x3C90A3E45B33D399, 0x3FEFBE3ECAC6F383,
        0x3C979AA65D837B6D, 0x3FEFB5586CF9890F, 0x3C8EB51A92FDEFFC, 0x3FEFAC922B7247F7,
        0x3C3EBE3D702F9CD1, 0x3FEFA3EC32D3D1A2, 0xBC6A033489906E0B, 0x3FEF9B66AFFED31B,
        0xBC9556522A2FBD0E, 0x3FEF9301D0125B51, 0xBC5080EF8C4EEA55, 0x3FEF8ABDC06C31CC,
        0xBC91C923B9D5F416, 0x3FEF829AAEA92DE0, 0x3C80D3E3E95C55AF, 0x3FEF7A98C8A58E51,
        0xBC801B15EAA59348, 0x3FEF72B83C7D517B, 0xBC8F1FF055DE323D, 0x3FEF6AF9388C8DEA,
        0x3C8B898C3F1353BF, 0x3FEF635BEB6FCB75, 0xBC96D99C7611EB26, 0x3FEF5BE084045CD4,
        0x3C9AECF73E3A2F60, 0x3FEF54873168B9AA, 0xBC8FE782CB86389D, 0x3FEF4D5022FCD91D,
        0x3C8A6F4144A6C38D, 0x3FEF463B88628CD6, 0x3C807A05B0E4047D, 0x3FEF3F49917DDC96,
        0x3C968EFDE3A8A894, 0x3FEF387A6E756238, 0x3C875E18F274487D, 0x3FEF31CE4FB2A63F,
        0x3C80472B981FE7F2, 0x3FEF2B4565E27CDD, 0xBC96B87B3F71085E, 0x3FEF24DFE1F56381,
        0x3C82F7E16D09AB31, 0x3FEF1E9DF51FDEE1, 0xBC3D219B1A6FBFFA, 0x3FEF187FD0DAD990,
        0x3C8B3782720C0AB4, 0x3FEF1285A6E4030B, 0x3C6E149289CECB8F, 0x3FEF0CAFA93E2F56,
        0x3C834D754DB0ABB6, 0x3FEF06FE0A31B715, 0x3C864201E2AC744C, 0x3FEF0170FC4CD831,
        0x3C8FDD395DD3F84A, 0x3FEEFC08B26416FF, 0xBC86A3803B8E5B04, 0x3FEEF6C55F929FF1,
        0xBC924AEDCC4B5068, 0x3FEEF1A7373AA9CB, 0xBC9907F81B512D8E, 0x3FEEECAE6D05D866,
        0xBC71D1E83E9436D2, 0x3FEEE7DB34E59FF7, 0xBC991919B3CE1B15, 0x3FEEE32DC313A8E5,
        0x3C859F48A72A4C6D, 0x3FEEDEA64C123422, 0xBC9312607A28698A, 0x3FEEDA4504AC801C,
        0xBC58A78F4817895B, 0x3FEED60A21F72E2A, 0xBC7C2C9B67499A1B, 0x3FEED1F5D950A897,
        0x3C4363ED60C2AC11, 0x3FEECE086061892D, 0x3C9666093B0664EF, 0x3FEECA41ED1D0057,
        0x3C6ECCE1DAA10379, 0x3FEEC6A2B5C13CD0, 0x3C93FF8E3F0F1230, 0x3FEEC32AF0D7D3DE,
        0x3C7690CEBB7AAFB0, 0x3FEEBFDAD5362A27, 0x3C931DBDEB54E077, 0x3FEEBCB299FDDD0D,
        0xBC8F94340071A38E, 0x3FEEB9B2769D2CA7, 0xBC87DECCDC93A349, 0x3FEEB6DAA2CF6642,
        0xBC78DEC6BD0F385F, 0x3FEEB42B569D4F82, 0xBC861246EC7B5CF6, 0x3FEEB1A4CA5D920F,
        0x3C93350518FDD78E, 0x3FEEAF4736B527DA, 0x3C7B98B72F8A9B05, 0x3FEEAD12D497C7FD,
        0x3C9063E1E21C5409, 0x3FEEAB07DD485429, 0x3C34C7855019C6EA, 0x3FEEA9268A5946B7,
        0x3C9432E62B64C035, 0x3FEEA76F15AD2148, 0xBC8CE44A6199769F, 0x3FEEA5E1B976DC09,
        0xBC8C33C53BEF4DA8, 0x3FEEA47EB03A5585, 0xBC845378892BE9AE, 0x3FEEA34634CCC320,
        0xBC93CEDD78565858, 0x3FEEA23882552225, 0x3C5710AA807E1964, 0x3FEEA155D44CA973,
        0xBC93B3EFBF5E2228, 0x3FEEA09E667F3BCD, 0xBC6A12AD8734B982, 0x3FEEA012750BDABF,
        0xBC6367EFB86DA9EE, 0x3FEE9FB23C651A2F, 0xBC80DC3D54E08851, 0x3FEE9F7DF9519484,
        0xBC781F647E5A3ECF, 0x3FEE9F75E8EC5F74, 0xBC86EE4AC08B7DB0, 0x3FEE9F9A48A58174,
        0xBC8619321E55E68A, 0x3FEE9FEB564267C9, 0x3C909CCB5E09D4D3, 0x3FEEA0694FDE5D3F,
        0xBC7B32DCB94DA51D, 0x3FEEA11473EB0187, 0x3C94ECFD5467C06B, 0x3FEEA1ED0130C132,
        0x3C65EBE1ABD66C55, 0x3FEEA2F336CF4E62, 0xBC88A1C52FB3CF42, 0x3FEEA427543E1A12,
        0xBC9369B6F13B3734, 0x3FEEA589994CCE13, 0xBC805E843A19FF1E, 0x3FEEA71A4623C7AD,
        0xBC94D450D872576E, 0x3FEEA8D99B4492ED, 0x3C90AD675B0E8A00, 0x3FEEAAC7D98A6699,
        0x3C8DB72FC1F0EAB4, 0x3FEEACE5422AA0DB, 0xBC65B6609CC5E7FF, 0x3FEEAF3216B5448C,
        0x3C7BF68359F35F44, 0x3FEEB1AE99157736, 0xBC93091FA71E3D83, 0x3FEEB45B0B91FFC6,
        0xBC5DA9B88B6C1E29, 0x3FEEB737B0CDC5E5, 0xBC6C23F97C90B959, 0x3FEEBA44CBC8520F,
        0xBC92434322F4F9AA, 0x3FEEBD829FDE4E50, 0xBC85CA6CD7668E4B, 0x3FEEC0F170CA07BA,
        0x3C71AFFC2B91CE27, 0x3FEEC49182A3F090, 0x3C6DD235E10A73BB, 0x3FEEC86319E32323,
        0xBC87C50422622263, 0x3FEECC667B5DE565, 0x3C8B1C86E3E231D5, 0x3FEED09BEC4A2D33,
        0xBC91BBD1D3BCBB15, 0x3FEED503B23E255D, 0x3C90CC319CEE31D2, 0x3FEED99E1330B358,
        0x3C8469846E735AB3, 0x3FEEDE6B5579FDBF, 0xBC82DFCD978E9DB4, 0x3FEEE36BBFD3F37A,
        0x3C8C1A7792CB3387, 0x3FEEE89F995AD3AD, 0xBC907B8F4AD1D9FA, 0x3FEEEE07298DB666,
        0xBC55C3D956DCAEBA, 0x3FEEF3A2B84F15FB, 0xBC90A40E3DA6F640, 0x3FEEF9728DE5593A,
        0xBC68D6F438AD9334, 0x3FEEFF76F2FB5E47, 0xBC91EEE26B588A35, 0x3FEF05B030A1064A,
        0x3C74FFD70A5FDDCD, 0x3FEF0C1E904BC1D2, 0xBC91BDFBFA9298AC, 0x3FEF12C25BD71E09,
        0x3C736EAE30AF0CB3, 0x3FEF199BDD85529C, 0x3C8EE3325C9FFD94, 0x3FEF20AB5FFFD07A,
        0x3C84E08FD10959AC, 0x3FEF27F12E57D14B, 0x3C63CDAF384E1A67, 0x3FEF2F6D9406E7B5,
        0x3C676B2C6C921968, 0x3FEF3720DCEF9069, 0xBC808A1883CCB5D2, 0x3FEF3F0B555DC3FA,
        0xBC8FAD5D3FFFFA6F, 0x3FEF472D4A07897C, 0xBC900DAE3875A949, 0x3FEF4F87080D89F2,
        0x3C74A385A63D07A7, 0x3FEF5818DCFBA487, 0xBC82919E2040220F, 0x3FEF60E316C98398,
        0x3C8E5A50D5C192AC, 0x3FEF69E603DB3285, 0x3C843A59AC016B4B, 0x3FEF7321F301B460,
        0xBC82D52107B43E1F, 0x3FEF7C97337B9B5F, 0xBC892AB93B470DC9, 0x3FEF864614F5A129,
        0x3C74B604603A88D3, 0x3FEF902EE78B3FF6, 0x3C83C5EC519D7271, 0x3FEF9A51FBC74C83,
        0xBC8FF7128FD391F0, 0x3FEFA4AFA2A490DA, 0xBC8DAE98E223747D, 0x3FEFAF482D8E67F1,
        0x3C8EC3BC41AA2008, 0x3FEFBA1BEE615A27, 0x3C842B94C3A9EB32, 0x3FEFC52B376BBA97,
        0x3C8A64A931D185EE, 0x3FEFD0765B6E4540, 0xBC8E37BAE43BE3ED, 0x3FEFDBFDAD9CBE14,
        0x3C77893B4D91CD9D, 0x3FEFE7C1819E90D8, 0x3C5305C14160CC89, 0x3FEFF3C22B8F71F1,
    ];

    /// <summary>True when the port reproduced <see cref="Math.Exp"/> bit for bit on this machine (checked once).</summary>
    public static bool MatchesLibrary { get; } = SelfCheck();

    /// <summary>e^x, the same bits as <see cref="Math.Exp"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x)
    {
        if (!MatchesLibrary) return Math.Exp(x);
        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        uint abstop = (uint)(bits >> 52) & 0x7ff;
        if (abstop - 0x3c9 > 0x3e) return Outside(x);
        return Port(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Port(double x)
    {
        double z = Math.FusedMultiplyAdd(x, InvLn2N, Shift);
        ulong ki = BitConverter.DoubleToUInt64Bits(z);
        double kd = z - Shift;
        double r = Math.FusedMultiplyAdd(kd, NegLn2HiN, x);
        r = Math.FusedMultiplyAdd(kd, NegLn2LoN, r);
        int idx = 2 * (int)(ki & 127);
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(Table);
        double tail = BitConverter.UInt64BitsToDouble(Unsafe.Add(ref t, idx));
        double scale = BitConverter.UInt64BitsToDouble(Unsafe.Add(ref t, idx + 1) + (ki << 45));
        double r2 = r * r;
        double tmp = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(r, C3, C2), r2, r + tail);
        tmp = Math.FusedMultiplyAdd(r2 * r2, Math.FusedMultiplyAdd(r, C5, C4), tmp);
        return Math.FusedMultiplyAdd(scale, tmp, scale);
    }

    private static double Outside(double x) => x < -750 ? 0.0 : Math.Exp(x);

    /// <summary>e^x of four values at once, each the same bits as <see cref="Math.Exp"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp4(Vector256<double> x)
    {
        // Lane by lane where the port does not match, or where 256-bit vectors would be emulated (64-bit ARM): a scalar
        // port per lane costs less there than the vector arithmetic done element by element through calls.
        if (!MatchesLibrary || !Vector256.IsHardwareAccelerated) return Lanes(x);
        var abstop = (x.AsUInt64() >> 52) & Vector256.Create(0x7ffUL);
        var outside = Vector256.GreaterThan(abstop - Vector256.Create(0x3c9UL), Vector256.Create(0x3eUL));
        if (outside == Vector256<ulong>.Zero) return FastPath(x);
        // Two kinds of lane off the fast path are common in training and cheap to answer as the library does: |x| below
        // 2^-54 (a pre-activation or a shifted score of exactly 0), where the library returns 1 + x, and x below −750
        // (the Boltzmann weights of poor states), where e^x is 0. Any other (|x| ≥ 512 above −750, NaN) goes lane by lane.
        var tiny = Vector256.LessThan(abstop, Vector256.Create(0x3c9UL)).AsDouble();
        var zero = Vector256.LessThan(x, Vector256.Create(-750.0));
        if (zero.ExtractMostSignificantBits() == 0xF) return Vector256<double>.Zero; // common in a sharp choice: most weights are 0
        if ((outside.AsDouble() & ~tiny & ~zero) != Vector256<double>.Zero) return Lanes(x);
        var fast = FastPath(x);
        return Vector256.ConditionalSelect(tiny, Vector256<double>.One + x, Vector256.ConditionalSelect(zero, Vector256<double>.Zero, fast));
    }

    /// <summary>The library's fast path in every lane (meaningful only for 2^-54 ≤ |x| &lt; 512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> FastPath(Vector256<double> x)
    {
        var z = Vector256.FusedMultiplyAdd(x, Vector256.Create(InvLn2N), Vector256.Create(Shift));
        var ki = z.AsUInt64();
        var kd = z - Vector256.Create(Shift);
        var r = Vector256.FusedMultiplyAdd(kd, Vector256.Create(NegLn2HiN), x);
        r = Vector256.FusedMultiplyAdd(kd, Vector256.Create(NegLn2LoN), r);
        var idx = (ki & Vector256.Create(127UL)) << 1;
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(Table);
        var tail = Vector256.Create(
            Unsafe.Add(ref t, (nint)idx.GetElement(0)), Unsafe.Add(ref t, (nint)idx.GetElement(1)),
            Unsafe.Add(ref t, (nint)idx.GetElement(2)), Unsafe.Add(ref t, (nint)idx.GetElement(3)));
        var head = Vector256.Create(
            Unsafe.Add(ref t, (nint)idx.GetElement(0) + 1), Unsafe.Add(ref t, (nint)idx.GetElement(1) + 1),
            Unsafe.Add(ref t, (nint)idx.GetElement(2) + 1), Unsafe.Add(ref t, (nint)idx.GetElement(3) + 1));
        var scale = (head + (ki << 45)).AsDouble();
        var r2 = r * r;
        var tmp = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(r, Vector256.Create(C3), Vector256.Create(C2)), r2, r + tail.AsDouble());
        tmp = Vector256.FusedMultiplyAdd(r2 * r2, Vector256.FusedMultiplyAdd(r, Vector256.Create(C5), Vector256.Create(C4)), tmp);
        return Vector256.FusedMultiplyAdd(scale, tmp, scale);
    }

    // A vector with a lane off the fast path (rare in training), or a machine where the port does not match: lane by lane.
    private static Vector256<double> Lanes(Vector256<double> x) =>
        Vector256.Create(Exp(x.GetElement(0)), Exp(x.GetElement(1)), Exp(x.GetElement(2)), Exp(x.GetElement(3)));

    /// <summary>
    /// A value for the padding lanes of a last, partial vector: on the fast path, so that the padding does not send the
    /// whole vector lane by lane (0, the obvious padding, is off it: |x| &lt; 2^-54 goes to the library).
    /// </summary>
    public const double Padding = 1.0;

    /// <summary>The number of elements the vector methods write for n inputs: n rounded up to a whole vector.</summary>
    public static int Padded(int n) => (n + 3) & ~3;

    /// <summary>e^x[i] for every i; the lengths must be multiples of 4 (<see cref="Padded"/>), so no scalar tail.</summary>
    public static void Exps(ReadOnlySpan<double> x, Span<double> e)
    {
        if ((x.Length & 3) != 0 || e.Length < x.Length)
            throw new ArgumentException($"Exps works on whole vectors of 4: got {x.Length} inputs and {e.Length} outputs.");
        ref double src = ref MemoryMarshal.GetReference(x);
        ref double dst = ref MemoryMarshal.GetReference(e);
        for (int j = 0; j < x.Length; j += 4)
            Exp4(Vector256.LoadUnsafe(ref src, (nuint)j)).StoreUnsafe(ref dst, (nuint)j);
    }

    private static bool SelfCheck()
    {
        // Arguments across the fast path, dense where training puts them, and the range's edges; a fixed generator so
        // the check is the same on every run.
        ulong state = 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < 40_000; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            double u = (state >> 11) * (1.0 / (1UL << 53));
            double x = i % 4 == 0 ? (u - 0.5) * 1023.9 : i % 4 == 1 ? (u - 0.5) * 80 : i % 4 == 2 ? (u - 0.5) * 2 : (u - 0.5) * 1e-6;
            if (BitConverter.DoubleToUInt64Bits(x) >> 52 is var top && ((uint)top & 0x7ff) - 0x3c9 > 0x3e) continue;
            if (BitConverter.DoubleToInt64Bits(Port(x)) != BitConverter.DoubleToInt64Bits(Math.Exp(x))) return false;
        }
        return true;
    }
}
