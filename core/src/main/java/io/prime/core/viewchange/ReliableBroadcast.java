package io.prime.core.viewchange;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.crypto.Digest;
import io.prime.core.message.Message;
import io.prime.core.message.PcSet;
import io.prime.core.message.RbEcho;
import io.prime.core.message.RbInit;
import io.prime.core.message.RbReady;
import io.prime.core.message.Report;
import io.prime.core.replica.ReplicaContext;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bracha's Byzantine reliable broadcast, used for view change state (§5.2-5.3), with tags ⟨origin, view, seq⟩. If any
 * correct server delivers a payload for a tag, every correct server eventually delivers the same payload for it, and
 * a correct origin's payload is always delivered — whatever f faulty servers do, and driven by correct servers only.
 *
 * <ul>
 *   <li>INIT from the origin: echo it (the ECHO carries the payload, so a server that missed the INIT still learns it).</li>
 *   <li>2f+1 ECHOs for one digest: send READY for it. Two different digests cannot both get 2f+1 echoes.</li>
 *   <li>f+1 READYs for a digest: send READY too (at least one correct server is ready).</li>
 *   <li>2f+1 READYs and the payload: deliver.</li>
 * </ul>
 *
 * A REPORT must have tag seq 0 and PC-SETs seq >= 1, from their own origin, for the current view; anything else is
 * refused before it is echoed. Own messages are processed locally (the network never returns them). Everything this
 * server sent for the current view is sent again every retransmission period until the view change completes.
 */
public final class ReliableBroadcast {
    /** Receives delivered payloads. */
    @FunctionalInterface
    public interface Delivery {
        void delivered(int origin, int seq, Frame payload);
    }

    private record Tag(int origin, int seq) implements Comparable<Tag> {
        @Override
        public int compareTo(Tag o) {
            return origin != o.origin ? Integer.compare(origin, o.origin) : Integer.compare(seq, o.seq);
        }
    }

    private static final class Instance {
        Frame initFrame;            // our own INIT, if we are the origin
        Frame echoedPayload;        // the payload we echoed
        final Map<Digest, Frame> payloads = new HashMap<>();
        final Map<Digest, Long> echoes = new HashMap<>();
        final Map<Digest, Long> readies = new HashMap<>();
        long echoVoters;
        long readyVoters;
        Digest readySent;
        boolean delivered;
    }

    private final ReplicaContext ctx;
    private final Delivery delivery;
    private final TreeMap<Tag, Instance> instances = new TreeMap<>();
    private long view = -1;
    private int maxSeq;

    public ReliableBroadcast(ReplicaContext ctx, Delivery delivery) {
        this.ctx = ctx;
        this.delivery = delivery;
    }

    /** Forgets the previous view's instances. */
    public void newView(long v) {
        view = v;
        instances.clear();
        maxSeq = ctx.config.orderWindow + 1;
    }

    /** Reliably broadcasts {@code payload} (a REPORT or PC-SET of ours) under tag ⟨self, view, seq⟩. */
    public void broadcast(int seq, Message payload) {
        Frame frame = FrameCodec.carried(payload);
        RbInit init = new RbInit(ctx.self, view, seq, frame);
        instance(new Tag(ctx.self, seq)).initFrame = frame;
        ctx.outbox.broadcast(init);
        onInit(init);
    }

    private Instance instance(Tag tag) {
        return instances.computeIfAbsent(tag, t -> new Instance());
    }

    private boolean acceptable(long messageView, int origin, int seq, Frame payload) {
        if (messageView != view) {
            ctx.reject(messageView < view ? RejectReason.STALE : RejectReason.OUT_OF_WINDOW);
            return false;
        }
        if (seq > maxSeq) {
            ctx.reject(RejectReason.OUT_OF_WINDOW);
            return false;
        }
        if (payload == null) {
            return true;
        }
        Message m = payload.message();
        boolean ok = seq == 0
                ? m instanceof Report r && r.sender() == origin && r.view() == view
                : m instanceof PcSet p && p.sender() == origin && p.view() == view;
        if (!ok) {
            ctx.reject(RejectReason.INVALID);
        }
        return ok;
    }

    public void onInit(RbInit m) {
        if (!acceptable(m.view(), m.origin(), m.seq(), m.payload())) {
            return;
        }
        Instance in = instance(new Tag(m.origin(), m.seq()));
        if (in.echoedPayload != null) {
            if (!in.echoedPayload.equals(m.payload())) {
                ctx.reject(RejectReason.INCONSISTENT); // the origin sent two payloads for one tag
            }
            return;
        }
        in.echoedPayload = m.payload();
        RbEcho echo = new RbEcho(ctx.self, m.origin(), view, m.seq(), m.payload());
        ctx.outbox.broadcast(echo);
        onEcho(echo);
    }

    public void onEcho(RbEcho m) {
        if (!acceptable(m.view(), m.origin(), m.seq(), m.payload())) {
            return;
        }
        Instance in = instance(new Tag(m.origin(), m.seq()));
        long bit = 1L << m.sender();
        if ((in.echoVoters & bit) != 0) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        in.echoVoters |= bit;
        Digest d = m.payload().contentDigest(ctx.hasher);
        in.payloads.putIfAbsent(d, m.payload());
        long voters = in.echoes.merge(d, bit, (a, b) -> a | b);
        if (Long.bitCount(voters) >= ctx.config.quorum()) {
            sendReady(m.origin(), m.seq(), in, d);
        }
        maybeDeliver(m.origin(), m.seq(), in);
    }

    public void onReady(RbReady m) {
        if (!acceptable(m.view(), m.origin(), m.seq(), null)) {
            return;
        }
        Instance in = instance(new Tag(m.origin(), m.seq()));
        long bit = 1L << m.sender();
        if ((in.readyVoters & bit) != 0) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        in.readyVoters |= bit;
        long voters = in.readies.merge(m.payloadDigest(), bit, (a, b) -> a | b);
        if (Long.bitCount(voters) >= ctx.f + 1) {
            sendReady(m.origin(), m.seq(), in, m.payloadDigest());
        }
        maybeDeliver(m.origin(), m.seq(), in);
    }

    private void sendReady(int origin, int seq, Instance in, Digest d) {
        if (in.readySent != null) {
            return;
        }
        in.readySent = d;
        RbReady ready = new RbReady(ctx.self, origin, view, seq, d);
        ctx.outbox.broadcast(ready);
        onReady(ready);
    }

    private void maybeDeliver(int origin, int seq, Instance in) {
        if (in.delivered) {
            return;
        }
        for (Map.Entry<Digest, Long> e : in.readies.entrySet()) {
            if (Long.bitCount(e.getValue()) >= ctx.config.quorum()) {
                Frame payload = in.payloads.get(e.getKey());
                if (payload != null) {
                    in.delivered = true;
                    delivery.delivered(origin, seq, payload);
                }
                return;
            }
        }
    }

    /** Sends again everything we sent in this view (INITs, ECHOs, READYs): repairs losses during the view change. */
    public void retransmit() {
        for (Map.Entry<Tag, Instance> e : instances.entrySet()) {
            Tag t = e.getKey();
            Instance in = e.getValue();
            if (in.initFrame != null) {
                ctx.outbox.broadcast(new RbInit(ctx.self, view, t.seq(), in.initFrame));
            }
            if (in.echoedPayload != null) {
                ctx.outbox.broadcast(new RbEcho(ctx.self, t.origin(), view, t.seq(), in.echoedPayload));
            }
            if (in.readySent != null) {
                ctx.outbox.broadcast(new RbReady(ctx.self, t.origin(), view, t.seq(), in.readySent));
            }
        }
    }
}
