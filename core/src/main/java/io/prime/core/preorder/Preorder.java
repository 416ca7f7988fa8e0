package io.prime.core.preorder;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Digest;
import io.prime.core.durable.DurableRecord;
import io.prime.core.message.AruVector;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.PoAck;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoRequest;
import io.prime.core.message.UpdateId;
import io.prime.core.replica.Deadline;
import io.prime.core.replica.ReplicaContext;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The preordering phase (paper §4.1, "Preordering Phase"). As originating server this replica batches its clients'
 * updates into PO-REQUESTs; as every server it acknowledges each PO-REQUEST with a PO-ACK, collects
 * preorder-certificates (the request and 2f matching PO-ACKs), maintains the PO_Aru vector and periodically
 * broadcasts it in a signed PO-ARU.
 *
 * <p>Beyond the paper, and needed for liveness after message loss: a server whose Last_PO_Aru shows that a peer has
 * been stuck for a whole retransmission period resends what that peer lacks — its own PO-REQUESTs (as origin) and its
 * PO-ACKs (as acknowledger) — and a PO-ARU is re-broadcast at least every {@code poAruRefreshMicros}.
 */
public final class Preorder {
    private final ReplicaContext ctx;
    private final LastPoAru lastPoAru;
    private final OriginLog[] logs;
    /** PO_Aru[o]: highest n such that this server holds certificates (or has executed) all (o, j), j <= n. */
    private final long[] poAru;

    private final ArrayDeque<ClientUpdate> queue = new ArrayDeque<>();
    /** Updates queued here or inside one of our own PO-REQUESTs not yet executed. */
    private final Set<UpdateId> pending = new HashSet<>();
    private long nextPoSeq = 1;
    /** After a restart, the last PO-ARU vector we signed before it: later ones never go below it. */
    private long[] aruFloor;

    private final List<PoAck.Entry> pendingAcks = new ArrayList<>();
    private final Deadline poAruDeadline;
    private final Deadline poAckDeadline;
    private boolean aruChanged;
    private PoAru ownPoAru;
    private long lastPoAruSentNanos = Long.MIN_VALUE / 2;

    private long nextRetransmitNanos;
    /** Last_PO_Aru[r][o] as seen at the previous retransmission check: a peer is stuck if it has not moved. */
    private final long[][] previousCheck;
    /** Highest slot of each origin resent to each peer, so a peer catching up gets successive windows. */
    private final long[][] resentUpTo;

    public Preorder(ReplicaContext ctx, LastPoAru lastPoAru) {
        this.ctx = ctx;
        this.lastPoAru = lastPoAru;
        this.logs = new OriginLog[ctx.n];
        for (int o = 0; o < ctx.n; o++) {
            logs[o] = new OriginLog(o);
        }
        this.poAru = new long[ctx.n];
        this.poAruDeadline = new Deadline(ctx.config.poAruPeriodMicros);
        this.poAckDeadline = new Deadline(ctx.config.poAckPeriodMicros);
        this.previousCheck = new long[ctx.n][ctx.n];
        this.resentUpTo = new long[ctx.n][ctx.n];
        this.nextRetransmitNanos = ctx.config.retransmitPeriodMicros * 1_000;
    }

    // ---------------------------------------------------------------- origination

    /** Whether this update is already queued here or inside one of our unexecuted PO-REQUESTs. */
    public boolean isPending(UpdateId id) {
        return pending.contains(id);
    }

    /** Queues a verified client update for the next PO-REQUEST. Returns false (and counts why) if refused. */
    public boolean submit(ClientUpdate update) {
        UpdateId id = update.id();
        if (pending.contains(id)) {
            ctx.reject(RejectReason.DUPLICATE);
            return false;
        }
        if (queue.size() >= ctx.config.maxQueuedUpdates) {
            ctx.reject(RejectReason.OUT_OF_WINDOW);
            return false;
        }
        queue.add(update);
        pending.add(id);
        return true;
    }

