using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActionPerception.Agents.Numerics;

/// <summary>
/// log x with the bits of the C library's <c>log</c> that <see cref="Math.Log"/> calls on Linux x64 (glibc 2.28 and later,
/// whose FMA build this machine's class of CPU selects: the algorithm of ARM's optimized-routines, a 128-entry table of
/// (1/c, log c) and a degree-5 polynomial in r = z/c − 1, or a degree-11 one with a split leading term for x within
/// about 1/16 of 1), written out operation for operation, fused where that build fuses, with the library's own
/// constants. Its point is speed without changing a bit: no call per value, and four values per vector.
/// <para>Arguments off the library's fast path (zero, subnormal, negative, infinite, NaN) are passed to
/// <see cref="Math.Log"/> itself. On first use the port is compared with <see cref="Math.Log"/> on 60,000 arguments
/// (counts, probabilities, values near 1, the whole exponent range); if a single bit differs (another C library, or a
/// build without FMA), every value is taken from <see cref="Math.Log"/> instead, so results never depend on this port.</para>
/// </summary>
public static class ExactLog
{
    private static readonly double Ln2Hi = BitConverter.UInt64BitsToDouble(0x3FE62E42FEFA3800);
    private static readonly double Ln2Lo = BitConverter.UInt64BitsToDouble(0x3D2EF35793C76730);
    // The main path's polynomial (A0 is −0.5 rounded up by an ulp; the library's own value).
    private static readonly double A0 = BitConverter.UInt64BitsToDouble(0xBFE0000000000001);
    private static readonly double A1 = BitConverter.UInt64BitsToDouble(0x3FD555555551305B);
    private static readonly double A2 = BitConverter.UInt64BitsToDouble(0xBFCFFFFFFFEB4590);
    private static readonly double A3 = BitConverter.UInt64BitsToDouble(0x3FC999B324F10111);
    private static readonly double A4 = BitConverter.UInt64BitsToDouble(0xBFC55575E506C89F);
    // The near-1 polynomial; B0 is exactly −0.5.
    private static readonly double B0 = BitConverter.UInt64BitsToDouble(0xBFE0000000000000);
    private static readonly double B1 = BitConverter.UInt64BitsToDouble(0x3FD5555555555577);
    private static readonly double B2 = BitConverter.UInt64BitsToDouble(0xBFCFFFFFFFFFFDCB);
    private static readonly double B3 = BitConverter.UInt64BitsToDouble(0x3FC999999995DD0C);
    private static readonly double B4 = BitConverter.UInt64BitsToDouble(0xBFC55555556745A7);
    private static readonly double B5 = BitConverter.UInt64BitsToDouble(0x3FC24924A344DE30);
    private static readonly double B6 = BitConverter.UInt64BitsToDouble(0xBFBFFFFFA4423D65);
    private static readonly double B7 = BitConverter.UInt64BitsToDouble(0x3FBC7184282AD6CA);
    private static readonly double B8 = BitConverter.UInt64BitsToDouble(0xBFB999EB43B068FF);
    private static readonly double B9 = BitConverter.UInt64BitsToDouble(0x3FB78182F7AFD085);
    private static readonly double B10 = BitConverter.UInt64BitsToDouble(0xBFB5521375D145CD);
    private const double Split = 134217728.0; // 2^27: r·2^27 + r − r·2^27 keeps r's top 26 bits
    private const ulong Off = 0x3FE6000000000000;   // the table's subintervals start at 0x1.6p-1 (about 0.69)
    private const ulong Near1Lo = 0x3FEE000000000000; // bits of 1 − 2^-4
    private const ulong Near1Span = 0x3090000000000;  // bits of 1 + 0x1.09p-4 minus Near1Lo

