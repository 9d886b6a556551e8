using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ActionPerception.Agents.Numerics;

namespace ActionPerception.Agents.Helmholtz;

/// <summary>
/// The weights of one pass between two layers: <see cref="Rows"/> output units, each with <see cref="Inputs"/> weights
/// and a bias. Seen from outside it is the row-major matrix of the model file, bias last (<c>[row, column]</c>, or flat
/// index <c>row · Columns + column</c>). Stored input-major instead: one line per input (the bias line last) holding
/// that input's weight into every output, padded to whole vectors of 4. A layer's pre-activations are then vector sums
/// over the outputs, and the delta rule a vector update per input, with each output's sum and each weight's update
/// still the same IEEE operations in the same order as the row-by-row loops, so the same bits.
/// <para>Padding lanes hold weight 0 and bias −1: a padded unit's pre-activation is −1, so its e^{−a} stays on the fast
/// path of <see cref="ExactExp"/> (see <see cref="ExactExp.Padding"/>), and training never moves them.</para>
/// </summary>
public sealed class WeightMatrix
{
    /// <summary>
    /// Whether the layer loops run four units per 256-bit vector (<see cref="Sums(int, double[])"/> and its callers) or
    /// one unit at a time. Vectors where the CPU runs them natively (x64 with AVX); one at a time where they would be
    /// emulated, element by element through calls (64-bit ARM, whose vectors are 128 bits), which costs more than the
    /// scalar loop. Both give the same bits: each unit's sum, exp, σ and update are the same operations in the same order.
    /// Settable so that the tests run both.
    /// </summary>
    internal static bool Vectorised = Vector256.IsHardwareAccelerated;

    /// <summary>The bias that padding lanes hold: their pre-activation, −<see cref="ExactExp.Padding"/>.</summary>
    internal const double PaddingBias = -ExactExp.Padding;

    private readonly double[] _data;

    public WeightMatrix(int rows, int inputs)
    {
        if (rows < 1 || inputs < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"A weight matrix needs at least one row and one input (got {rows} × {inputs}).");
        Rows = rows;
        Inputs = inputs;
        Stride = ExactExp.Padded(rows);
        _data = new double[(inputs + 1) * Stride];
        _data.AsSpan(inputs * Stride + rows, Stride - rows).Fill(PaddingBias);
    }

    /// <summary>Output units: the rows of the model file's matrix.</summary>
    public int Rows { get; }
    /// <summary>Input units (the bias excluded).</summary>
    public int Inputs { get; }
    /// <summary>Inputs and the bias: the columns of the model file's matrix.</summary>
    public int Columns => Inputs + 1;
    /// <summary>Entries of the row-major view: <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public int Length => Rows * Columns;
    /// <summary>Doubles per input line: <see cref="Rows"/> rounded up to a whole vector of 4.</summary>
    internal int Stride { get; }
    /// <summary>The input-major store (for the machine's vector loops): input i's weights at [i · Stride, i · Stride + Rows), the bias line last.</summary>
    internal double[] Data => _data;

    public double this[int row, int column]
    {
        get => _data[Index(row, column)];
        set => _data[Index(row, column)] = value;
    }

    /// <summary>The row-major view's entry k = row · Columns + column.</summary>
    public double this[int k]
    {
        get => this[Math.DivRem(CheckFlat(k), Columns, out int c), c];
        set => this[Math.DivRem(CheckFlat(k), Columns, out int c), c] = value;
    }