    /** Called by the executor for every update it applies or skips as already executed. */
    public void updateSettled(UpdateId id) {
        pending.remove(id);
    }

    public int queuedUpdates() {
        return queue.size();
    }

    /** Sends queued updates as PO-REQUESTs and this step's acknowledgements as one PO-ACK. */
    public void flush() {
        int maxUpdates = ctx.config.maxUpdatesPerPoRequest;
        int maxBytes = ctx.config.maxPoRequestBytes;
        while (!queue.isEmpty() && nextPoSeq - 1 - poAru[ctx.self] < ctx.config.maxOutstandingPoRequests) {
            List<ClientUpdate> batch = new ArrayList<>();
            int bytes = 0;
            while (!queue.isEmpty() && batch.size() < maxUpdates
                    && (batch.isEmpty() || bytes + queue.peek().payloadLength() <= maxBytes)) {
                ClientUpdate u = queue.poll();
                bytes += u.payloadLength();
                batch.add(u);
            }
            PoRequest request = new PoRequest(ctx.self, nextPoSeq++, batch);
            byte[] encoded = FrameCodec.encodeUnsigned(request);
            PreorderSlot slot = logs[ctx.self].getOrCreate(request.poSeq());
            slot.request = request;
            slot.encoded = encoded;
            slot.digest = ctx.hasher.digest(DomainTag.MERKLE_LEAF, encoded, 0, encoded.length);
            // A correct origin signs one request per slot: whatever becomes eligible for (self, seq) is this one.
            slot.digestCertified = true;
            ctx.durable(new DurableRecord.Request(request, encoded, false));
            ctx.outbox.broadcastEncoded(request, encoded, slot.digest);
        }
        if (!pendingAcks.isEmpty() && poAckDeadline.tryFire(ctx.now())) {
            int maxEntries = ctx.config.maxPoAckEntries;
            for (int from = 0; from < pendingAcks.size(); from += maxEntries) {
                ctx.outbox.broadcast(new PoAck(ctx.self, pendingAcks.subList(from, Math.min(pendingAcks.size(), from + maxEntries))));
            }
            pendingAcks.clear();
        }
    }

    // ---------------------------------------------------------------- PO-REQUEST and PO-ACK

    /** §4.1: store the request and, the first time, acknowledge it to everyone. */
    public void onPoRequest(Frame frame, PoRequest request) {
        int origin = request.origin();
        long seq = request.poSeq();
        if (origin == ctx.self) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        OriginLog log = logs[origin];
        if (seq <= log.collectedUpTo) {
            ctx.reject(RejectReason.STALE);
            return;
        }
        if (seq > poAru[origin] + ctx.config.preorderWindow) {
            ctx.reject(RejectReason.OUT_OF_WINDOW);
            return;
        }
        PreorderSlot slot = log.getOrCreate(seq);
        Digest digest = frame.contentDigest(ctx.hasher);
        if (slot.request != null) {
            ctx.reject(slot.digest.equals(digest) ? RejectReason.DUPLICATE : RejectReason.INCONSISTENT);
            return;
        }
        if (slot.digestCertified && !slot.digest.equals(digest)) {
            ctx.reject(RejectReason.BAD_DIGEST);
            return;
        }
        slot.request = request;
        slot.encoded = java.util.Arrays.copyOf(frame.bytes(), frame.signedLength());
        slot.digest = digest;
        ctx.durable(new DurableRecord.Request(request, slot.encoded, false));
        if (slot.ownAck == null) {
            slot.ownAck = digest;
            slot.addAck(ctx.self, digest);
            pendingAcks.add(new PoAck.Entry(origin, seq, digest));
        }
        checkCertified(origin);
    }

