package io.prime.core.config;

/**
 * Protocol parameters of one Prime cluster: immutable and validated once (Aeron's {@code Context.conclude()} idea).
 * Defaults live in {@link Builder}; every duration carries its unit in its name.
 *
 * <p>Aggregation periods bound Δagg of §6 (the longest gap between successive PO-ARU, PROOF-MATRIX and PRE-PREPARE
 * messages of a correct server). Each of these messages is sent as soon as there is something new to say, but never
 * more often than once per period: a quiet system answers fast, a loaded one aggregates.
 */
public final class PrimeConfig {
    /** f: the number of Byzantine servers tolerated. */
    public final int faults;
    /** N = 3f+1 servers. */
    public final int replicas;
    /**
     * Minimum gap between two PO-ACK messages of one server: acknowledgements gathered meanwhile travel together in
     * one PO-ACK (0 sends them at the end of every step). Fewer, larger PO-ACKs carry fewer batch authenticators.
     */
    public final long poAckPeriodMicros;
    /** Minimum gap between two PO-ARU broadcasts of one server (§4.1). */
    public final long poAruPeriodMicros;
    /** A PO-ARU is re-broadcast at least this often even if unchanged, so a lost one is repaired. */
    public final long poAruRefreshMicros;
    /** Minimum gap between two PROOF-MATRIX messages to the leader (§4.2). */
    public final long proofMatrixPeriodMicros;
    /** Minimum gap between two PRE-PREPAREs of the leader: Δpp of §4.2. */
    public final long prePreparePeriodMicros;
    /** How often a server checks for peers that are stuck and retransmits what they miss. */
    public final long retransmitPeriodMicros;
    /** Largest number of client updates batched into one PO-REQUEST. */
    public final int maxUpdatesPerPoRequest;
    /** Largest payload bytes batched into one PO-REQUEST (a single larger update still goes alone). */
    public final int maxPoRequestBytes;
    /** Largest number of PO-REQUESTs acknowledged by one PO-ACK. */
    public final int maxPoAckEntries;
    /** Preorder slots accepted ahead of PO_Aru[o] for each origin o: bounds memory per origin. */
    public final int preorderWindow;
    /** Own PO-REQUESTs that may be outstanding (sent but not yet certified) before new updates wait. */
    public final int maxOutstandingPoRequests;
    /** Client updates waiting at their origin before new ones are refused (clients retry). */
    public final int maxQueuedUpdates;
    /** Executed PO-REQUESTs kept per origin for retransmission and reconciliation. */
    public final int preorderRetention;
    /** Executed PO-REQUESTs kept per origin for peers that are behind; beyond it they need state transfer. */
    public final int preorderHardRetention;
    /** Global sequence numbers accepted ahead of the last ordered one: bounds memory of the ordering phase. */
    public final int orderWindow;
    /** Ordered PRE-PREPAREs with their commit certificates kept for peers that catch up. */
    public final int orderRetention;
    /** Largest number of certificates sent in answer to one catch-up request. */
    public final int catchupBatch;
    /** Requests per client kept in the exactly-once table (a client may have this many outstanding). */
    public final int clientWindow;
    /**
     * A checkpoint (CHECKPOINT, state snapshot, durable snapshot record) every this many executed global sequence
     * numbers. Below {@code orderRetention}, so that a replica catching up from the last stable checkpoint finds the
     * certificates above it still kept by its peers.
     */
    public final int checkpointInterval;
    /** Bytes per STATE-CHUNK of a state transfer. */
    public final int stateChunkBytes;
    /** STATE-CHUNKs sent in answer to one STATE-REQUEST (the requester asks for the next ones as they arrive). */
    public final int stateChunksPerRequest;
    /** Largest checkpoint state accepted from a peer (application snapshot and client table, each). */
    public final int maxStateBytes;
    /**
     * K_Lat (§2, PRIME-STABILITY): the latency variability SUSPECT-LEADER tolerates. A leader is expected to turn a
     * PROOF-MATRIX around within rtt * K_Lat + Δpp; a larger K_Lat lets a malicious leader add more delay (§7 uses 1
     * and 2).
     */
    public final double kLat;
    /**
     * Δpp of §4.2 as SUSPECT-LEADER uses it (Fig. 4, B10): "a value greater than the maximum time between a correct
     * server sending successive PRE-PREPARE messages", as receivers see it, i.e. including the leader's processing.
     * It must exceed {@code prePreparePeriodMicros}; the default is twice the period plus 5 ms, an allowance for the
     * leader's batch processing (in the simulator's LAN profile a loaded leader's batch takes a few milliseconds, and
     * with a 1 ms allowance 7 correct servers suspected a correct leader at start-up). It is part of the bound
     * B = 2 K_Lat L* + Δpp that a leader must meet, so a malicious leader can use it too.
     */
    public final long deltaPpMicros;
    /**
     * What a correct new leader may spend on view-change cryptography before it can answer a VC-PROOF with its REPLAY
     * (§5.3): checking the VC-PARTIAL-SIGs that reach it first and the VC-PROOF itself, up to N + 1 threshold-signature
     * checks at about 1.1 ms each (BLS12-381, docs/benchmarks.md). SUSPECT-LEADER subtracts it from the VC-PROOF →
     * REPLAY turnaround before comparing it with TAT_acceptable, which allows nothing for that work (RTT · K_Lat + Δpp):
     * without it a correct leader of 7 servers on a LAN was suspected at 10.2 ms against 9.8 ms. A faulty leader may
     * use the allowance once per view change. The default, 0, means (N + 1) · 1,200 µs.
     */
    public final long viewChangeWorkMicros;
    /** How often a server pings every other server to measure round-trip times (Fig. 4, block B). */
    public final long rttPingPeriodMicros;
    /** How often a server broadcasts its TAT-UB (block C) and its TAT-MEASURE (block D). */
    public final long tatReportPeriodMicros;
    /** How often a server compares TAT_leader with TAT_acceptable (block E). */
    public final long suspectCheckPeriodMicros;