    private int CheckFlat(int k) =>
        (uint)k < (uint)Length ? k : throw new ArgumentOutOfRangeException(nameof(k), $"Entry {k} of a {Rows} × {Columns} matrix.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(int row, int column)
    {
        if ((uint)row >= (uint)Rows || (uint)column > (uint)Inputs)
            throw new ArgumentOutOfRangeException(nameof(row), $"[{row}, {column}] is outside a {Rows} × {Columns} matrix.");
        return column * Stride + row;
    }

    /// <summary>Row j's pre-activation W[j,·]·[x;1], summed as the reference writes it: the bias, then each input in order.</summary>
    public double PreActivation(int row, ReadOnlySpan<double> x)
    {
        if (x.Length != Inputs) throw new ArgumentException($"{x.Length} inputs given to a matrix of {Inputs}.", nameof(x));
        double a = this[row, Inputs];
        for (int i = 0; i < x.Length; i++) a += _data[i * Stride + row] * x[i];
        return a;
    }

    /// <summary>
    /// The pre-activations W[j,·]·[x;1] of units v … v + 3 (v a multiple of 4 below <see cref="Stride"/>): each lane one
    /// unit's sum, the bias first and then every input in order, a multiply then an add (never fused), as the reference's
    /// loop writes it, so its bits. Padding lanes give −1. The caller has checked that x has <see cref="Inputs"/> values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Vector256<double> Sums(int v, double[] x)
    {
        int stride = Stride, nIn = Inputs;
        ref double col = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_data), v);
        ref double xs = ref MemoryMarshal.GetArrayDataReference(x);
        var a = Vector256.LoadUnsafe(ref Unsafe.Add(ref col, nIn * stride));
        for (int i = 0; i < nIn; i++)
        {
            a += Vector256.LoadUnsafe(ref col) * Vector256.Create(Unsafe.Add(ref xs, i));
            col = ref Unsafe.Add(ref col, stride);
        }
        return a;
    }

    /// <summary>
    /// <see cref="Sums"/> for a binary input state given as bits (input 0 the most significant of <see cref="Inputs"/>): the
    /// bias, then the weight of every input that is on, in index order, +0.0 for an input that is off. Adding +0.0 changes
    /// nothing but a −0 sum into +0, and σ(−0) = σ(+0): the product form's result bit for bit, without a branch per weight.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Vector256<double> Sums(int v, int state)
    {
        int stride = Stride, nIn = Inputs;
        ref double col = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_data), v);
        var a = Vector256.LoadUnsafe(ref Unsafe.Add(ref col, nIn * stride));
        for (int i = 0; i < nIn; i++)
        {
            a += Vector256.LoadUnsafe(ref col) & Vector256.Create(-(long)((state >> (nIn - 1 - i)) & 1)).AsDouble();
            col = ref Unsafe.Add(ref col, stride);
        }
        return a;
    }

    /// <summary>
    /// <see cref="Sums(int, int)"/> of one unit: the bias, then the weight of every input that is on, in index order, +0.0
    /// for an input that is off (the lane's operations, one unit at a time).
    /// </summary>
    internal double PreActivation(int row, int state)
    {
        int stride = Stride, nIn = Inputs;
        double a = _data[nIn * stride + row];
        for (int i = 0; i < nIn; i++) a += ((state >> (nIn - 1 - i)) & 1) != 0 ? _data[i * stride + row] : 0.0;
        return a;
    }

    /// <summary>Set every weight from the row-major matrix (bias last), as a model file holds it.</summary>
    public void SetRowMajor(ReadOnlySpan<double> rowMajor)
    {
        if (rowMajor.Length != Length)
            throw new ArgumentException($"{rowMajor.Length} values given for a {Rows} × {Columns} matrix.", nameof(rowMajor));
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                _data[c * Stride + r] = rowMajor[r * Columns + c];
    }

    /// <summary>The row-major matrix (bias last), as a model file holds it.</summary>
    public double[] ToArray()
    {
        var w = new double[Length];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                w[r * Columns + c] = _data[c * Stride + r];
        return w;
    }

    /// <summary>Row r of the row-major matrix (its weights, then its bias).</summary>
    public double[] Row(int r)
    {
        var row = new double[Columns];
        for (int c = 0; c < Columns; c++) row[c] = this[r, c];
        return row;
    }

    public void CopyFrom(WeightMatrix other)
    {
        if (other.Rows != Rows || other.Inputs != Inputs)
            throw new ArgumentException($"A {other.Rows} × {other.Columns} matrix cannot be copied into a {Rows} × {Columns} one.", nameof(other));
        other._data.CopyTo(_data, 0);
    }

    /// <summary>
    /// The first entry, in row-major order, that is not finite or whose magnitude exceeds <paramref name="maxMagnitude"/>;
    /// null when all are healthy. The padding is not looked at.
    /// </summary>
    public (int Row, int Column, double Value)? FirstUnhealthy(double maxMagnitude)
    {
        // The store in its own order first (the padding's 0 and −1 are healthy): the common answer, none, without
        // jumping between lines. Only when one is found is the row-major order walked to name the first.
        bool healthy = true;
        foreach (double v in _data) healthy &= Math.Abs(v) <= maxMagnitude;
        if (healthy) return null;
        ref double d = ref MemoryMarshal.GetArrayDataReference(_data);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c <= Inputs; c++)
            {
                double v = Unsafe.Add(ref d, c * Stride + r);
                if (!(Math.Abs(v) <= maxMagnitude)) return (r, c, v);
            }
        return null;
    }
}
