package io.prime.pbft.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;

import java.util.ArrayList;
import java.util.List;

/**
 * ⟨NEW-VIEW, v, V, O, l⟩σl (paper §5.1): the new leader's 2f+1 VIEW-CHANGE messages for view v (V) and the
 * PRE-PREPAREs for view v it derived from them (O), each signed by it, which re-issue every update that may have been
 * ordered in an earlier view. Replicas recompute O from V before accepting it.
 */
public record NewView(long view, int leader, List<Frame> viewChanges, List<Frame> prePrepares) implements Message {
    public NewView {
        PbftMessages.check(view >= 1, "view must be >= 1: " + view);
        PbftMessages.replica(leader, "leader");
        for (Frame f : viewChanges) {
            PbftMessages.check(f.message() instanceof ViewChange, "NEW-VIEW holds a " + f.kind() + " among its VIEW-CHANGEs");
        }
        for (Frame f : prePrepares) {
            PbftMessages.check(f.message() instanceof PbftPrePrepare, "NEW-VIEW holds a " + f.kind() + " among its PRE-PREPAREs");
        }
        viewChanges = List.copyOf(viewChanges);
        prePrepares = List.copyOf(prePrepares);
    }

    @Override
    public MessageKind kind() {
        return PbftMessages.NEW_VIEW;
    }

    @Override
    public int batchSigner() {
        return leader;
    }

    /** The frames nested directly in this message. */
    public List<Frame> nestedFrames() {
        List<Frame> all = new ArrayList<>(viewChanges);
        all.addAll(prePrepares);
        return all;
    }

    @Override
    public int sizeHint() {
        return 24 + PbftMessages.framesSize(viewChanges) + PbftMessages.framesSize(prePrepares);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).u16(leader);
        PbftMessages.writeFrames(w, viewChanges);
        PbftMessages.writeFrames(w, prePrepares);
    }

    public static NewView decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        int leader = r.replica("leader", limits.replicaCount());
        List<Frame> vcs = PbftMessages.readFrames(r, limits, limits.replicaCount(), PbftMessages.VIEW_CHANGE, "view changes");
        List<Frame> pps = PbftMessages.readFrames(r, limits, limits.maxListEntries(), PbftMessages.PRE_PREPARE, "pre-prepares");
        return new NewView(view, leader, vcs, pps);
    }

    @Override
    public String toString() {
        return "PBFT-NEW-VIEW(v" + view + ", leader " + leader + ", " + viewChanges.size() + " view changes, "
                + prePrepares.size() + " pre-prepares)";
    }
}
