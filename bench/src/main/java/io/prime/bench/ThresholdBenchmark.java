package io.prime.bench;

import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Hasher;
import io.prime.crypto.threshold.BlsShareSigner;
import io.prime.crypto.threshold.BlsThresholdDealer;
import io.prime.crypto.threshold.BlsThresholdKeys;
import io.prime.crypto.threshold.BlsThresholdScheme;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The VC-PROOF threshold signature (BLS12-381, signatures in G1): what one replica pays per view change to sign its
 * VC-PARTIAL-SIG, to check each partial it receives, to combine 2f+1 of them, and to check a VC-PROOF or REPLAY.
 * k = 2f+1 of n = 3f+1, so k = 3 is n = 4 and k = 5 is n = 7. Only combine depends on k.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar ThresholdBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThresholdBenchmark {
    @Param({"3", "5"})
    public int k;

    private BlsThresholdScheme scheme;
    private BlsShareSigner signer;
    private byte[] data;
    private byte[] partial;
    private Map<Integer, byte[]> partials;
    private byte[] signature;

    @Setup
    public void setup() {
        int f = (k - 1) / 2;
        int n = 3 * f + 1;
        BlsThresholdKeys keys = BlsThresholdDealer.deal(n, k, 42L);
        scheme = keys.scheme();
        signer = keys.signer(0);
        data = DomainTag.signedBytes(DomainTag.VC_PROOF,
                new Hasher().digest("VC-PROOF <v, ids, startSeq>".getBytes(StandardCharsets.UTF_8)));
        partials = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            partials.put(i, keys.signer(i).partialSign(data));
        }
        partial = partials.get(0);
        signature = scheme.combine(partials);
        if (!scheme.verifyPartial(0, data, partial) || !scheme.verify(data, signature)) {
            throw new IllegalStateException("benchmark setup produced invalid signatures");
        }
    }

    @Benchmark
    public byte[] partialSign() {
        return signer.partialSign(data);
    }

    @Benchmark
    public boolean verifyPartial() {
        return scheme.verifyPartial(0, data, partial);
    }

    @Benchmark
    public byte[] combine() {
        return scheme.combine(partials);
    }

    @Benchmark
    public boolean verifyCombined() {
        return scheme.verify(data, signature);
    }
}