    // Pairs (1/c, log c) for i = 0 … 127, the subinterval of the mantissa starting at Off, as the library stores them.
    private static readonly ulong[] Table =
    [
        0x3FF734F0C3E0DE9F, 0xBFD7CC7F79E69000, 0x3FF713786A2CE91F, 0xBFD76FEEC20D0000,
        0x3FF6F26008FAB5A0, 0xBFD713E31351E000, 0x3FF6D1A61F138C7D, 0xBFD6B85B38287800,
        0x3FF6B1490BC5B4D1, 0xBFD65D5590807800, 0x3FF69147332F0CBA, 0xBFD602D076180000,
        0x3FF6719F18224223, 0xBFD5A8CA86909000, 0x3FF6524F99A51ED9, 0xBFD54F4356035000,
        0x3FF63356AA8F24C4, 0xBFD4F637C36B4000, 0x3FF614B36B9DDC14, 0xBFD49DA7FDA85000,
        0x3FF5F66452C65C4C, 0xBFD445923989A800, 0x3FF5D867B5912C4F, 0xBFD3EDF439B0B800,
        0x3FF5BABCCB5B90DE, 0xBFD396CE448F7000, 0x3FF59D61F2D91A78, 0xBFD3401E17BDA000,
        0x3FF5805612465687, 0xBFD2E9E2EF468000, 0x3FF56397CEE76BD3, 0xBFD2941B3830E000,
        0x3FF54725E2A77F93, 0xBFD23EC58CDA8800, 0x3FF52AFF42064583, 0xBFD1E9E129279000,
        0x3FF50F22DBB2BDDF, 0xBFD1956D2B48F800, 0x3FF4F38F4734DED7, 0xBFD141679AB9F800,
        0x3FF4D843CFDE2840, 0xBFD0EDD094EF9800, 0x3FF4BD3EC078A3C8, 0xBFD09AA518DB1000,
        0x3FF4A27FC3E0258A, 0xBFD047E65263B800, 0x3FF4880524D48434, 0xBFCFEB224586F000,
        0x3FF46DCE1B192D0B, 0xBFCF474A7517B000, 0x3FF453D9D3391854, 0xBFCEA4443D103000,
        0x3FF43A2744B4845A, 0xBFCE020D44E9B000, 0x3FF420B54115F8FB, 0xBFCD60A22977F000,
        0x3FF40782DA3EF4B1, 0xBFCCC00104959000, 0x3FF3EE8F5D57FE8F, 0xBFCC202956891000,
        0x3FF3D5D9A00B4CE9, 0xBFCB81178D811000, 0x3FF3BD60C010C12B, 0xBFCAE2C9CCD3D000,
        0x3FF3A5242B75DAB8, 0xBFCA45402E129000, 0x3FF38D22CD9FD002, 0xBFC9A877681DF000,
        0x3FF3755BC5847A1C, 0xBFC90C6D69483000, 0x3FF35DCE49AD36E2, 0xBFC87120A645C000,
        0x3FF34679984DD440, 0xBFC7D68FB4143000, 0x3FF32F5CCEFFCB24, 0xBFC73CB83C627000,
        0x3FF3187775A10D49, 0xBFC6A39A9B376000, 0x3FF301C8373E3990, 0xBFC60B3154B7A000,
        0x3FF2EB4EBB95F841, 0xBFC5737D76243000, 0x3FF2D50A0219A9D1, 0xBFC4DC7B8FC23000,
        0x3FF2BEF9A8B7FD2A, 0xBFC4462C51D20000, 0x3FF2A91C7A0C1BAB, 0xBFC3B08ABC830000,
        0x3FF293726014B530, 0xBFC31B996B490000, 0x3FF27DFA5757A1F5, 0xBFC2875490A44000,
        0x3FF268B39B1D3BBF, 0xBFC1F3B9F879A000, 0x3FF2539D838FF5BD, 0xBFC160C8252CA000,
        0x3FF23EB7AAC9083B, 0xBFC0CE7F57F72000, 0x3FF22A012BA940B6, 0xBFC03CDC49FEA000,
        0x3FF2157996CC4132, 0xBFBF57BDBC4B8000, 0x3FF201201DD2FC9B, 0xBFBE370896404000,
        0x3FF1ECF4494D480B, 0xBFBD17983EF94000, 0x3FF1D8F5528F6569, 0xBFBBF9674ED8A000,
        0x3FF1C52311577E7C, 0xBFBADC79202F6000, 0x3FF1B17C74CB26E9, 0xBFB9C0C3E7288000,
        0x3FF19E010C2C1AB6, 0xBFB8A646B372C000, 0x3FF18AB07BB670BD, 0xBFB78D01B3AC0000,
        0x3FF1778A25EFBCB6, 0xBFB674F145380000, 0x3FF1648D354C31DA, 0xBFB55E0E6D878000,
        0x3FF151B990275FDD, 0xBFB4485CDEA1E000, 0x3FF13F0EA432D24C, 0xBFB333D94D6AA000,
        0x3FF12C8B7210F9DA, 0xBFB22079F8C56000, 0x3FF11A3028ECB531, 0xBFB10E4698622000,
        0x3FF107FBDA8434AF, 0xBFAFFA6C6AD20000, 0x3FF0F5EE0F4E6BB3, 0xBFADDA8D4A774000,
        0x3FF0E4065D2A9FCE, 0xBFABBCECE4850000, 0x3FF0D244632CA521, 0xBFA9A1894012C000,
        0x3FF0C0A77CE2981A, 0xBFA788583302C000, 0x3FF0AF2F83C636D1, 0xBFA5715E67D68000,
        0x3FF09DDB98A01339, 0xBFA35C8A49658000, 0x3FF08CABAF52E7DF, 0xBFA149E364154000,
        0x3FF07B9F2F4E28FB, 0xBF9E72C082EB8000, 0x3FF06AB58C358F19, 0xBF9A55F152528000,
        0x3FF059EEA5ECF92C, 0xBF963D62CF818000, 0x3FF04949CDD12C90, 0xBF9228FB8CAA0000,
        0x3FF038C6C6F0ADA9, 0xBF8C317B20F90000, 0x3FF02865137932A9, 0xBF8419355DAA0000,
        0x3FF0182427EA7348, 0xBF781203C2EC0000, 0x3FF008040614B195, 0xBF60040979240000,
        0x3FEFE01FF726FA1A, 0x3F6FEFF384900000, 0x3FEFA11CC261EA74, 0x3F87DC41353D0000,
        0x3FEF6310B081992E, 0x3F93CEA3C4C28000, 0x3FEF25F63CEEADCD, 0x3F9B9FC114890000,
        0x3FEEE9C8039113E7, 0x3FA1B0D8CE110000, 0x3FEEAE8078CBB1AB, 0x3FA58A5BD001C000,
        0x3FEE741AA29D0C9B, 0x3FA95C8340D88000, 0x3FEE3A91830A99B5, 0x3FAD276AEF578000,
        0x3FEE01E009609A56, 0x3FB07598E598C000, 0x3FEDCA01E577BB98, 0x3FB253F5E30D2000,
        0x3FED92F20B7C9103, 0x3FB42EDD8B380000, 0x3FED5CAC66FB5CCE, 0x3FB606598757C000,
        0x3FED272CAA5EDE9D, 0x3FB7DA76356A0000, 0x3FECF26E3E6B2CCD, 0x3FB9AB434E1C6000,
        0x3FECBE6DA2A77902, 0x3FBB78C7BB0D6000, 0x3FEC8B266D37086D, 0x3FBD431332E72000,
        0x3FEC5894BD5D5804, 0x3FBF0A3171DE6000, 0x3FEC26B533BB9F8C, 0x3FC067152B914000,
        0x3FEBF583EEECE73F, 0x3FC147858292B000, 0x3FEBC4FD75DB96C1, 0x3FC2266ECDCA3000,
        0x3FEB951E0C864A28, 0x3FC303D7A6C55000, 0x3FEB65E2C5EF3E2C, 0x3FC3DFC33C331000,
        0x3FEB374867C9888B, 0x3FC4BA366B7A8000, 0x3FEB094B211D304A, 0x3FC5933928D1F000,
        0x3FEADBE885F2EF7E, 0x3FC66ACD2418F000, 0x3FEAAF1D31603DA2, 0x3FC740F8EC669000,
        0x3FEA82E63FD358A7, 0x3FC815C0F51AF000, 0x3FEA5740EF09738B, 0x3FC8E92954F68000,
        0x3FEA2C2A90AB4B27, 0x3FC9BB3602F84000, 0x3FEA01A01393F2D1, 0x3FCA8BED1C2C0000,
        0x3FE9D79F24DB3C1B, 0x3FCB5B515C01D000, 0x3FE9AE2505C7B190, 0x3FCC2967CCBCC000,
        0x3FE9852EF297CE2F, 0x3FCCF635D5486000, 0x3FE95CBAEEA44B75, 0x3FCDC1BD3446C000,
        0x3FE934C69DE74838, 0x3FCE8C01B8CFE000, 0x3FE90D4F2F6752E6, 0x3FCF5509C0179000,
        0x3FE8E6528EFFD79D, 0x3FD00E6C121FB800, 0x3FE8BFCE9FCC007C, 0x3FD071B80E93D000,
        0x3FE899C0DABEC30E, 0x3FD0D46B9E867000, 0x3FE87427AA2317FB, 0x3FD13687334BD000,
        0x3FE84F00ACB39A08, 0x3FD1980D67234800, 0x3FE82A49E8653E55, 0x3FD1F8FFE0CC8000,
        0x3FE8060195F40260, 0x3FD2595FD7636800, 0x3FE7E22563E0A329, 0x3FD2B9300914A800,
        0x3FE7BEB377DCB5AD, 0x3FD3187210436000, 0x3FE79BAA679725C2, 0x3FD377266DEC1800,
        0x3FE77907F2170657, 0x3FD3D54FFBAF3000, 0x3FE756CADBD6130C, 0x3FD432EEE32FE000,
    ];

