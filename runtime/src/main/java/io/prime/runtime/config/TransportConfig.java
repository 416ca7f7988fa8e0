package io.prime.runtime.config;

/**
 * Settings of one replica's network runtime (the {@code transport:} section of cluster.yaml). Immutable and validated
 * once; every default is in {@link #defaults()}, every duration and size carries its unit in its name.
 *
 * @param maxFrameBytes                  largest length-prefixed frame accepted; a larger length prefix closes the
 *                                       connection and is counted as {@code oversized}
 * @param connectTimeoutMillis           TCP connect timeout
 * @param handshakeTimeoutMillis         a connection that has not finished its signed handshake by then is closed
 * @param reconnectInitialBackoffMillis  first wait before redialling a lost peer; doubles up to the maximum
 * @param reconnectMaxBackoffMillis      longest wait between two dials
 * @param peerQueueMaxFramesPerClass     outgoing frames queued per peer and traffic class before new ones are dropped
 * @param peerQueueMaxBytesPerClass      outgoing bytes queued per peer and traffic class before new ones are dropped
 * @param clientQueueMaxBytes            reply bytes buffered for one client connection before replies are dropped
 * @param uplinkBitsPerSecond            the bandwidth the reconciliation share is computed from
 * @param reconciliationShare            share of {@code uplinkBitsPerSecond} reconciliation traffic may use, (0, 1]
 * @param writeBufferLowWaterMarkBytes   a connection's socket buffer is writable again below this
 * @param writeBufferHighWaterMarkBytes  above this the connection stops taking frames from its class queues, so the
 *                                       priority order decides what goes next
 * @param inboundQueueMaxFramesPerSource frames waiting for verification per source (one replica or one client
 *                                       connection) before that source's socket stops being read: a flooding peer
 *                                       only fills its own queue and TCP window
 * @param verifierThreads                edge verification workers (0: one per available processor minus one, at
 *                                       least one)
 * @param ioThreads                      Netty event loop threads
 * @param verificationCacheEntries       verified signatures remembered (bounded)
 * @param coreInboxMaxInputs             verified inputs waiting for the core before verifiers wait
 * @param coreMaxBatchInputs             most inputs handed to one core step
 * @param coreMinStepIntervalMicros      while inputs are waiting, the core steps at most once per this interval (0:
 *                                       as soon as anything arrives). Every step that sends signs one batch and every
 *                                       peer verifies it, so on a CPU-bound host a short wait that makes batches
 *                                       larger buys throughput for a little latency
 * @param maxClientConnections           client connections accepted at once
 * @param linkDelayMillis                extra delay on every outgoing replica frame (wide-area behaviour on one host)
 * @param tlsEnabled                     wrap every connection in TLS with the certificates made by keygen --tls
 * @param nativeTransport                use Linux epoll when available
 * @param fsyncWrites                    fsync the durable records of each step before its messages leave (true:
 *                                       survives power loss; false: the records reach the operating system only,
 *                                       which survives a crash of the replica process but not of the machine)
 */
