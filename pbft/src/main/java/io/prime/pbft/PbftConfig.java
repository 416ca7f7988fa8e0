package io.prime.pbft;

/**
 * Parameters of one PBFT cluster, immutable and validated. Durations carry their unit in their name.
 *
 * <p>The suspicion timeout (§3.1, §3.2): in view v a replica suspects the leader if the first update of its queue of
 * forwarded updates is not executed within {@link #timeoutNanos(long) T(v) = initialTimeout × 2^v}, and gives up on a
 * view change to v if the NEW-VIEW does not come within T(v). The timeout therefore doubles at every view change and
 * never shrinks, as the paper says of BFT; it stops doubling after {@link #MAX_DOUBLINGS} views only to stay finite.
 */
public final class PbftConfig {
    /** Doublings after which the timeout stays constant (2^20 × the initial timeout: two months for 5 s). */
    public static final int MAX_DOUBLINGS = 20;

    public final int faults;
    public final int replicas;
    /** T(0): the paper uses 300 ms (aggressive) and 5 s (BFT's default). */
    public final long initialTimeoutMicros;
    /** W: PRE-PREPAREs the leader may have outstanding (sent, not yet executed by itself) before it waits. */
    public final int maxOutstandingBatches;
    /** Largest number of update digests in one PRE-PREPARE. */
    public final int maxBatchUpdates;
    /** K: a CHECKPOINT every K sequence numbers. */
    public final int checkpointInterval;
    /** L: sequence numbers accepted above the last stable checkpoint (the high watermark is h + L). */
    public final int logWindow;
    /** Executed sequence numbers kept (certificate and bodies) for replicas that catch up. */
    public final int retention;
    /** How often a replica retransmits what may have been lost and checks whether it is stuck. */
    public final long retransmitPeriodMicros;
    /** Largest number of commit certificates sent in answer to one catch-up request. */
    public final int catchupBatch;
    /** Client update bodies held (not yet executed) before new ones are refused. */
    public final int maxPendingUpdates;
    /** Requests per client kept in the exactly-once table. */
    public final int clientWindow;

    private PbftConfig(Builder b) {
        this.faults = b.faults;
        this.replicas = 3 * b.faults + 1;
        this.initialTimeoutMicros = b.initialTimeoutMicros;
        this.maxOutstandingBatches = b.maxOutstandingBatches;
        this.maxBatchUpdates = b.maxBatchUpdates;
        this.checkpointInterval = b.checkpointInterval;
        this.logWindow = b.logWindow;
        this.retention = b.retention;
        this.retransmitPeriodMicros = b.retransmitPeriodMicros;
        this.catchupBatch = b.catchupBatch;
        this.maxPendingUpdates = b.maxPendingUpdates;
        this.clientWindow = b.clientWindow;
        require(faults >= 1 && replicas <= 64, "f must be in [1, 21], got " + faults);
        require(initialTimeoutMicros > 0 && initialTimeoutMicros <= Long.MAX_VALUE / 1000 >> (MAX_DOUBLINGS + 1),
                "initialTimeoutMicros out of range: " + initialTimeoutMicros);
        require(maxOutstandingBatches >= 1, "maxOutstandingBatches must be >= 1");
        require(maxBatchUpdates >= 1 && maxBatchUpdates <= 4096, "maxBatchUpdates must be in [1, 4096]");
        require(checkpointInterval >= 1, "checkpointInterval must be >= 1");
        require(logWindow >= 2 * checkpointInterval && logWindow <= 4096,
                "logWindow must be in [2 × checkpointInterval, 4096]");
        require(maxOutstandingBatches <= logWindow, "maxOutstandingBatches must be <= logWindow");
        require(retention >= 1, "retention must be >= 1");
        require(retransmitPeriodMicros > 0, "retransmitPeriodMicros must be > 0");
        require(catchupBatch >= 1, "catchupBatch must be >= 1");
        require(maxPendingUpdates >= 1, "maxPendingUpdates must be >= 1");
        require(clientWindow >= 1, "clientWindow must be >= 1");
    }

    /** 2f+1. */
    public int quorum() {
        return 2 * faults + 1;
    }

    /** The leader of view v: v mod N. */
    public int leaderOf(long view) {
        return (int) (view % replicas);
    }

    /** T(v) = T(0) × 2^min(v, MAX_DOUBLINGS), in nanoseconds: doubles with every view, never shrinks. */
    public long timeoutNanos(long view) {
        return initialTimeoutMicros * 1_000 << Math.min(view, MAX_DOUBLINGS);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder(int faults) {
        return new Builder(faults);
    }

    public Builder toBuilder() {
        return new Builder(faults).initialTimeoutMicros(initialTimeoutMicros).maxOutstandingBatches(maxOutstandingBatches)
                .maxBatchUpdates(maxBatchUpdates).checkpointInterval(checkpointInterval).logWindow(logWindow)
                .retention(retention).retransmitPeriodMicros(retransmitPeriodMicros).catchupBatch(catchupBatch)
                .maxPendingUpdates(maxPendingUpdates).clientWindow(clientWindow);
    }

    @Override
    public String toString() {
        return "PbftConfig{f=" + faults + ", T0=" + initialTimeoutMicros + "us, W=" + maxOutstandingBatches + ", K="
                + checkpointInterval + ", L=" + logWindow + "}";
    }

    public static final class Builder {
        private final int faults;
        private long initialTimeoutMicros = 5_000_000;
        private int maxOutstandingBatches = 16;
        private int maxBatchUpdates = 1024;
        private int checkpointInterval = 32;
        private int logWindow = 128;
        private int retention = 256;
        private long retransmitPeriodMicros = 500_000;
        private int catchupBatch = 32;
        private int maxPendingUpdates = 100_000;
        private int clientWindow = 16;

        private Builder(int faults) {
            this.faults = faults;
        }

        public Builder initialTimeoutMicros(long v) { this.initialTimeoutMicros = v; return this; }
        public Builder maxOutstandingBatches(int v) { this.maxOutstandingBatches = v; return this; }
        public Builder maxBatchUpdates(int v) { this.maxBatchUpdates = v; return this; }
        public Builder checkpointInterval(int v) { this.checkpointInterval = v; return this; }
        public Builder logWindow(int v) { this.logWindow = v; return this; }
        public Builder retention(int v) { this.retention = v; return this; }
        public Builder retransmitPeriodMicros(long v) { this.retransmitPeriodMicros = v; return this; }
        public Builder catchupBatch(int v) { this.catchupBatch = v; return this; }
        public Builder maxPendingUpdates(int v) { this.maxPendingUpdates = v; return this; }
        public Builder clientWindow(int v) { this.clientWindow = v; return this; }

        public PbftConfig build() {
            return new PbftConfig(this);
        }
    }
}