    public void onPoAck(PoAck ack) {
        int sender = ack.sender();
        for (PoAck.Entry e : ack.entries()) {
            int origin = e.origin();
            if (origin == sender) {
                ctx.reject(RejectReason.WRONG_SENDER);
                continue;
            }
            OriginLog log = logs[origin];
            if (e.poSeq() <= log.collectedUpTo || e.poSeq() <= poAru[origin] && log.get(e.poSeq()) == null) {
                ctx.reject(RejectReason.STALE);
                continue;
            }
            if (e.poSeq() > poAru[origin] + ctx.config.preorderWindow) {
                ctx.reject(RejectReason.OUT_OF_WINDOW);
                continue;
            }
            PreorderSlot slot = log.getOrCreate(e.poSeq());
            switch (slot.addAck(sender, e.digest())) {
                case DUPLICATE -> ctx.reject(RejectReason.DUPLICATE);
                case CONFLICT -> ctx.reject(RejectReason.INCONSISTENT);
                case NEW -> {
                }
            }
        }
        for (int o = 0; o < ctx.n; o++) {
            checkCertified(o);
        }
    }

    /**
     * Installs a PO-REQUEST whose digest is known to be the certified one (rebuilt by reconciliation, §4.1). Replaces
     * a conflicting request a faulty origin may have sent us. Returns false if the slot is no longer kept.
     */
    public boolean installCertified(PoRequest request, byte[] encoded, Digest digest) {
        OriginLog log = logs[request.origin()];
        if (request.poSeq() <= log.collectedUpTo) {
            return false;
        }
        PreorderSlot slot = log.getOrCreate(request.poSeq());
        slot.request = request;
        slot.encoded = encoded;
        slot.digest = digest;
        slot.digestCertified = true;
        ctx.durable(new DurableRecord.Request(request, encoded, true));
        checkCertified(request.origin());
        return true;
    }

    // ---------------------------------------------------------------- durability (see DurableRecord)

    /** Every PO-REQUEST held above {@code executedPo} (what a new log must repeat after its snapshot). */
    public List<DurableRecord.Request> retainedRequests(long[] executedPo) {
        List<DurableRecord.Request> out = new ArrayList<>();
        for (int o = 0; o < ctx.n; o++) {
            logs[o].slots.forEachAbove(executedPo[o], slot -> {
                if (slot.request != null) {
                    out.add(new DurableRecord.Request(slot.request, slot.encoded, slot.digestCertified || slot.certified));
                }
            });
        }
        return out;
    }

    /**
     * Puts back a PO-REQUEST this replica held before a restart. One it had claimed in a PO-ARU ({@code certified}) is
     * restored as certified; any other as received and acknowledged by us (we did acknowledge it; peers resend their
     * PO-ACKs while our PO-ARU stays behind). Our own unexecuted requests are pending again, so client retries are not
     * preordered twice.
     */
    public void restoreRequest(PoRequest request, byte[] encoded, boolean certified) {
        restoreSlot(request, encoded, certified);
        checkCertified(request.origin());
    }

    /** Marks a restored request certified (it collected its certificate before the restart). */
    public void restoreCertified(int origin, long seq) {
        PreorderSlot slot = logs[origin].get(seq);
        if (slot != null && slot.request != null) {
            slot.certified = true;
            slot.digestCertified = true;
            checkCertified(origin);
        }
    }

    private void restoreSlot(PoRequest request, byte[] encoded, boolean certified) {
        int origin = request.origin();
        long seq = request.poSeq();
        OriginLog log = logs[origin];
        if (seq <= log.collectedUpTo) {
            return;
        }
        PreorderSlot slot = log.getOrCreate(seq);
        slot.request = request;
        slot.encoded = encoded;
        slot.digest = ctx.hasher.digest(DomainTag.MERKLE_LEAF, encoded, 0, encoded.length);
        if (certified || origin == ctx.self) {
            slot.digestCertified = true;
        }
        if (certified) {
            slot.certified = true;
        }
        if (origin == ctx.self) {
            nextPoSeq = Math.max(nextPoSeq, seq + 1);
            for (ClientUpdate u : request.updates()) {
                pending.add(u.id());
            }
        } else if (slot.ownAck == null) {
            // We acknowledged it before the restart; say so again (the same digest), since after a whole-cluster
            // restart nobody else remembers our PO-ACK and nobody's PO_Aru shows that anything is missing.
            slot.ownAck = slot.digest;
            slot.addAck(ctx.self, slot.digest);
            if (!certified) {
                pendingAcks.add(new PoAck.Entry(origin, seq, slot.digest));
            }
        }
    }