public record TransportConfig(
        int maxFrameBytes,
        int connectTimeoutMillis,
        int handshakeTimeoutMillis,
        int reconnectInitialBackoffMillis,
        int reconnectMaxBackoffMillis,
        int peerQueueMaxFramesPerClass,
        long peerQueueMaxBytesPerClass,
        long clientQueueMaxBytes,
        long uplinkBitsPerSecond,
        double reconciliationShare,
        int writeBufferLowWaterMarkBytes,
        int writeBufferHighWaterMarkBytes,
        int inboundQueueMaxFramesPerSource,
        int verifierThreads,
        int ioThreads,
        int verificationCacheEntries,
        int coreInboxMaxInputs,
        int coreMaxBatchInputs,
        int coreMinStepIntervalMicros,
        int maxClientConnections,
        int linkDelayMillis,
        boolean tlsEnabled,
        boolean nativeTransport,
        boolean fsyncWrites) {

    public TransportConfig {
        require(maxFrameBytes >= 1024, "maxFrameBytes must be >= 1024");
        require(connectTimeoutMillis > 0, "connectTimeoutMillis must be > 0");
        require(handshakeTimeoutMillis > 0, "handshakeTimeoutMillis must be > 0");
        require(reconnectInitialBackoffMillis > 0, "reconnectInitialBackoffMillis must be > 0");
        require(reconnectMaxBackoffMillis >= reconnectInitialBackoffMillis,
                "reconnectMaxBackoffMillis must be >= reconnectInitialBackoffMillis");
        require(peerQueueMaxFramesPerClass > 0, "peerQueueMaxFramesPerClass must be > 0");
        require(peerQueueMaxBytesPerClass > 0, "peerQueueMaxBytesPerClass must be > 0");
        require(clientQueueMaxBytes > 0, "clientQueueMaxBytes must be > 0");
        require(uplinkBitsPerSecond > 0, "uplinkBitsPerSecond must be > 0");
        require(reconciliationShare > 0 && reconciliationShare <= 1, "reconciliationShare must be in (0, 1]");
        require(writeBufferLowWaterMarkBytes > 0 && writeBufferHighWaterMarkBytes > writeBufferLowWaterMarkBytes,
                "need 0 < writeBufferLowWaterMarkBytes < writeBufferHighWaterMarkBytes");
        require(inboundQueueMaxFramesPerSource > 0, "inboundQueueMaxFramesPerSource must be > 0");
        require(verifierThreads >= 0 && verifierThreads <= 256, "verifierThreads must be in [0, 256]");
        require(ioThreads >= 1 && ioThreads <= 256, "ioThreads must be in [1, 256]");
        require(verificationCacheEntries >= 16, "verificationCacheEntries must be >= 16");
        require(coreInboxMaxInputs >= 16, "coreInboxMaxInputs must be >= 16");
        require(coreMaxBatchInputs >= 1 && coreMaxBatchInputs <= coreInboxMaxInputs,
                "coreMaxBatchInputs must be in [1, coreInboxMaxInputs]");
        require(coreMinStepIntervalMicros >= 0 && coreMinStepIntervalMicros <= 100_000,
                "coreMinStepIntervalMicros must be in [0, 100000]");
        require(maxClientConnections >= 0, "maxClientConnections must be >= 0");
        require(linkDelayMillis >= 0 && linkDelayMillis <= 60_000, "linkDelayMillis must be in [0, 60000]");
    }

    public static TransportConfig defaults() {
        return new TransportConfig(
                4 * 1024 * 1024 + 1024, // a WireLimits frame plus room
                2_000,
                5_000,
                50,
                2_000,
                16_384,
                64L * 1024 * 1024,
                8L * 1024 * 1024,
                1_000_000_000L,
                0.25,
                256 * 1024,
                1024 * 1024,
                4_096,
                0,
                1,
                1 << 17,
                65_536,
                8_192,
                1_000, // docs/benchmarks.md: on 2 cores running 4 replicas this raised saturated throughput by ~40 %
                10_000,
                0,
                false,
                true,
                true);
    }

    /** The number of verification workers this configuration asks for on this machine. */
    public int effectiveVerifierThreads() {
        return verifierThreads > 0 ? verifierThreads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    public TransportConfig withLinkDelayMillis(int millis) {
        return new TransportConfig(maxFrameBytes, connectTimeoutMillis, handshakeTimeoutMillis,
                reconnectInitialBackoffMillis, reconnectMaxBackoffMillis, peerQueueMaxFramesPerClass,
                peerQueueMaxBytesPerClass, clientQueueMaxBytes, uplinkBitsPerSecond, reconciliationShare,
                writeBufferLowWaterMarkBytes, writeBufferHighWaterMarkBytes, inboundQueueMaxFramesPerSource,
                verifierThreads, ioThreads, verificationCacheEntries, coreInboxMaxInputs, coreMaxBatchInputs,
                coreMinStepIntervalMicros, maxClientConnections, millis, tlsEnabled, nativeTransport, fsyncWrites);
    }

    public TransportConfig withMaxFrameBytes(int bytes) {
        return new TransportConfig(bytes, connectTimeoutMillis, handshakeTimeoutMillis,
                reconnectInitialBackoffMillis, reconnectMaxBackoffMillis, peerQueueMaxFramesPerClass,
                peerQueueMaxBytesPerClass, clientQueueMaxBytes, uplinkBitsPerSecond, reconciliationShare,
                writeBufferLowWaterMarkBytes, writeBufferHighWaterMarkBytes, inboundQueueMaxFramesPerSource,
                verifierThreads, ioThreads, verificationCacheEntries, coreInboxMaxInputs, coreMaxBatchInputs,
                coreMinStepIntervalMicros, maxClientConnections, linkDelayMillis, tlsEnabled, nativeTransport, fsyncWrites);
    }

    public TransportConfig withFsyncWrites(boolean fsync) {
        return new TransportConfig(maxFrameBytes, connectTimeoutMillis, handshakeTimeoutMillis,
                reconnectInitialBackoffMillis, reconnectMaxBackoffMillis, peerQueueMaxFramesPerClass,
                peerQueueMaxBytesPerClass, clientQueueMaxBytes, uplinkBitsPerSecond, reconciliationShare,
                writeBufferLowWaterMarkBytes, writeBufferHighWaterMarkBytes, inboundQueueMaxFramesPerSource,
                verifierThreads, ioThreads, verificationCacheEntries, coreInboxMaxInputs, coreMaxBatchInputs,
                coreMinStepIntervalMicros, maxClientConnections, linkDelayMillis, tlsEnabled, nativeTransport, fsync);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("transport: " + message);
        }
    }
}
