package io.prime.bench;

import io.prime.core.reconcile.erasure.CauchyReedSolomon;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the reconciliation erasure code MDS(2f + 1, f + 1) (paper §4.1). Scores are operations per second;
 * multiply by {@code size} for bytes of update per second (docs/benchmarks.md does this).
 *
 * <ul>
 *   <li>{@code encode}: all 2f + 1 parts of one update.
 *   <li>{@code encodeOnePart}: one parity part, which is all a single sender computes in Fig. 3.
 *   <li>{@code decode}: the worst case, rebuilding from all f parity parts plus one data part (with k = f + 1 and only
 *       f parity parts, one data part is always among any k).
 * </ul>
 *
 * <p>Sized for a 2-core machine:
 * {@code java -jar bench/target/benchmarks.jar ErasureBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ErasureBenchmark {
    @Param({"1", "2", "5"})
    public int f;

    @Param({"512", "65536"})
    public int size;

    private CauchyReedSolomon code;
    private byte[] data;
    private int[] worstIndices;
    private byte[][] worstParts;

    @Setup
    public void setUp() {
        code = CauchyReedSolomon.forFaults(f);
        data = new byte[size];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        byte[][] parts = code.encode(data);
        int n = code.totalParts();
        int k = code.requiredParts();
        worstIndices = new int[k];
        worstParts = new byte[k][];
        for (int i = 0; i < k; i++) {
            worstIndices[i] = n - 1 - i; // parity parts n-1 .. k, then data part k-1
            worstParts[i] = parts[worstIndices[i]];
        }
        byte[] decoded = code.decode(worstIndices, worstParts, size);
        if (!java.util.Arrays.equals(data, decoded)) {
            throw new IllegalStateException("decode does not round-trip");
        }
    }

    @Benchmark
    public byte[][] encode() {
        return code.encode(data);
    }

    @Benchmark
    public byte[] encodeOnePart() {
        return code.encodePart(data, code.totalParts() - 1);
    }

    @Benchmark
    public byte[] decode() {
        return code.decode(worstIndices, worstParts, size);
    }
}