    /**
     * After a restart: our next PO-ARU must be at least as up to date as the last one we signed (otherwise peers hold
     * two inconsistent PO-ARUs of ours: proof of misbehaviour, §4.2), and our next PO-REQUEST must not reuse a
     * sequence number.
     */
    public void restorePositions(long nextPoSeq, AruVector lastSent) {
        this.nextPoSeq = Math.max(this.nextPoSeq, nextPoSeq);
        this.aruFloor = lastSent.toArray();
        this.aruChanged = true;
    }

    public long nextPoSeq() {
        return nextPoSeq;
    }

    /** The vector of the last PO-ARU we signed (zeros before the first). */
    public AruVector lastPoAruSent() {
        return ownPoAru == null ? AruVector.of(aruFloor == null ? new long[ctx.n] : aruFloor) : ownPoAru.vector();
    }

    private void checkCertified(int origin) {
        OriginLog log = logs[origin];
        long before = poAru[origin];
        while (true) {
            PreorderSlot slot = log.get(poAru[origin] + 1);
            if (slot == null) {
                break;
            }
            if (!slot.certified && slot.request != null) {
                // The request is the origin's vote; 2f acknowledgements from other servers complete the certificate.
                long acks = slot.ackMask(slot.digest) & ~(1L << origin);
                if (Long.bitCount(acks) >= 2 * ctx.f) {
                    slot.certified = true;
                    slot.digestCertified = true;
                    ctx.durable(new DurableRecord.Certified(origin, poAru[origin] + 1));
                }
            }
            if (!slot.certified && !slot.executed) {
                break;
            }
            poAru[origin]++;
        }
        if (poAru[origin] != before) {
            aruChanged = true;
        }
    }

    // ---------------------------------------------------------------- what the executor needs

    /**
     * The PO-REQUEST for (origin, seq) if this server holds it with its certified digest, else null (the executor then
     * waits for it, and reconciliation fetches it).
     */
    public PoRequest certifiedRequest(int origin, long seq) {
        PreorderSlot slot = logs[origin].get(seq);
        if (slot == null || slot.request == null) {
            return null;
        }
        if (slot.digestCertified || slot.certified) {
            return slot.request;
        }
        long acks = slot.ackMask(slot.digest) & ~(1L << origin);
        if (Long.bitCount(acks) < 2 * ctx.f) {
            return null;
        }
        // Certified out of order (an earlier slot is still missing): remember it, durably too, since the executor is
        // about to apply it and a restart must be able to apply it again.
        slot.digestCertified = true;
        ctx.durable(new DurableRecord.Certified(origin, seq));
        return slot.request;
    }

    /** Encoded PO-REQUEST and its digest if held with a certified digest (for reconciliation), else null. */
    public Map.Entry<byte[], Digest> certifiedEncoding(int origin, long seq) {
        PreorderSlot slot = logs[origin].get(seq);
        if (slot == null || slot.request == null || !(slot.digestCertified || slot.certified)) {
            return null;
        }
        return Map.entry(slot.encoded, slot.digest);
    }

    /** Whether this server holds a usable copy of (origin, seq). */
    public boolean has(int origin, long seq) {
        return certifiedRequest(origin, seq) != null;
    }

    /** Marks (origin, seq) executed; executed slots count towards PO_Aru and are collected after a retention window. */
    public void executed(int origin, long seq) {
        OriginLog log = logs[origin];
        PreorderSlot slot = log.get(seq);
        if (slot != null) {
            slot.executed = true;
        }
        if (seq > log.executedUpTo) {
            log.executedUpTo = seq;
        }
        if (origin == ctx.self && slot != null) {
            for (ClientUpdate u : slot.request.updates()) {
                pending.remove(u.id());
            }
        }
        checkCertified(origin);
        if (log.slots.size() > ctx.config.preorderRetention && (seq & 63) == 0) {
            collect(log); // this runs for every executed request: collect in steps of 64
        }
    }