    /// <summary>True when the port reproduced <see cref="Math.Log"/> bit for bit on this machine (checked once).</summary>
    public static bool MatchesLibrary { get; } = SelfCheck();

    /// <summary>log x, the same bits as <see cref="Math.Log"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log(double x)
    {
        if (!MatchesLibrary) return Math.Log(x);
        ulong ix = BitConverter.DoubleToUInt64Bits(x);
        if (ix - Near1Lo < Near1Span) return Near1(x);
        if ((ix >> 48) - 0x10 >= 0x7fe0) return Math.Log(x);
        return Port(ix);
    }

    /// <summary>
    /// x log x for x &gt; 0 and 0 otherwise (the entropy convention 0·log 0 = 0; NaN gives 0 too), with log x the bits of
    /// <see cref="Math.Log"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double XLogX(double x) => x > 0 ? x * Log(x) : 0.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Port(ulong ix)
    {
        ulong tmp = ix - Off;
        int i = (int)(tmp >> 45) & 127;
        long k = (long)tmp >> 52;
        double z = BitConverter.UInt64BitsToDouble(ix - (tmp & 0xFFF0000000000000));
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(Table);
        double invc = BitConverter.UInt64BitsToDouble(Unsafe.Add(ref t, 2 * i));
        double logc = BitConverter.UInt64BitsToDouble(Unsafe.Add(ref t, 2 * i + 1));
        double kd = (int)k;
        double w = Math.FusedMultiplyAdd(kd, Ln2Hi, logc);
        double r = Math.FusedMultiplyAdd(z, invc, -1.0);
        double hi = r + w;
        double r2 = r * r;
        double lo = Math.FusedMultiplyAdd(kd, Ln2Lo, w - hi + r);
        double p = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(r, A4, A3), r2, Math.FusedMultiplyAdd(r, A2, A1));
        return Math.FusedMultiplyAdd(r * r2, p, Math.FusedMultiplyAdd(r2, A0, lo)) + hi;
    }

    // 1 − 2^-4 ≤ x < 1 + 0x1.09p-4: log1p(r) with r = x − 1 exact, its −r²/2 term split so that its rounding error is kept.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Near1(double x)
    {
        if (x == 1.0) return 0.0;
        double r = x - 1.0;
        double r2 = r * r;
        double r3 = r * r2;
        double g1 = Math.FusedMultiplyAdd(r2, B3, Math.FusedMultiplyAdd(r, B2, B1));
        double g4 = Math.FusedMultiplyAdd(r2, B6, Math.FusedMultiplyAdd(r, B5, B4));
        double g7 = Math.FusedMultiplyAdd(r3, B10, Math.FusedMultiplyAdd(r2, B9, Math.FusedMultiplyAdd(r, B8, B7)));
        double p = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(g7, r3, g4), r3, g1);
        double rhi = Math.FusedMultiplyAdd(-Split, r, Math.FusedMultiplyAdd(r, Split, r));
        double rlo = r - rhi;
        double rr = rhi * rhi;
        double hi = Math.FusedMultiplyAdd(rr, B0, r);
        double lo = Math.FusedMultiplyAdd(rr, B0, r - hi);
        lo = Math.FusedMultiplyAdd(B0 * rlo, r + rhi, lo);
        return hi + Math.FusedMultiplyAdd(p, r3, lo);
    }

    /// <summary>log x of four values at once, each the same bits as <see cref="Math.Log"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log4(Vector256<double> x)
    {
        // Lane by lane also where 256-bit vectors would be emulated (64-bit ARM): see ExactExp.Exp4.
        if (!MatchesLibrary || !Vector256.IsHardwareAccelerated) return Lanes(x);
        var ix = x.AsUInt64();
        var outside = Vector256.GreaterThanOrEqual((ix >> 48) - Vector256.Create(0x10UL), Vector256.Create(0x7fe0UL));
        if (outside != Vector256<ulong>.Zero) return Lanes(x);
        var y = FastPath(ix);
        var near = Vector256.LessThan(ix - Vector256.Create(Near1Lo), Vector256.Create(Near1Span));
        // Counts are rarely near 1 but probabilities often are (1 − q for small q): only then the second polynomial.
        return near == Vector256<ulong>.Zero ? y : Vector256.ConditionalSelect(near.AsDouble(), Near1(x), y);
    }

    /// <summary>The library's main path in every lane (meaningful only for positive normal finite x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> FastPath(Vector256<ulong> ix)
    {
        var tmp = ix - Vector256.Create(Off);
        var idx = ((tmp >> 45) & Vector256.Create(127UL)) << 1;
        var kd = Vector256.ConvertToDouble(Vector256.ShiftRightArithmetic(tmp.AsInt64(), 52));
        var z = (ix - (tmp & Vector256.Create(0xFFF0000000000000))).AsDouble();
        Vector256<double> invc, logc;
        if (Avx2.IsSupported)
        {
            unsafe
            {
                fixed (ulong* t = Table)
                {
                    invc = Avx2.GatherVector256((double*)t, idx.AsInt64(), 8);
                    logc = Avx2.GatherVector256((double*)t + 1, idx.AsInt64(), 8);
                }
            }
        }
        else
        {
            ref ulong t = ref MemoryMarshal.GetArrayDataReference(Table);
            invc = Vector256.Create(
                Unsafe.Add(ref t, (nint)idx.GetElement(0)), Unsafe.Add(ref t, (nint)idx.GetElement(1)),
                Unsafe.Add(ref t, (nint)idx.GetElement(2)), Unsafe.Add(ref t, (nint)idx.GetElement(3))).AsDouble();
            logc = Vector256.Create(
                Unsafe.Add(ref t, (nint)idx.GetElement(0) + 1), Unsafe.Add(ref t, (nint)idx.GetElement(1) + 1),
                Unsafe.Add(ref t, (nint)idx.GetElement(2) + 1), Unsafe.Add(ref t, (nint)idx.GetElement(3) + 1)).AsDouble();
        }
        var w = Vector256.FusedMultiplyAdd(kd, Vector256.Create(Ln2Hi), logc);
        var r = Vector256.FusedMultiplyAdd(z, invc, Vector256.Create(-1.0));
        var hi = r + w;
        var r2 = r * r;
        var lo = Vector256.FusedMultiplyAdd(kd, Vector256.Create(Ln2Lo), w - hi + r);
        var p = Vector256.FusedMultiplyAdd(
            Vector256.FusedMultiplyAdd(r, Vector256.Create(A4), Vector256.Create(A3)), r2,
            Vector256.FusedMultiplyAdd(r, Vector256.Create(A2), Vector256.Create(A1)));
        return Vector256.FusedMultiplyAdd(r * r2, p, Vector256.FusedMultiplyAdd(r2, Vector256.Create(A0), lo)) + hi;
    }

    // The near-1 formula in every lane; at x = 1 it gives +0, the library's explicit answer there.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Near1(Vector256<double> x)
    {
        var r = x - Vector256<double>.One;
        var r2 = r * r;
        var r3 = r * r2;
        var g1 = Vector256.FusedMultiplyAdd(r2, Vector256.Create(B3), Vector256.FusedMultiplyAdd(r, Vector256.Create(B2), Vector256.Create(B1)));
        var g4 = Vector256.FusedMultiplyAdd(r2, Vector256.Create(B6), Vector256.FusedMultiplyAdd(r, Vector256.Create(B5), Vector256.Create(B4)));
        var g7 = Vector256.FusedMultiplyAdd(r3, Vector256.Create(B10),
            Vector256.FusedMultiplyAdd(r2, Vector256.Create(B9), Vector256.FusedMultiplyAdd(r, Vector256.Create(B8), Vector256.Create(B7))));
        var p = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(g7, r3, g4), r3, g1);
        var split = Vector256.Create(Split);
        var rhi = Vector256.FusedMultiplyAdd(-split, r, Vector256.FusedMultiplyAdd(r, split, r));
        var rlo = r - rhi;
        var rr = rhi * rhi;
        var b0 = Vector256.Create(B0);
        var hi = Vector256.FusedMultiplyAdd(rr, b0, r);
        var lo = Vector256.FusedMultiplyAdd(rr, b0, r - hi);
        lo = Vector256.FusedMultiplyAdd(b0 * rlo, r + rhi, lo);
        return hi + Vector256.FusedMultiplyAdd(p, r3, lo);
    }

    // A vector with a lane off the fast path, or a machine where the port does not match: lane by lane.
    private static Vector256<double> Lanes(Vector256<double> x) =>
        Vector256.Create(Log(x.GetElement(0)), Log(x.GetElement(1)), Log(x.GetElement(2)), Log(x.GetElement(3)));

    /// <summary>x log x of four values at once: <see cref="XLogX"/> per lane, the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> XLogX4(Vector256<double> x)
    {
        // Lanes that are not positive (or NaN) take the log of Padding instead, so they send the vector neither lane by
        // lane nor to the near-1 polynomial; their product is replaced by 0.
        var positive = Vector256.GreaterThan(x, Vector256<double>.Zero);
        var log = Log4(Vector256.ConditionalSelect(positive, x, Vector256.Create(Padding)));
        return Vector256.ConditionalSelect(positive, x * log, Vector256<double>.Zero);
    }

    /// <summary>
    /// A value for the padding lanes of a last, partial vector: on the main path, so that the padding neither sends the
    /// whole vector lane by lane (0 would) nor to the near-1 polynomial (1 would).
    /// </summary>
    public const double Padding = 2.0;

    /// <summary>log x[i] for every i; the lengths must be multiples of 4 (<see cref="ExactExp.Padded"/>), so no scalar tail.</summary>
    public static void Logs(ReadOnlySpan<double> x, Span<double> y)
    {
        if ((x.Length & 3) != 0 || y.Length < x.Length)
            throw new ArgumentException($"Logs works on whole vectors of 4: got {x.Length} inputs and {y.Length} outputs.");
        ref double src = ref MemoryMarshal.GetReference(x);
        ref double dst = ref MemoryMarshal.GetReference(y);
        for (int j = 0; j < x.Length; j += 4)
            Log4(Vector256.LoadUnsafe(ref src, (nuint)j)).StoreUnsafe(ref dst, (nuint)j);
    }

    private static bool SelfCheck()
    {
        // Counts as the sampler keeps them (whole, and a base count's fraction plus whole steps), probabilities down to
        // 1e-300, values on both sides of 1 and of the near-1 interval's edges, and random bits across the exponent range;
        // a fixed generator so the check is the same on every run.
        ulong state = 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < 60_000; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            double u = (state >> 11) * (1.0 / (1UL << 53));
            double x = (i % 6) switch
            {
                0 => 1 + (state >> 40) % 10_000_000,
                1 => u * 1e7 + (i >> 3),
                2 => Math.Pow(10, -300 * u),
                3 => 1 + (u - 0.5) * 0.25,
                4 => 1 + (u - 0.5) * 1e-6,
                _ => BitConverter.UInt64BitsToDouble(0x0010000000000000 + (state >> 1) % 0x7FE0000000000000),
            };
            if (BitConverter.DoubleToInt64Bits(Unchecked(x)) != BitConverter.DoubleToInt64Bits(Math.Log(x))) return false;
        }
        return true;
    }

    // The port without the MatchesLibrary test (which SelfCheck decides); off the fast path, the library.
    private static double Unchecked(double x)
    {
        ulong ix = BitConverter.DoubleToUInt64Bits(x);
        if (ix - Near1Lo < Near1Span) return Near1(x);
        if ((ix >> 48) - 0x10 >= 0x7fe0) return Math.Log(x);
        return Port(ix);
    }
}