    private PrimeConfig(Builder b) {
        this.faults = b.faults;
        this.replicas = 3 * b.faults + 1;
        this.poAckPeriodMicros = b.poAckPeriodMicros;
        this.poAruPeriodMicros = b.poAruPeriodMicros;
        this.poAruRefreshMicros = b.poAruRefreshMicros;
        this.proofMatrixPeriodMicros = b.proofMatrixPeriodMicros;
        this.prePreparePeriodMicros = b.prePreparePeriodMicros;
        this.retransmitPeriodMicros = b.retransmitPeriodMicros;
        this.maxUpdatesPerPoRequest = b.maxUpdatesPerPoRequest;
        this.maxPoRequestBytes = b.maxPoRequestBytes;
        this.maxPoAckEntries = b.maxPoAckEntries;
        this.preorderWindow = b.preorderWindow;
        this.maxOutstandingPoRequests = b.maxOutstandingPoRequests;
        this.maxQueuedUpdates = b.maxQueuedUpdates;
        this.preorderRetention = b.preorderRetention;
        this.preorderHardRetention = b.preorderHardRetention;
        this.orderWindow = b.orderWindow;
        this.orderRetention = b.orderRetention;
        this.catchupBatch = b.catchupBatch;
        this.checkpointInterval = b.checkpointInterval;
        this.stateChunkBytes = b.stateChunkBytes;
        this.stateChunksPerRequest = b.stateChunksPerRequest;
        this.maxStateBytes = b.maxStateBytes;
        this.clientWindow = b.clientWindow;
        this.kLat = b.kLat;
        this.deltaPpMicros = b.deltaPpMicros > 0 ? b.deltaPpMicros : 2 * b.prePreparePeriodMicros + 5_000;
        this.viewChangeWorkMicros = b.viewChangeWorkMicros > 0 ? b.viewChangeWorkMicros : (replicas + 1) * 1_200L;
        this.rttPingPeriodMicros = b.rttPingPeriodMicros;
        this.tatReportPeriodMicros = b.tatReportPeriodMicros;
        this.suspectCheckPeriodMicros = b.suspectCheckPeriodMicros;
        validate();
    }