    /**
     * Collects executed slots no peer still needs: below every replica's Last_PO_Aru entry for this origin, keeping
     * {@code preorderRetention} for reconciliation; and, whatever the peers say (a faulty or crashed one never moves),
     * never more than {@code preorderHardRetention} executed slots.
     */
    private void collect(OriginLog log) {
        int o = log.origin;
        long settled = Math.min(poAru[o], log.executedUpTo);
        long everyoneHas = Long.MAX_VALUE;
        for (int r = 0; r < ctx.n; r++) {
            everyoneHas = Math.min(everyoneHas, r == ctx.self ? poAru[o] : lastPoAru.entry(r, o));
        }
        long limit = Math.max(Math.min(settled - ctx.config.preorderRetention, everyoneHas),
                settled - ctx.config.preorderHardRetention);
        log.slots.removeUpTo(limit, slot -> log.collectedUpTo = Math.max(log.collectedUpTo, slot.poSeq));
        if (limit > log.collectedUpTo) {
            log.collectedUpTo = limit;
        }
    }

    /**
     * A checkpoint's state was installed (state transfer or restart): per origin, everything up to
     * {@code executedPo[o]} is executed. Those slots are dropped (the state holds their effect) and PO_Aru moves past
     * them; requests above stay and certify as usual.
     */
    public void installCheckpoint(long[] executedPo) {
        for (int o = 0; o < ctx.n; o++) {
            OriginLog log = logs[o];
            long upTo = executedPo[o];
            boolean own = o == ctx.self;
            log.slots.removeUpTo(upTo, slot -> {
                if (own && slot.request != null) {
                    for (ClientUpdate u : slot.request.updates()) {
                        pending.remove(u.id());
                    }
                }
            });
            if (own) {
                nextPoSeq = Math.max(nextPoSeq, upTo + 1);
            }
            log.collectedUpTo = Math.max(log.collectedUpTo, upTo);
            log.executedUpTo = Math.max(log.executedUpTo, upTo);
            if (poAru[o] < upTo) {
                poAru[o] = upTo;
                aruChanged = true;
            }
            checkCertified(o);
        }
    }

    public long poAru(int origin) {
        return poAru[origin];
    }

    /** Every slot of {@code origin} at or below this has been garbage collected. */
    public long collectedUpTo(int origin) {
        return logs[origin].collectedUpTo;
    }

    public AruVector poAruVector() {
        return AruVector.of(poAru);
    }

    public PoAru ownPoAru() {
        return ownPoAru;
    }

    // ---------------------------------------------------------------- periodic work

    /** Broadcasts a PO-ARU if PO_Aru changed (at most once per period) or the refresh interval passed. */
    public void maybeSendPoAru() {
        long now = ctx.now();
        if (aruChanged && poAruDeadline.tryFire(now)) {
            aruChanged = false;
            AruVector vector = AruVector.of(poAru);
            if (aruFloor != null) {
                long[] v = poAru.clone();
                boolean above = true;
                for (int o = 0; o < v.length; o++) {
                    above &= v[o] >= aruFloor[o];
                    v[o] = Math.max(v[o], aruFloor[o]);
                }
                vector = AruVector.of(v);
                if (above) {
                    aruFloor = null; // caught up with what we claimed before the restart
                }
            }
            ownPoAru = new PoAru(ctx.self, vector, ctx.signer.sign(PoAru.signedBytes(ctx.self, vector)));
            lastPoAru.offer(ownPoAru);
            ctx.outbox.broadcast(ownPoAru);
            lastPoAruSentNanos = now;
        } else if (ownPoAru != null && now - lastPoAruSentNanos >= ctx.config.poAruRefreshMicros * 1_000) {
            ctx.outbox.broadcast(ownPoAru);
            lastPoAruSentNanos = now;
        }
    }

