package io.prime.sim;

/**
 * A simulated deployment: network between servers and the CPU cost of each operation. Each replica is one server
 * whose single CPU spends {@code perMessageNanos} per message handled, {@code signNanos} per signature,
 * {@code verifyNanos} per verification and {@code digestNanosPerByte} per byte hashed.
 *
 * @param name                   profile name used on the command line
 * @param linkLatencyMicros      one-way latency of every server-to-server link
 * @param jitterMicros           extra latency drawn uniformly from [0, jitter] per message (seeded)
 * @param uplinkBitsPerSecond    aggregate outgoing bandwidth of each server, shared by all its links (0 = unlimited)
 * @param clientLatencyMicros    one-way latency between a client and its own server
 * @param signNanos              cost of one signature
 * @param verifyNanos            cost of one signature verification
 * @param digestNanosPerByte     cost of hashing one byte
 * @param perMessageNanos        fixed cost of handling one inbound or outbound message
 * @param erasureNanosPerByte    cost of erasure-coding one byte (encode or decode)
 * @param signatureBytes         length of a signature on the wire
 * @param poAckPeriodMicros      minimum gap between PO-ACKs of one server (0: every step)
 * @param poAruPeriodMicros      minimum gap between PO-ARUs of one server
 * @param proofMatrixPeriodMicros minimum gap between PROOF-MATRIX messages of one server
 * @param prePreparePeriodMicros minimum gap between PRE-PREPAREs of the leader (Δpp)
 * @param retransmitMicros       retransmission check period
 * @param clientTimeoutMicros    a client resends its update to every replica after this long without f+1 replies
 */
public record SimProfile(
        String name,
        long linkLatencyMicros,
        long jitterMicros,
        long uplinkBitsPerSecond,
        long clientLatencyMicros,
        long signNanos,
        long verifyNanos,
        double digestNanosPerByte,
        long perMessageNanos,
        double erasureNanosPerByte,
        int signatureBytes,
        long poAckPeriodMicros,
        long poAruPeriodMicros,
        long proofMatrixPeriodMicros,
        long prePreparePeriodMicros,
        long retransmitMicros,
        long clientTimeoutMicros) {

    /**
     * The paper's testbed (§7): 50 ms one-way links, 10 Mbps outgoing per server, 1024-bit RSA (1.3 ms to sign,
     * 0.07 ms to verify, 128-byte signatures), clients beside their server. Hashing and per-message costs are
     * estimates for the paper's 3.2 GHz Xeon. Aggregation periods: PO-ACK 10 ms, PO-ARU 15 ms, PROOF-MATRIX and
     * PRE-PREPARE 30 ms; with 128-byte signatures in every row of a flooded proof matrix, shorter periods spend most of a
     * 10 Mbps link on ordering traffic (docs/benchmarks.md has the sweep).
     */
    public static SimProfile paper() {
        return new SimProfile("paper", 50_000, 200, 10_000_000, 0,
                1_300_000, 70_000, 5.0, 5_000, 2.0, 128,
                10_000, 15_000, 30_000, 30_000, 500_000, 10_000_000);
    }

    /**
     * A local-area cluster of machines like this host: 100 µs one-way, 1 Gbps, and the costs measured on this host
     * with JMH for the default Ed25519 provider (Amazon Corretto Crypto Provider, docs/benchmarks.md "Signatures and
     * digests"): 8.7 µs to sign, 37 µs to verify, SHA-256 at 0.73 ns per byte (0.373 µs for 512 bytes), 64-byte
     * signatures.
     */
    /**
     * Cost of one threshold-signature check (a VC-PARTIAL-SIG or a VC-PROOF, §5.3), the same in every profile: BLS12-381
     * verifyPartial / verifyCombined measured about 1.1 ms on the development machine (docs/benchmarks.md,
     * ThresholdBenchmark). Only view changes pay it.
     */
    public static final long THRESHOLD_VERIFY_NANOS = 1_100_000;

    public static SimProfile lan() {
        return new SimProfile("lan", 100, 20, 1_000_000_000L, 20,
                8_700, 37_000, 0.73, 2_000, 1.0, 64,
                0, 1_000, 2_000, 2_000, 50_000, 1_000_000);
    }

    public static SimProfile byName(String name) {
        return switch (name) {
            case "paper" -> paper();
            case "lan" -> lan();
            default -> throw new IllegalArgumentException("unknown profile '" + name + "' (known: paper, lan)");
        };
    }

    public SimProfile withLinkLatencyMicros(long v) {
        return new SimProfile(name, v, jitterMicros, uplinkBitsPerSecond, clientLatencyMicros, signNanos, verifyNanos,
                digestNanosPerByte, perMessageNanos, erasureNanosPerByte, signatureBytes, poAckPeriodMicros, poAruPeriodMicros,
                proofMatrixPeriodMicros, prePreparePeriodMicros, retransmitMicros, clientTimeoutMicros);
    }

    public SimProfile withUplinkBitsPerSecond(long v) {
        return new SimProfile(name, linkLatencyMicros, jitterMicros, v, clientLatencyMicros, signNanos, verifyNanos,
                digestNanosPerByte, perMessageNanos, erasureNanosPerByte, signatureBytes, poAckPeriodMicros, poAruPeriodMicros,
                proofMatrixPeriodMicros, prePreparePeriodMicros, retransmitMicros, clientTimeoutMicros);
    }

    /** Sets all three aggregation periods to {@code v}. */
    public SimProfile withAggregationMicros(long v) {
        return withPeriodsMicros(v, v, v);
    }

    public SimProfile withPeriodsMicros(long poAru, long proofMatrix, long prePrepare) {
        return new SimProfile(name, linkLatencyMicros, jitterMicros, uplinkBitsPerSecond, clientLatencyMicros, signNanos,
                verifyNanos, digestNanosPerByte, perMessageNanos, erasureNanosPerByte, signatureBytes, poAckPeriodMicros, poAru, proofMatrix,
                prePrepare, retransmitMicros, clientTimeoutMicros);
    }

    public SimProfile withClientTimeoutMicros(long v) {
        return new SimProfile(name, linkLatencyMicros, jitterMicros, uplinkBitsPerSecond, clientLatencyMicros, signNanos,
                verifyNanos, digestNanosPerByte, perMessageNanos, erasureNanosPerByte, signatureBytes, poAckPeriodMicros, poAruPeriodMicros,
                proofMatrixPeriodMicros, prePreparePeriodMicros, retransmitMicros, v);
    }

    /** The longest aggregation period: Δagg of §6 is at least this. */
    public long maxAggregationMicros() {
        return Math.max(poAruPeriodMicros, Math.max(proofMatrixPeriodMicros, prePreparePeriodMicros));
    }

    /** The same network with free CPU: isolates protocol behaviour from CPU queueing in tests. */
    public SimProfile withFreeCpu() {
        return new SimProfile(name, linkLatencyMicros, jitterMicros, uplinkBitsPerSecond, clientLatencyMicros, 0, 0, 0,
                0, 0, signatureBytes, poAckPeriodMicros, poAruPeriodMicros, proofMatrixPeriodMicros, prePreparePeriodMicros, retransmitMicros,
                clientTimeoutMicros);
    }
}