    private void validate() {
        require(faults >= 1 && replicas <= 64, "f must be in [1, 21] (N = 3f+1 <= 64), got " + faults);
        require(poAckPeriodMicros >= 0, "poAckPeriodMicros must be >= 0");
        requirePositive(poAruPeriodMicros, "poAruPeriodMicros");
        require(poAruRefreshMicros >= poAruPeriodMicros, "poAruRefreshMicros must be >= poAruPeriodMicros");
        requirePositive(proofMatrixPeriodMicros, "proofMatrixPeriodMicros");
        requirePositive(prePreparePeriodMicros, "prePreparePeriodMicros");
        requirePositive(retransmitPeriodMicros, "retransmitPeriodMicros");
        requirePositive(maxUpdatesPerPoRequest, "maxUpdatesPerPoRequest");
        requirePositive(maxPoRequestBytes, "maxPoRequestBytes");
        requirePositive(maxPoAckEntries, "maxPoAckEntries");
        requirePositive(preorderWindow, "preorderWindow");
        require(maxOutstandingPoRequests >= 1 && maxOutstandingPoRequests <= preorderWindow,
                "maxOutstandingPoRequests must be in [1, preorderWindow]");
        requirePositive(maxQueuedUpdates, "maxQueuedUpdates");
        requirePositive(preorderRetention, "preorderRetention");
        require(preorderHardRetention >= preorderRetention, "preorderHardRetention must be >= preorderRetention");
        requirePositive(orderWindow, "orderWindow");
        requirePositive(orderRetention, "orderRetention");
        require(checkpointInterval >= 1 && checkpointInterval <= orderRetention,
                "checkpointInterval must be in [1, orderRetention]");
        require(stateChunkBytes >= 1024 && stateChunkBytes <= 1024 * 1024, "stateChunkBytes must be in [1 KiB, 1 MiB]");
        requirePositive(stateChunksPerRequest, "stateChunksPerRequest");
        require(maxStateBytes >= 1024, "maxStateBytes must be >= 1024");
        requirePositive(catchupBatch, "catchupBatch");
        requirePositive(clientWindow, "clientWindow");
        require(kLat >= 1.0 && kLat <= 100.0, "kLat must be in [1, 100], got " + kLat);
        require(deltaPpMicros > prePreparePeriodMicros, "deltaPpMicros must exceed prePreparePeriodMicros");
        require(viewChangeWorkMicros >= 0 && viewChangeWorkMicros <= 10_000_000, "viewChangeWorkMicros must be in [0, 10 s]");
        requirePositive(rttPingPeriodMicros, "rttPingPeriodMicros");
        requirePositive(tatReportPeriodMicros, "tatReportPeriodMicros");
        requirePositive(suspectCheckPeriodMicros, "suspectCheckPeriodMicros");
    }

    /** 2f+1: the size of a quorum (PREPARE certificate with the PRE-PREPARE, COMMIT certificate, eligibility). */
    public int quorum() {
        return 2 * faults + 1;
    }

    /** The leader of view v: servers take turns, v mod N. */
    public int leaderOf(long view) {
        return (int) (view % replicas);
    }

    public static Builder builder(int faults) {
        return new Builder(faults);
    }

    public Builder toBuilder() {
        Builder b = new Builder(faults);
        b.poAckPeriodMicros = poAckPeriodMicros;
        b.poAruPeriodMicros = poAruPeriodMicros;
        b.poAruRefreshMicros = poAruRefreshMicros;
        b.proofMatrixPeriodMicros = proofMatrixPeriodMicros;
        b.prePreparePeriodMicros = prePreparePeriodMicros;
        b.retransmitPeriodMicros = retransmitPeriodMicros;
        b.maxUpdatesPerPoRequest = maxUpdatesPerPoRequest;
        b.maxPoRequestBytes = maxPoRequestBytes;
        b.maxPoAckEntries = maxPoAckEntries;
        b.preorderWindow = preorderWindow;
        b.maxOutstandingPoRequests = maxOutstandingPoRequests;
        b.maxQueuedUpdates = maxQueuedUpdates;
        b.preorderRetention = preorderRetention;
        b.preorderHardRetention = preorderHardRetention;
        b.orderWindow = orderWindow;
        b.orderRetention = orderRetention;
        b.catchupBatch = catchupBatch;
        b.checkpointInterval = checkpointInterval;
        b.stateChunkBytes = stateChunkBytes;
        b.stateChunksPerRequest = stateChunksPerRequest;
        b.maxStateBytes = maxStateBytes;
        b.clientWindow = clientWindow;
        b.kLat = kLat;
        b.deltaPpMicros = deltaPpMicros;
        b.viewChangeWorkMicros = viewChangeWorkMicros;
        b.rttPingPeriodMicros = rttPingPeriodMicros;
        b.tatReportPeriodMicros = tatReportPeriodMicros;
        b.suspectCheckPeriodMicros = suspectCheckPeriodMicros;
        return b;
    }