    /**
     * Resends to each peer what it lacks and we hold: our own PO-REQUESTs and our PO-ACKs, at most
     * {@code catchupBatch} slots per origin and period. A peer that has not moved for a whole period gets them again
     * from just above its Last_PO_Aru entry (they were lost); a peer far behind but moving gets the next window after
     * what we already resent (it is catching up), so a replica back from a partition is refilled at full pace.
     */
    public void maybeRetransmit() {
        long now = ctx.now();
        if (now < nextRetransmitNanos) {
            return;
        }
        nextRetransmitNanos = now + ctx.config.retransmitPeriodMicros * 1_000;
        int limit = ctx.config.catchupBatch;
        for (int r = 0; r < ctx.n; r++) {
            if (r == ctx.self || (lastPoAru.frozenMask() & (1L << r)) != 0) {
                continue; // a blacklisted server's row is frozen (§4.2): it would look stuck forever
            }
            List<PoAck.Entry> acks = new ArrayList<>();
            for (int o = 0; o < ctx.n; o++) {
                long theirs = lastPoAru.entry(r, o);
                boolean stuck = theirs == previousCheck[r][o];
                previousCheck[r][o] = theirs;
                long ours = o == ctx.self ? nextPoSeq - 1 : poAru[o];
                long gap = ours - theirs;
                if (gap <= 0 || (!stuck && gap <= limit)) {
                    continue; // up to date, or only normal in-flight lag
                }
                long from = stuck ? theirs + 1 : Math.max(theirs + 1, resentUpTo[r][o] + 1);
                long to = Math.min(ours, from + limit - 1);
                resentUpTo[r][o] = to;
                OriginLog log = logs[o];
                for (long s = from; s <= to; s++) {
                    PreorderSlot slot = log.get(s);
                    if (slot == null) {
                        continue;
                    }
                    if (o == ctx.self && slot.request != null) {
                        ctx.outbox.sendTo(r, slot.request);
                    } else if (slot.ownAck != null) {
                        // Including to the origin itself: it needs our acknowledgement to certify its own request.
                        acks.add(new PoAck.Entry(o, s, slot.ownAck));
                    }
                }
            }
            for (int from = 0; from < acks.size(); from += ctx.config.maxPoAckEntries) {
                ctx.outbox.sendTo(r, new PoAck(ctx.self, acks.subList(from, Math.min(acks.size(), from + ctx.config.maxPoAckEntries))));
            }
        }
    }

    /** Earliest time this component has periodic work, given its state. */
    public long nextDeadlineNanos() {
        long next = nextRetransmitNanos;
        if (!pendingAcks.isEmpty()) {
            next = Math.min(next, poAckDeadline.nextAllowedNanos());
        }
        if (aruChanged) {
            next = Math.min(next, poAruDeadline.nextAllowedNanos());
        }
        if (ownPoAru != null) {
            next = Math.min(next, lastPoAruSentNanos + ctx.config.poAruRefreshMicros * 1_000);
        }
        return next;
    }

    /** The preorder state of each origin at its first unexecuted slot, for debugging. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (OriginLog log : logs) {
            long s = log.executedUpTo + 1;
            PreorderSlot slot = log.get(s);
            sb.append(" o").append(log.origin).append(": aru ").append(poAru[log.origin]).append(" exec ")
                    .append(log.executedUpTo).append(" next ");
            if (slot == null) {
                sb.append("none");
            } else {
                sb.append(slot.request == null ? "noreq" : "req").append(" acks ")
                        .append(Long.bitCount(slot.ackMask(slot.digest))).append(slot.certified ? " cert" : "");
            }
            sb.append(" peers");
            for (int r = 0; r < ctx.n; r++) {
                sb.append(' ').append(lastPoAru.entry(r, log.origin));
            }
            sb.append(';');
        }
        return sb.toString();
    }

    /** Number of preorder slots held, for memory-bound tests. */
    public int slotCount() {
        int total = 0;
        for (OriginLog log : logs) {
            total += log.slots.size();
        }
        return total;
    }
}
