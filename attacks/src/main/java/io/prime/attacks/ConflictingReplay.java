package io.prime.attacks;

import io.prime.core.codec.Frame;
import io.prime.core.crypto.ThresholdScheme;
import io.prime.core.message.Replay;
import io.prime.core.message.VcList;
import io.prime.core.message.VcPartialSig;
import io.prime.core.message.VcProof;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.PrimeReplica;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code conflicting-replay}: a faulty new leader sends two different signed REPLAYs in one view (§5.3). When its
 * honest core answers the first VC-PROOF with a REPLAY for the list {@code ids}, the behaviour holds it and asks for a
 * second valid VC-PROOF: it broadcasts VC-LISTs (signed by itself, which any server may send) for the lists that swap
 * one server of {@code ids} for one outside it; correct servers that collected complete state from those servers
 * contribute VC-PARTIAL-SIGs, which are broadcast, so the leader gathers 2f+1 shares on another ⟨v, ids', startSeq'⟩ and
 * combines them with the public threshold material. It then sends the first REPLAY to half of the correct servers
 * and the second, equally valid, to the others. It holds the first no longer than a quarter of TAT_acceptable
 * (5 ms while that is unknown): later, the second still goes out when it can be made.
 *
 * <p>Defence: each correct server floods the first REPLAY it accepts, so every correct server sees both; two signed
 * REPLAYs with different decisions for one view are a proof of corruption (REPLAY-CONFLICT): the server votes to
 * replace the leader and forwards the pair. Neither REPLAY can be committed by both halves (REPLAY-PREPARE needs 2f
 * matching ones), and the next view's REPLAY decides what is executed.
 */
public final class ConflictingReplay implements Behaviour {
    public static final String NAME = "conflicting-replay";
    private static final long UNKNOWN_HOLD_NANOS = 5_000_000L;

    private record Key(long view, long ids, long startSeq) {
    }

    private final AttackContext ctx;
    private final long firstTo;
    private final long secondTo;
    private final Map<Key, TreeMap<Integer, byte[]>> partials = new HashMap<>();

    private long view = -1;
    private Frame first;
    private Replay firstReplay;
    private long heldSinceNanos;
    private boolean firstSent;
    private Frame second;
    private boolean secondSent;
    private long alternativeLists;
    private long conflicts;

