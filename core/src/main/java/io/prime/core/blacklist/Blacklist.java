package io.prime.core.blacklist;

import io.prime.core.RejectReason;
import io.prime.core.message.BlacklistProof;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PrePrepare;
import io.prime.core.order.GlobalOrdering;
import io.prime.core.preorder.LastPoAru;
import io.prime.core.replica.ProtocolEvent;
import io.prime.core.replica.ReplicaContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The set B of blacklisted servers (paper §4.2, "Blacklisting Servers") and the proofs that put them there.
 *
 * <p>A server finds a proof wherever two PO-ARUs of one server meet: in {@link LastPoAru} (a PO-ARU received directly
 * or copied from a PROOF-MATRIX or PRE-PREPARE that is not consistent with the stored one), and in the
 * blacklist-before-compare procedure run before each coverage test ({@link #covers}). It then blacklists the server and
 * broadcasts the two PO-ARUs in a BLACKLIST-PROOF; a server that receives a valid proof for a server it had not
 * blacklisted does the same, so the proof reaches every correct server even if the first finder was faulty and told
 * only some.
 *
 * <p><b>What a correct server ignores from a blacklisted server.</b> Only its PO-ARUs: its row of Last_PO_Aru is frozen
 * ({@link LastPoAru#freeze}), so a leader stops proposing its newer ones and coverage tests skip it (Fig. 1, item 5).
 * Because the frozen row no longer says what it holds, correct servers also stop sending it reconciliation parts and
 * preorder retransmissions (a server proven faulty need not execute anything).
 * Everything else is still accepted — its PO-REQUESTs (its clients' updates must still be ordered), PO-ACKs, PREPAREs,
 * COMMITs, RECONCILIATION parts, PROOF-MATRIX messages (their other rows are signed by others) — because each of these
 * is already checked on its own merits (signatures, quorums of 2f+1, digests), and refusing a faulty server's votes
 * cannot make a quorum easier for it to break but could, with a mistaken blacklist, cost liveness. A frozen row never
 * hurts liveness with at most f faulty servers: eligibility needs 2f+1 rows, and the 2f+1 correct servers' rows keep
 * moving.
 */
public final class Blacklist implements GlobalOrdering.Listener {
    private final ReplicaContext ctx;
    private final LastPoAru lastPoAru;
    private long mask;
    private final BlacklistProof[] proofs;
    /** The last PROOF-MATRIX this server sent to the leader, for blacklist-before-compare on the next PRE-PREPARE. */
    private PoAruMatrix lastSentProofMatrix;

    public Blacklist(ReplicaContext ctx, LastPoAru lastPoAru) {
        this.ctx = ctx;
        this.lastPoAru = lastPoAru;
        this.proofs = new BlacklistProof[ctx.n];
    }

    /** B as a bit mask: bit i set for blacklisted server i. */
    public long mask() {
        return mask;
    }

    public boolean isBlacklisted(int server) {
        return (mask & (1L << server)) != 0;
    }

    /** B as sorted server ids. */
    public List<Integer> servers() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ctx.n; i++) {
            if (isBlacklisted(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The proof held against {@code server}, or null. */
    public BlacklistProof proof(int server) {
        return proofs[server];
    }

    /** {@link LastPoAru}'s inconsistency listener: a pair found locally. */
    public void inconsistent(PoAru stored, PoAru offered) {
        add(stored, offered);
    }

    /** A BLACKLIST-PROOF from another server, its two PO-ARU signatures checked at the edge. */
    public void onProof(BlacklistProof proof) {
        if (!proof.provesInconsistency()) {
            ctx.reject(RejectReason.INVALID);
            return;
        }
        if (isBlacklisted(proof.accused())) {
            ctx.reject(RejectReason.DUPLICATE);
            return;
        }
        add(proof.first(), proof.second());
    }

    private void add(PoAru a, PoAru b) {
        int accused = a.sender();
        if (!BlacklistRules.isProof(a, b) || isBlacklisted(accused)) {
            return;
        }
        if (accused == ctx.self) {
            // Our own PO-ARUs are always consistent; two that are not cannot be ours (the keys would be stolen).
            ctx.reject(RejectReason.INVALID);
            return;
        }
        mask |= 1L << accused;
        lastPoAru.freeze(accused);
        BlacklistProof proof = new BlacklistProof(ctx.self, a, b);
        proofs[accused] = proof;
        ctx.event(ProtocolEvent.Type.SERVER_BLACKLISTED, "server " + accused + " sent inconsistent PO-ARUs "
                + a.vector() + " and " + b.vector());
        ctx.outbox.broadcast(proof);
    }

    /**
     * Fig. 1, item 5 with §4.2's blacklist-before-compare: blacklists (and broadcasts proofs against) every server
     * whose rows in the two matrices are not consistent, then tests coverage ignoring blacklisted rows.
     * SUSPECT-LEADER calls this for each PROOF-MATRIX it waits to see covered.
     */
    public boolean covers(PoAruMatrix prePrepareMatrix, PoAruMatrix proofMatrix) {
        BlacklistRules.Coverage c = BlacklistRules.covers(prePrepareMatrix, proofMatrix, mask);
        long fresh = c.newlyBlacklisted();
        while (fresh != 0) {
            int i = Long.numberOfTrailingZeros(fresh);
            fresh &= fresh - 1;
            add(prePrepareMatrix.row(i), proofMatrix.row(i));
        }
        return c.covers();
    }

    @Override
    public void proofMatrixSent(PoAruMatrix matrix, long nowNanos) {
        lastSentProofMatrix = matrix;
    }

    /** Runs blacklist-before-compare against the last PROOF-MATRIX we sent (coverage itself is SUSPECT-LEADER's). */
    @Override
    public void prePrepareReceived(PrePrepare prePrepare, long nowNanos) {
        if (lastSentProofMatrix != null) {
            covers(prePrepare.matrix(), lastSentProofMatrix);
        }
    }
}
