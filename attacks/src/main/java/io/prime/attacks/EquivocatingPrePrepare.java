package io.prime.attacks;

import io.prime.core.codec.Frame;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PrePrepare;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code equivocating-preprepare}: while its replica leads the view, the faulty leader sends two different
 * PRE-PREPAREs for each sequence number: the honest one to one half of the correct servers (and the faulty ones), and
 * to the other half a variant, signed with its own key, whose matrix takes one of the rows that changed since the
 * previous PRE-PREPARE back to its previous value. Both are valid successors of their predecessors (§4.1's validity
 * check passes at every server), so without a defence the two halves would prepare different proposals.
 *
 * <p>Defence: flooding (§4.2) shows every correct server both; two PRE-PREPAREs signed by the leader for one view and
 * sequence number with different contents are a proof of corruption: the server that holds both votes to replace the
 * leader and forwards the pair (PRE-PREPARE-CONFLICT), so every correct server votes and the view changes.
 */
public final class EquivocatingPrePrepare implements Behaviour {
    public static final String NAME = "equivocating-preprepare";

    private final AttackContext ctx;
    /** The correct servers that get the forged variant (every other correct one, in id order), as a mask. */
    private final long forgedTo;
    private long view = -1;
    private long lastSeq;
    private PoAruMatrix lastMatrix;
    private final Map<Long, Frame> forged = new HashMap<>();
    private long equivocations;

    public EquivocatingPrePrepare(AttackContext ctx) {
        this.ctx = ctx;
        List<Integer> correct = ctx.correctIds();
        long m = 0;
        for (int k = 1; k < correct.size(); k += 2) {
            m |= 1L << correct.get(k);
        }
        this.forgedTo = m;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Sequence numbers for which two PRE-PREPAREs went out. */
    public long equivocations() {
        return equivocations;
    }

    public long forgedTo() {
        return forgedTo;
    }

    /**
     * The variant of {@code pp}: its matrix with one changed row taken back to {@code previous}'s; null if fewer than
     * two rows changed (then the variant would not improve on the predecessor and would be refused as invalid).
     */
    static PrePrepare variant(PrePrepare pp, PoAruMatrix previous) {
        long changed = LeaderMatrices.differingRows(pp.matrix(), previous);
        if (Long.bitCount(changed) < 2) {
            return null;
        }
        int row = Long.numberOfTrailingZeros(changed);
        return new PrePrepare(pp.view(), pp.seq(), pp.leader(), LeaderMatrices.withRow(pp.matrix(), row, previous));
    }

    @Override
    public void outputs(Outputs honest, long nowNanos, Emitter out) {
        long v = ctx.view();
        if (v != view) {
            view = v;
            lastSeq = 0;
            lastMatrix = v == 0 ? PoAruMatrix.empty(ctx.n()) : null; // a later view's base matrix is not known here
            forged.clear();
        }
        boolean leader = ctx.isLeader();
        for (Outbound o : honest.messages()) {
            if (leader && !o.toClient() && o.frame().message() instanceof PrePrepare pp && pp.leader() == ctx.self()
                    && pp.view() == view) {
                Frame twin = forged.get(pp.seq());
                if (twin == null && pp.seq() == lastSeq + 1 && lastMatrix != null) {
                    PrePrepare variant = variant(pp, lastMatrix);
                    if (variant != null) {
                        twin = ctx.sign(variant);
                        forged.put(pp.seq(), twin);
                        equivocations++;
                    }
                }
                if (pp.seq() > lastSeq) {
                    lastSeq = pp.seq();
                    lastMatrix = pp.matrix();
                }
                if (twin != null) {
                    long honestTo = o.replicaMask() & ~forgedTo;
                    long twinTo = o.replicaMask() & forgedTo;
                    if (honestTo != 0) {
                        out.send(Outbound.toReplicas(o.frame(), honestTo));
                    }
                    if (twinTo != 0) {
                        out.send(Outbound.toReplicas(twin, twinTo));
                    }
                    continue;
                }
            }
            out.send(o);
        }
    }
}