    public ConflictingReplay(AttackContext ctx) {
        this.ctx = ctx;
        List<Integer> correct = ctx.correctIds();
        long a = ctx.faultyMask();
        long b = 0;
        for (int k = 0; k < correct.size(); k++) {
            if (k % 2 == 0) {
                a |= 1L << correct.get(k);
            } else {
                b |= 1L << correct.get(k);
            }
        }
        this.firstTo = a & ctx.othersMask();
        this.secondTo = b & ctx.othersMask();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Views in which two different REPLAYs went out. */
    public long conflicts() {
        return conflicts;
    }

    /** VC-LISTs this leader invented to get a second proof. */
    public long alternativeLists() {
        return alternativeLists;
    }

    private ThresholdScheme threshold() {
        PrimeReplica p = ctx.prime();
        return p == null ? null : p.thresholdScheme();
    }

    private void record(VcPartialSig p) {
        if (p.view() < view) {
            return;
        }
        ThresholdScheme t = threshold();
        if (t == null || !t.verifyPartial(p.sender(), VcProof.signedBytes(p.view(), p.ids(), p.startSeq()), p.partial())) {
            return;
        }
        partials.computeIfAbsent(new Key(p.view(), p.ids(), p.startSeq()), k -> new TreeMap<>()).putIfAbsent(p.sender(), p.partial());
    }

    @Override
    public List<Input> inputs(List<Input> inputs, long nowNanos) {
        for (Input in : inputs) {
            if (in instanceof Input.FromReplica r && r.frame().message() instanceof VcPartialSig p) {
                record(p);
            }
        }
        return inputs;
    }

    private void syncView() {
        long v = ctx.view();
        if (v != view) {
            view = v;
            first = null;
            firstReplay = null;
            firstSent = false;
            second = null;
            secondSent = false;
            partials.keySet().removeIf(k -> k.view() < v);
        }
    }

    /** The lists that swap one server of {@code ids} for one outside it. */
    static long[] alternatives(long ids, int n) {
        long all = n == 64 ? -1L : (1L << n) - 1;
        long outside = all & ~ids;
        long[] out = new long[Long.bitCount(ids) * Long.bitCount(outside)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if ((ids & (1L << i)) == 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if ((outside & (1L << j)) != 0) {
                    out[k++] = (ids & ~(1L << i)) | (1L << j);
                }
            }
        }
        return out;
    }

    @Override
    public void outputs(Outputs honest, long nowNanos, Emitter out) {
        syncView();
        boolean leader = ctx.isLeader() && view > 0;
        for (Outbound o : honest.messages()) {
            if (o.toClient()) {
                out.send(o);
                continue;
            }
            Object m = o.frame().message();
            if (m instanceof VcPartialSig p && p.sender() == ctx.self()) {
                record(p);
            }
            if (leader && m instanceof Replay r && r.leader() == ctx.self() && r.view() == view) {
                if (first == null) {
                    first = o.frame();
                    firstReplay = r;
                    heldSinceNanos = nowNanos;
                    for (long ids : alternatives(r.ids(), ctx.n())) {
                        out.send(Outbound.toReplicas(ctx.sign(new VcList(view, ids, ctx.self())), ctx.othersMask()));
                        alternativeLists++;
                    }
                } else if (firstSent) {
                    // The honest core retransmits its REPLAY: each half keeps getting its own.
                    out.send(Outbound.toReplicas(first, o.replicaMask() & firstTo));
                    if (secondSent) {
                        out.send(Outbound.toReplicas(second, o.replicaMask() & secondTo));
                    }
                }
                continue;
            }
            out.send(o);
        }
        if (leader) {
            release(nowNanos, out);
        }
    }

    private long holdNanos() {
        long acceptable = ctx.tatAcceptableNanos();
        return acceptable == Long.MAX_VALUE ? UNKNOWN_HOLD_NANOS : acceptable / 4;
    }

    private void release(long nowNanos, Emitter out) {
        if (first == null) {
            return;
        }
        if (second == null) {
            second = secondReplay();
        }
        if (!firstSent && (second != null || nowNanos >= heldSinceNanos + holdNanos())) {
            out.send(Outbound.toReplicas(first, firstTo));
            firstSent = true;
        }
        if (second != null && !secondSent) {
            out.send(Outbound.toReplicas(second, secondTo));
            secondSent = true;
            conflicts++;
        }
    }

    /** A REPLAY for another list with a valid proof, if 2f+1 shares on one have arrived; null otherwise. */
    private Frame secondReplay() {
        ThresholdScheme t = threshold();
        if (t == null) {
            return null;
        }
        for (Iterator<Map.Entry<Key, TreeMap<Integer, byte[]>>> it = partials.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, TreeMap<Integer, byte[]>> e = it.next();
            Key k = e.getKey();
            if (k.view() != view || (k.ids() == firstReplay.ids() && k.startSeq() == firstReplay.startSeq())
                    || e.getValue().size() < ctx.config().quorum()) {
                continue;
            }
            Map<Integer, byte[]> quorum = new TreeMap<>();
            for (Map.Entry<Integer, byte[]> s : e.getValue().entrySet()) {
                if (quorum.size() < ctx.config().quorum()) {
                    quorum.put(s.getKey(), s.getValue());
                }
            }
            byte[] data = VcProof.signedBytes(k.view(), k.ids(), k.startSeq());
            byte[] proof = t.combine(data, quorum);
            if (!t.verify(data, proof)) {
                continue;
            }
            return ctx.sign(new Replay(k.view(), k.ids(), k.startSeq(), proof, ctx.self()));
        }
        return null;
    }

    @Override
    public long nextWakeupNanos() {
        return first != null && !firstSent ? heldSinceNanos + holdNanos() : Long.MAX_VALUE;
    }
}
