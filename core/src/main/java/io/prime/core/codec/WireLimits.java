package io.prime.core.codec;

/**
 * Bounds on every length and count the decoder reads, checked before anything is allocated. One immutable,
 * validated record; defaults in {@link #defaults(int, int)}.
 *
 * @param replicaCount           N: every replica id must be below it and every PO-ARU vector has exactly N entries
 * @param clientCount            number of clients with keys (the decoder reads any 32-bit client id; the verifier
 *                               refuses ids without a key as "not a member")
 * @param maxFrameBytes          largest frame accepted at all
 * @param maxUpdatePayloadBytes  largest client update payload
 * @param maxUpdatesPerPoRequest largest batch of client updates in one PO-REQUEST
 * @param maxPoAckEntries        largest number of PO-REQUESTs acknowledged by one PO-ACK
 * @param maxReplyBytes          largest result carried in a REPLY
 * @param maxSignatureBytes      largest signature (Ed25519: 64; the simulator's RSA-sized profile: 128)
 * @param maxListEntries         largest generic list (certificates, catch-up batches, reconciliation parts)
 * @param maxBlobBytes           largest opaque blob (erasure-coded part, snapshot chunk)
 */
public record WireLimits(
        int replicaCount,
        int clientCount,
        int maxFrameBytes,
        int maxUpdatePayloadBytes,
        int maxUpdatesPerPoRequest,
        int maxPoAckEntries,
        int maxReplyBytes,
        int maxSignatureBytes,
        int maxListEntries,
        int maxBlobBytes) {

    /** Largest N supported: replica sets are 64-bit masks. */
    public static final int MAX_REPLICAS = 64;

    public WireLimits {
        require(replicaCount >= 4 && replicaCount <= MAX_REPLICAS, "replicaCount must be in [4, 64]: " + replicaCount);
        require(clientCount >= 0, "clientCount must be >= 0");
        require(maxFrameBytes >= 1024, "maxFrameBytes must be >= 1024");
        require(maxUpdatePayloadBytes >= 0 && maxUpdatePayloadBytes < maxFrameBytes, "maxUpdatePayloadBytes out of range");
        require(maxUpdatesPerPoRequest >= 1, "maxUpdatesPerPoRequest must be >= 1");
        require(maxPoAckEntries >= 1, "maxPoAckEntries must be >= 1");
        require(maxReplyBytes >= 0 && maxReplyBytes < maxFrameBytes, "maxReplyBytes out of range");
        require(maxSignatureBytes >= 16 && maxSignatureBytes <= 1024, "maxSignatureBytes must be in [16, 1024]");
        require(maxListEntries >= 1, "maxListEntries must be >= 1");
        require(maxBlobBytes >= 0 && maxBlobBytes < maxFrameBytes, "maxBlobBytes out of range");
    }

    public static WireLimits defaults(int replicaCount, int clientCount) {
        return new WireLimits(replicaCount, clientCount,
                4 * 1024 * 1024, // frame
                64 * 1024,       // update payload
                1024,            // updates per PO-REQUEST
                4096,            // PO-ACK entries
                64 * 1024,       // reply
                128,             // signature
                4096,            // list entries
                2 * 1024 * 1024);// blob
    }

    public WireLimits withClientCount(int clients) {
        return new WireLimits(replicaCount, clients, maxFrameBytes, maxUpdatePayloadBytes, maxUpdatesPerPoRequest,
                maxPoAckEntries, maxReplyBytes, maxSignatureBytes, maxListEntries, maxBlobBytes);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
