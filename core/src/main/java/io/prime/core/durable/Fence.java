package io.prime.core.durable;

import io.prime.core.message.AruVector;
import io.prime.core.message.Commit;
import io.prime.core.message.Message;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.Prepare;
import io.prime.core.message.VcProof;
import io.prime.core.message.ViewChangeMessage;

/**
 * Keeps a restarted replica from contradicting what it signed before the restart (PBFT's rule for recovering
 * replicas). It tracks, from every message this replica signs, the high-water marks of {@link DurableRecord.Commitments};
 * after a restart it refuses to let out any vote at or below the restored marks: a PRE-PREPARE, PREPARE or COMMIT in an
 * older view or at a sequence number it already voted on in its last voting view, and any view-change message of a
 * view it already took part in. The core does not know which exact messages it signed, so it stays silent there; the
 * 2f other correct replicas still make the quorums, and a view change moves everyone past the fence.
 */
public final class Fence {
    private long votedView = -1;
    private long maxVotedSeq;
    private long vcView = -1;
    private DurableRecord.Commitments restored;

    /** The high-water marks from before a restart: from now on nothing at or below them goes out. */
    public void restore(DurableRecord.Commitments c) {
        restored = c;
        votedView = Math.max(votedView, c.votedView());
        if (c.votedView() == votedView) {
            maxVotedSeq = Math.max(maxVotedSeq, c.maxVotedSeq());
        }
        vcView = Math.max(vcView, c.vcView());
    }

    /** Whether this replica may sign {@code m} without risking a contradiction with what it signed before a restart. */
    public boolean allows(Message m) {
        if (restored == null) {
            return true;
        }
        long view;
        long seq;
        if (m instanceof PrePrepare x) {
            view = x.view();
            seq = x.seq();
        } else if (m instanceof Prepare x) {
            view = x.view();
            seq = x.seq();
        } else if (m instanceof Commit x) {
            view = x.view();
            seq = x.seq();
        } else {
            long vc = viewChangeView(m);
            return vc < 0 || vc > restored.vcView();
        }
        return view > restored.votedView() || view == restored.votedView() && seq > restored.maxVotedSeq();
    }

    /** Notes a message this replica signed. */
    public void sent(Message m) {
        if (m instanceof PrePrepare x) {
            vote(x.view(), x.seq());
        } else if (m instanceof Prepare x) {
            vote(x.view(), x.seq());
        } else if (m instanceof Commit x) {
            vote(x.view(), x.seq());
        } else {
            vcView = Math.max(vcView, viewChangeView(m));
        }
    }

    private void vote(long view, long seq) {
        if (view > votedView) {
            votedView = view;
            maxVotedSeq = seq;
        } else if (view == votedView) {
            maxVotedSeq = Math.max(maxVotedSeq, seq);
        }
    }

    /**
     * The view of a view-change message this fence covers, -1 for any other message. Not a VC-PROOF: it commits its
     * sender to nothing (it combines other servers' partial signatures, and no rule judges a server by the VC-PROOFs
     * it sends).
     */
    private static long viewChangeView(Message m) {
        return m instanceof ViewChangeMessage v && !(m instanceof VcProof) ? v.view() : -1;
    }

    /** The current high-water marks, with the preordering ones the caller knows. */
    public DurableRecord.Commitments commitments(long nextPoSeq, AruVector poAruSent) {
        return new DurableRecord.Commitments(votedView, maxVotedSeq, vcView, nextPoSeq, poAruSent);
    }
}
