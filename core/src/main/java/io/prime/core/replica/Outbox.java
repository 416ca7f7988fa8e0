package io.prime.core.replica;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.Signer;
import io.prime.core.message.AuthKind;
import io.prime.core.message.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what a step wants to send, then signs every new batch-authenticated message with one signature over the
 * Merkle root of the batch ({@link FrameCodec#signBatch}). Frames received from others (a flooded PRE-PREPARE) are
 * forwarded unchanged.
 */
public final class Outbox {
    private record Pending(Message message, Frame frame, long replicaMask, long clientId, byte[] encoded, Digest digest) {
        Pending(Message message, Frame frame, long replicaMask, long clientId) {
            this(message, frame, replicaMask, clientId, null, null);
        }
    }

    private final int self;
    private final long allOthers;
    private final List<Pending> pending = new ArrayList<>();
    /** Messages this replica must not sign (a restarted replica's fence, see {@link io.prime.core.durable.Fence}). */
    private java.util.function.Predicate<Message> fence = m -> true;

    public Outbox(int self, int replicas) {
        this.self = self;
        long all = replicas == 64 ? -1L : (1L << replicas) - 1;
        this.allOthers = all & ~(1L << self);
    }

    /** Every replica but this one. */
    public long allOthers() {
        return allOthers;
    }

    public void broadcast(Message m) {
        send(allOthers, m);
    }

    public void sendTo(int replica, Message m) {
        send(1L << replica, m);
    }

    public void send(long replicaMask, Message m) {
        long mask = replicaMask & ~(1L << self);
        if (mask != 0) {
            pending.add(new Pending(m, null, mask, -1));
        }
    }

    /** Broadcasts a message whose header+body encoding and content digest the caller already computed. */
    public void broadcastEncoded(Message m, byte[] encoded, Digest digest) {
        pending.add(new Pending(m, null, allOthers, -1, encoded, digest));
    }

    public void toClient(long clientId, Message m) {
        pending.add(new Pending(m, null, 0, clientId));
    }

    /** Sends an already-signed frame (forwarding, or a self-signed PO-ARU). */
    public void sendFrame(long replicaMask, Frame frame) {
        long mask = replicaMask & ~(1L << self);
        if (mask != 0) {
            pending.add(new Pending(null, frame, mask, -1));
        }
    }

    /** Forgets everything queued. */
    public void clear() {
        pending.clear();
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public void setFence(java.util.function.Predicate<Message> fence) {
        this.fence = fence;
    }

    /** Signs the batch and returns the frames to send, in the order they were queued. Clears the outbox. */
    public List<Outbound> seal(Signer signer, Hasher hasher) {
        pending.removeIf(p -> p.frame == null && !fence.test(p.message));
        List<Message> toSign = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        List<Digest> digests = new ArrayList<>();
        for (Pending p : pending) {
            if (p.frame == null && p.message.kind().auth() == AuthKind.MERKLE_BATCH) {
                toSign.add(p.message);
                encoded.add(p.encoded);
                digests.add(p.digest);
            }
        }
        List<Frame> signed = FrameCodec.signBatch(toSign, encoded.toArray(new byte[0][]), digests.toArray(new Digest[0]),
                signer, hasher);
        List<Outbound> out = new ArrayList<>(pending.size());
        int next = 0;
        for (Pending p : pending) {
            Frame f;
            if (p.frame != null) {
                f = p.frame;
            } else if (p.message.kind().auth() == AuthKind.MERKLE_BATCH) {
                f = signed.get(next++);
            } else if (p.message.kind().auth() == AuthKind.SELF_SIGNED) {
                f = FrameCodec.selfSigned(p.message);
            } else {
                throw new IllegalStateException(p.message.kind() + " only travels inside another message");
            }
            out.add(p.clientId >= 0 ? Outbound.toClient(f, p.clientId) : Outbound.toReplicas(f, p.replicaMask));
        }
        pending.clear();
        return out;
    }
}