    private static void requirePositive(long value, String name) {
        require(value > 0, name + " must be > 0, got " + value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Defaults suit a wide-area deployment (tens of milliseconds between servers); LAN users shorten the periods. */
    public static final class Builder {
        private final int faults;
        private long poAckPeriodMicros = 0;
        private long poAruPeriodMicros = 10_000;
        private long poAruRefreshMicros = 500_000;
        private long proofMatrixPeriodMicros = 10_000;
        private long prePreparePeriodMicros = 10_000;
        private long retransmitPeriodMicros = 500_000;
        private int maxUpdatesPerPoRequest = 256;
        // Small enough that one PO-REQUEST never holds a 10 Mbps uplink for long (8 KiB: ~6.5 ms per destination).
        private int maxPoRequestBytes = 8 * 1024;
        private int maxPoAckEntries = 1024;
        private int preorderWindow = 4096;
        private int maxOutstandingPoRequests = 1024;
        private int maxQueuedUpdates = 100_000;
        private int preorderRetention = 512;
        private int preorderHardRetention = 8192;
        private int orderWindow = 1024;
        private int orderRetention = 1024;
        private int catchupBatch = 256;
        private int checkpointInterval = 512;
        private int stateChunkBytes = 256 * 1024;
        private int stateChunksPerRequest = 4;
        private int maxStateBytes = 512 * 1024 * 1024;
        private int clientWindow = 16;
        private double kLat = 1.0;
        private long deltaPpMicros = 0; // 0: derived from prePreparePeriodMicros
        private long viewChangeWorkMicros = 0; // 0: derived from the number of replicas
        private long rttPingPeriodMicros = 200_000;
        private long tatReportPeriodMicros = 100_000;
        private long suspectCheckPeriodMicros = 50_000;

        private Builder(int faults) {
            this.faults = faults;
        }

        public Builder poAckPeriodMicros(long v) { this.poAckPeriodMicros = v; return this; }
        public Builder poAruPeriodMicros(long v) { this.poAruPeriodMicros = v; return this; }
        public Builder poAruRefreshMicros(long v) { this.poAruRefreshMicros = v; return this; }
        public Builder proofMatrixPeriodMicros(long v) { this.proofMatrixPeriodMicros = v; return this; }
        public Builder prePreparePeriodMicros(long v) { this.prePreparePeriodMicros = v; return this; }
        /** Sets the three aggregation periods (PO-ARU, PROOF-MATRIX, PRE-PREPARE) at once. */
        public Builder aggregationPeriodMicros(long v) {
            this.poAruPeriodMicros = v;
            this.proofMatrixPeriodMicros = v;
            this.prePreparePeriodMicros = v;
            this.poAruRefreshMicros = Math.max(poAruRefreshMicros, v);
            return this;
        }
        public Builder retransmitPeriodMicros(long v) { this.retransmitPeriodMicros = v; return this; }
        public Builder maxUpdatesPerPoRequest(int v) { this.maxUpdatesPerPoRequest = v; return this; }
        public Builder maxPoRequestBytes(int v) { this.maxPoRequestBytes = v; return this; }
        public Builder maxPoAckEntries(int v) { this.maxPoAckEntries = v; return this; }
        public Builder preorderWindow(int v) { this.preorderWindow = v; return this; }
        public Builder maxOutstandingPoRequests(int v) { this.maxOutstandingPoRequests = v; return this; }
        public Builder maxQueuedUpdates(int v) { this.maxQueuedUpdates = v; return this; }
        public Builder preorderRetention(int v) { this.preorderRetention = v; return this; }
        public Builder preorderHardRetention(int v) { this.preorderHardRetention = v; return this; }
        public Builder orderWindow(int v) { this.orderWindow = v; return this; }
        public Builder orderRetention(int v) { this.orderRetention = v; return this; }
        public Builder catchupBatch(int v) { this.catchupBatch = v; return this; }
        /** Applies {@code tuning} to this builder (for callers that build on someone else's defaults). */
        public Builder apply(java.util.function.UnaryOperator<Builder> tuning) { return tuning.apply(this); }
        public Builder checkpointInterval(int v) { this.checkpointInterval = v; return this; }
        public Builder stateChunkBytes(int v) { this.stateChunkBytes = v; return this; }
        public Builder stateChunksPerRequest(int v) { this.stateChunksPerRequest = v; return this; }
        public Builder maxStateBytes(int v) { this.maxStateBytes = v; return this; }
        public Builder clientWindow(int v) { this.clientWindow = v; return this; }
        public Builder kLat(double v) { this.kLat = v; return this; }
        /** Δpp for SUSPECT-LEADER; 0 derives it from the PRE-PREPARE period. */
        public Builder deltaPpMicros(long v) { this.deltaPpMicros = v; return this; }
        public Builder viewChangeWorkMicros(long v) { this.viewChangeWorkMicros = v; return this; }
        public Builder rttPingPeriodMicros(long v) { this.rttPingPeriodMicros = v; return this; }
        public Builder tatReportPeriodMicros(long v) { this.tatReportPeriodMicros = v; return this; }
        public Builder suspectCheckPeriodMicros(long v) { this.suspectCheckPeriodMicros = v; return this; }

        public PrimeConfig build() {
            return new PrimeConfig(this);
        }
    }
}
