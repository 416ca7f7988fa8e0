package io.prime.core.reconcile;

import io.prime.core.RejectReason;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.DomainTag;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PoRequest;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.PrimeMessages;
import io.prime.core.message.Reconciliation;
import io.prime.core.order.Eligibility;
import io.prime.core.order.GlobalOrdering;
import io.prime.core.preorder.LastPoAru;
import io.prime.core.preorder.Preorder;
import io.prime.core.reconcile.erasure.CauchyReedSolomon;
import io.prime.core.replica.ReplicaContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prime's reconciliation procedure (paper §4.1, "Reconciliation", Fig. 3): together with preordering it is a reliable
 * broadcast — if a preordered update becomes eligible, every correct server gets it, even those the origin (or the
 * network) never gave it to.
 *
 * <p><b>Sending (Fig. 3).</b> For each PRE-PREPARE pp, on first receipt (speculatively, not waiting for it to be
 * ordered; the leader on proposing it), with pp' the PRE-PREPARE of seq − 1 (run later if pp' is not known yet), for
 * each (o, s) in L(M(pp) − M(pp')): scanning j = 0..N−1, the first 2f+1 servers with pm[j][o] >= s are the senders, and
 * the c-th of them (c counted from 0 here) sends part c of the MDS(2f+1, f+1) code of the encoded PO-REQUEST to every
 * server r with Last_PO_Aru[r][o] < s. The paper's line A8 reads "c < 2f + 1" after incrementing c, which would leave
 * only 2f senders; its text ("2f + 1 servers … send erasure-coded parts") is what is implemented.
 *
 * <p><b>Receiving.</b> Parts are kept per (o, s), grouped by the digest their sender claims, one part per sender, and
 * only for slots inside the preorder window above PO_Aru[o] (bounded memory); a slot's state is dropped once the
 * request is installed or certified otherwise. When a group holds f + 1 parts with distinct indices from distinct
 * senders, they are decoded and the content digest of the result compared with the claimed digest; on a match the
 * bytes are parsed as the PO-REQUEST (o, s) and installed with {@link Preorder#installCertified}, and execution goes on.
 * A mismatch (a faulty sender's bad part) is counted as {@code bad_digest} and other (f+1)-subsets are tried as parts
 * arrive, at most {@link #MAX_DECODE_ATTEMPTS} per slot.
 *
 * <p><b>Why this is safe.</b> A faulty origin may sign two different PO-REQUESTs for one slot (o, s), and a faulty
 * server may send parts of anything. But at most one request per slot can be certified: a preorder-certificate needs
 * the request and 2f matching PO-ACKs, so two certificates for different digests would need 2f+1 + 2f+1 servers out of
 * 3f+1 — at least f+1 servers in both, one of them correct, and a correct server acknowledges one digest per slot.
 * A correct sender only sends parts of the request it holds with a <em>certified</em> digest
 * ({@link Preorder#certifiedEncoding}). A group of f + 1 distinct senders claiming one digest contains at least one
 * correct server, so that digest is the certified one; bytes whose SHA-256 content digest equals it are (collision
 * resistance) exactly the certified request. Faulty senders can therefore make a decode fail (caught by the digest
 * check) or a group that never fills, never install a wrong request. The decoded request's client signatures are not
 * re-verified: the 2f+1 PO-ARUs that made it eligible include f+1 correct servers that hold a certificate for it, and
 * correct servers acknowledge only requests whose signatures their edge verified.
 *
 * <p><b>Liveness after message loss</b> (beyond the paper, which assumes a stable network). A server that would
 * have sent part c of (o, s) to r re-sends it when r looks stuck: every retransmission period, for each peer r and
 * origin o whose Last_PO_Aru[r][o] has not moved since the previous check, the slots just above it that the ordered
 * prefix has made eligible (at most {@code catchupBatch} per origin) are re-sent to r alone, with the part index taken
 * from the ordered PRE-PREPARE that first made each slot eligible — the same one every correct sender uses, so the
 * parts r collects have distinct indices. A peer none of whose entries moved at all may have crashed; re-sends to it
 * back off exponentially (up to {@link #MAX_BACKOFF_CHECKS} periods), so a dead server costs little.
 *
 * <p>The CPU cost of coding is reported through {@link #takeErasureBytes()}: bytes read to encode a part (the whole
 * request for a parity part, one slice for a data part) plus the bytes rebuilt by each decode attempt.
 */
public final class Reconciler implements GlobalOrdering.Listener {
    /** Decode attempts per slot: every (f+1)-subset of N parts for f <= 3 (C(10, 4) = 210), bounded against bad parts. */
    public static final int MAX_DECODE_ATTEMPTS = 256;
    /** Longest back-off, in retransmission periods, for re-sending parts to a peer that shows no sign of life. */
    public static final int MAX_BACKOFF_CHECKS = 64;

    private final ReplicaContext ctx;
    private final Preorder preorder;
    private final GlobalOrdering ordering;
    private final LastPoAru lastPoAru;
    private final CauchyReedSolomon code;
    private final WireLimits requestLimits;
    private final int quorum;

    /** Received (or proposed) PRE-PREPAREs not reconciled yet because their predecessor is not known. */
    private final TreeSet<Long> pending = new TreeSet<>();
    /** Per origin, the slots for which parts are being collected. */
    private final List<TreeMap<Long, SlotParts>> collecting = new ArrayList<>();

    private long nextRetransmitNanos;
    private final long[][] previousCheck;
    /** Consecutive retransmission checks in which none of a peer's Last_PO_Aru entries moved. */
    private final int[] silentChecks;
    private long erasureBytes;
    private long partsSent;
    private long installed;

    public Reconciler(ReplicaContext ctx, Preorder preorder, GlobalOrdering ordering, LastPoAru lastPoAru) {
        this.ctx = ctx;
        this.preorder = preorder;
        this.ordering = ordering;
        this.lastPoAru = lastPoAru;
        this.code = CauchyReedSolomon.forFaults(ctx.f);
        this.requestLimits = WireLimits.defaults(ctx.n, 0);
        this.quorum = ctx.config.quorum();
        for (int o = 0; o < ctx.n; o++) {
            collecting.add(new TreeMap<>());
        }
        this.previousCheck = new long[ctx.n][ctx.n];
        for (long[] row : previousCheck) {
            java.util.Arrays.fill(row, -1);
        }
        this.silentChecks = new int[ctx.n];
        this.nextRetransmitNanos = ctx.config.retransmitPeriodMicros * 1_000;
    }

    // ---------------------------------------------------------------- sending (Fig. 3)

    @Override
    public void prePrepareReceived(PrePrepare prePrepare, long nowNanos) {
        pending.add(prePrepare.seq());
        runPending();
    }

    @Override
    public void prePrepareProposed(PrePrepare prePrepare, long nowNanos) {
        pending.add(prePrepare.seq());
        runPending();
    }

    /** Reconciles every pending PRE-PREPARE whose predecessor is now known (called on receipt and every step). */
    public void runPending() {
        if (pending.isEmpty()) {
            return;
        }
        long lowest = ordering.lowestHeldSeq();
        for (Long seq : new ArrayList<>(pending)) {
            PrePrepare pp = ordering.heldPrePrepare(seq);
            if (pp == null) {
                if (seq < lowest) {
                    pending.remove(seq); // collected: nothing to do any more
                }
                continue;
            }
            PoAruMatrix previous = ordering.matrixBefore(seq);
            if (previous == null) {
                continue; // Fig. 3 line A2: wait for pp'
            }
            pending.remove(seq);
            reconcile(pp.matrix(), previous);
        }
    }

    /** Fig. 3, Reconcile(seq): for each (o, s) in L(M(pp) − M(pp')), send our part if we are one of the 2f+1. */
    void reconcile(PoAruMatrix matrix, PoAruMatrix previous) {
        long[] now = Eligibility.eligibleCounts(matrix, quorum);
        long[] before = Eligibility.eligibleCounts(previous, quorum);
        for (int o = 0; o < ctx.n; o++) {
            if (now[o] <= before[o]) {
                continue;
            }
            // Nothing below what every peer has acknowledged, or below what we no longer hold, can be sent.
            long everyoneHas = Long.MAX_VALUE;
            for (int r = 0; r < ctx.n; r++) {
                if (r != ctx.self) {
                    everyoneHas = Math.min(everyoneHas, lastPoAru.entry(r, o));
                }
            }
            long from = Math.max(before[o], Math.max(everyoneHas, preorder.collectedUpTo(o))) + 1;
            for (long s = from; s <= now[o]; s++) {
                sendPart(matrix, o, s, needing(o, s));
            }
        }
    }

    /**
     * Servers r != self with Last_PO_Aru[r][o] < s (Fig. 3, line A12), except blacklisted ones: their Last_PO_Aru row
     * is frozen (§4.2), so it would claim they lack everything forever, and a server proven faulty need not execute.
     */
    private long needing(int origin, long s) {
        long mask = 0;
        long frozen = lastPoAru.frozenMask();
        for (int r = 0; r < ctx.n; r++) {
            if (r != ctx.self && (frozen & (1L << r)) == 0 && lastPoAru.entry(r, origin) < s) {
                mask |= 1L << r;
            }
        }
        return mask;
    }

    /**
     * Fig. 3, lines A4–A7: the part index of server {@code server} for (o, s) under {@code matrix}: its position among
     * the first 2f+1 servers j (in id order) with matrix[j][o] >= s, counted from 0; -1 if it is not one of them.
     */
    public static int partIndex(PoAruMatrix matrix, int origin, long s, int server, int faults) {
        int c = 0;
        for (int j = 0; j < matrix.size() && c < 2 * faults + 1; j++) {
            if (matrix.entry(j, origin) >= s) {
                if (j == server) {
                    return c;
                }
                c++;
            }
        }
        return -1;
    }

    private void sendPart(PoAruMatrix matrix, int origin, long s, long targets) {
        if (targets == 0) {
            return;
        }
        int c = partIndex(matrix, origin, s, ctx.self, ctx.f);
        if (c < 0) {
            return;
        }
        Map.Entry<byte[], Digest> held = preorder.certifiedEncoding(origin, s);
        if (held == null) {
            return; // acknowledged once but no longer held (collected): others cover it
        }
        byte[] encoded = held.getKey();
        byte[] part = code.encodePart(encoded, c);
        erasureBytes += c < code.requiredParts() ? part.length : encoded.length;
        partsSent++;
        ctx.outbox.send(targets, new Reconciliation(ctx.self, origin, s, held.getValue(), c, encoded.length, part));
    }

    // ---------------------------------------------------------------- retransmission after loss

    /**
     * Every retransmission period: for each peer whose Last_PO_Aru entry for an origin has not moved since the last
     * check and lies below what the ordered prefix made eligible, re-send our parts of the next slots to that peer.
     */
    public void maybeRetransmit() {
        long now = ctx.now();
        if (now < nextRetransmitNanos) {
            return;
        }
        nextRetransmitNanos = now + ctx.config.retransmitPeriodMicros * 1_000;
        long orderedSeq = ordering.orderedAru();
        PrePrepare latest = orderedSeq == 0 ? null : ordering.heldPrePrepare(orderedSeq);
        long[] eligible = latest == null ? null : Eligibility.eligibleCounts(latest.matrix(), quorum);
        for (int r = 0; r < ctx.n; r++) {
            if (r == ctx.self || (lastPoAru.frozenMask() & (1L << r)) != 0) {
                continue; // blacklisted: its frozen row always looks stuck, and it need not be helped
            }
            boolean moved = false;
            for (int o = 0; o < ctx.n; o++) {
                moved |= lastPoAru.entry(r, o) != previousCheck[r][o];
            }
            // A peer none of whose entries moved may have crashed: back off (re-send on its 1st, 2nd, 4th, 8th ...
            // silent check, then every MAX_BACKOFF_CHECKS) so a dead server does not cost a window of parts per period.
            silentChecks[r] = moved ? 0 : silentChecks[r] + 1;
            int k = silentChecks[r];
            boolean resend = k <= 1 || (k < MAX_BACKOFF_CHECKS ? Integer.bitCount(k) == 1 : k % MAX_BACKOFF_CHECKS == 0);
            for (int o = 0; o < ctx.n; o++) {
                long theirs = lastPoAru.entry(r, o);
                boolean stuck = theirs == previousCheck[r][o];
                previousCheck[r][o] = theirs;
                if (!stuck || !resend || eligible == null || theirs >= eligible[o]) {
                    continue;
                }
                long last = Math.min(eligible[o], theirs + ctx.config.catchupBatch);
                for (long s = Math.max(theirs, preorder.collectedUpTo(o)) + 1; s <= last; s++) {
                    PoAruMatrix first = firstOrderedMatrixWith(o, s, orderedSeq);
                    if (first != null) {
                        sendPart(first, o, s, 1L << r);
                    }
                }
            }
        }
    }

    /**
     * The matrix of the first ordered PRE-PREPARE still held whose M contains (o, s) — the one that made it eligible
     * (or the oldest held, if that one was collected). Binary search: ordered matrices only grow (§4.1).
     */
    private PoAruMatrix firstOrderedMatrixWith(int origin, long s, long orderedSeq) {
        long lo = Math.max(1, ordering.lowestHeldSeq());
        long hi = orderedSeq;
        PoAruMatrix found = null;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            PrePrepare pp = ordering.orderedPrePrepare(mid);
            if (pp == null) {
                lo = mid + 1;
                continue;
            }
            if (Eligibility.preorderProofExists(origin, s, pp.matrix(), quorum)) {
                found = pp.matrix();
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- receiving

    /** A RECONCILIATION part whose batch signature the edge has checked. */
    public void onReconciliation(Reconciliation m) {
        int o = m.origin();
        long s = m.poSeq();
        if (m.sender() == ctx.self) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        TreeMap<Long, SlotParts> slots = collecting.get(o);
        long settled = preorder.poAru(o);
        slots.headMap(settled, true).clear(); // certified or executed since: nothing more to collect
        if (s <= settled) {
            // Surplus parts of a request we hold (2f+1 are sent, f+1 suffice) are duplicates; older slots are stale.
            ctx.reject(s <= preorder.collectedUpTo(o) ? RejectReason.STALE : RejectReason.DUPLICATE);
            return;
        }
        if (s > settled + ctx.config.preorderWindow) {
            ctx.reject(RejectReason.OUT_OF_WINDOW);
            return;
        }
        if (preorder.has(o, s)) {
            slots.remove(s);
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        SlotParts slot = slots.computeIfAbsent(s, k -> new SlotParts());
        switch (slot.add(m)) {
            case DUPLICATE -> {
                ctx.reject(RejectReason.DUPLICATE);
                return;
            }
            case CONFLICT -> {
                ctx.reject(RejectReason.INCONSISTENT);
                return;
            }
            case NEW -> {
            }
        }
        PoRequest request = tryDecode(slot, m);
        if (request != null) {
            slots.remove(s);
        }
    }

    /** Tries the (f+1)-subsets of the new part's digest group that include the new part. */
    private PoRequest tryDecode(SlotParts slot, Reconciliation newest) {
        List<Reconciliation> group = slot.group(newest.requestDigest(), newest.totalLength());
        int k = code.requiredParts();
        if (group.size() < k) {
            return null;
        }
        int[] chosen = new int[k];
        chosen[k - 1] = group.size() - 1; // the new part is the last of its group
        return trySubsets(slot, group, chosen, 0, 0, newest);
    }

    private PoRequest trySubsets(SlotParts slot, List<Reconciliation> group, int[] chosen, int depth, int start,
                                 Reconciliation newest) {
        int k = chosen.length;
        if (depth == k - 1) {
            return attempt(slot, group, chosen, newest);
        }
        for (int i = start; i < group.size() - 1; i++) {
            chosen[depth] = i;
            PoRequest r = trySubsets(slot, group, chosen, depth + 1, i + 1, newest);
            if (r != null || slot.attempts >= MAX_DECODE_ATTEMPTS) {
                return r;
            }
        }
        return null;
    }

    private PoRequest attempt(SlotParts slot, List<Reconciliation> group, int[] chosen, Reconciliation newest) {
        int k = chosen.length;
        int[] indices = new int[k];
        byte[][] parts = new byte[k][];
        long seen = 0;
        for (int i = 0; i < k; i++) {
            Reconciliation p = group.get(chosen[i]);
            if ((seen & (1L << p.partIndex())) != 0) {
                return null; // two senders claim one index: not a decodable subset
            }
            seen |= 1L << p.partIndex();
            indices[i] = p.partIndex();
            parts[i] = p.partUnsafe();
        }
        if (slot.attempts >= MAX_DECODE_ATTEMPTS) {
            return null;
        }
        slot.attempts++;
        int length = newest.totalLength();
        byte[] data = code.decode(indices, parts, length);
        erasureBytes += length;
        Digest digest = ctx.hasher.digest(DomainTag.MERKLE_LEAF, data, 0, data.length);
        if (!digest.equals(newest.requestDigest())) {
            ctx.reject(RejectReason.BAD_DIGEST);
            return null;
        }
        PoRequest request = parse(data, newest.origin(), newest.poSeq());
        if (request == null) {
            // f+1 senders vouch for bytes that are not this slot's PO-REQUEST: cannot come from a certified digest.
            ctx.reject(RejectReason.INVALID);
            return null;
        }
        if (preorder.installCertified(request, data, digest)) {
            installed++;
        }
        return request;
    }

    /** Parses header and body as the PO-REQUEST (origin, poSeq), or null. */
    private PoRequest parse(byte[] data, int origin, long poSeq) {
        try {
            WireReader r = new WireReader(data);
            if (r.u8("version") != FrameCodec.VERSION || r.u8("type") != PrimeMessages.PO_REQUEST.id()
                    || r.u32("body length") != data.length - FrameCodec.HEADER_BYTES) {
                return null;
            }
            WireReader body = new WireReader(data, FrameCodec.HEADER_BYTES, data.length - FrameCodec.HEADER_BYTES);
            PoRequest request = PoRequest.decode(body, requestLimits);
            body.expectEnd("reconciled PO-REQUEST");
            return request.origin() == origin && request.poSeq() == poSeq ? request : null;
        } catch (MalformedFrameException | IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- accounting

    /** Bytes erasure-coded (encoded or rebuilt) since the last call; the simulator charges CPU time for them. */
    public long takeErasureBytes() {
        long b = erasureBytes;
        erasureBytes = 0;
        return b;
    }

    public long partsSent() {
        return partsSent;
    }

    /** PO-REQUESTs rebuilt from parts and installed. */
    public long installed() {
        return installed;
    }

    /** Slots whose parts are being collected, for memory-bound tests. */
    public int collectingSlots() {
        int total = 0;
        for (TreeMap<Long, SlotParts> m : collecting) {
            total += m.size();
        }
        return total;
    }

    public long nextDeadlineNanos() {
        return nextRetransmitNanos;
    }

    /** The parts received for one slot: one per sender, grouped by (claimed digest, encoded length). */
    static final class SlotParts {
        enum Added { NEW, DUPLICATE, CONFLICT }

        private final Reconciliation[] bySender = new Reconciliation[64];
        private final List<Reconciliation> arrivals = new ArrayList<>();
        int attempts;

        Added add(Reconciliation m) {
            Reconciliation previous = bySender[m.sender()];
            if (previous != null) {
                return previous.equals(m) ? Added.DUPLICATE : Added.CONFLICT;
            }
            bySender[m.sender()] = m;
            arrivals.add(m);
            return Added.NEW;
        }

        /** The parts claiming this digest and length, in arrival order. */
        List<Reconciliation> group(Digest digest, int totalLength) {
            List<Reconciliation> out = new ArrayList<>();
            for (Reconciliation p : arrivals) {
                if (p.totalLength() == totalLength && p.requestDigest().equals(digest)) {
                    out.add(p);
                }
            }
            return out;
        }
    }
}
