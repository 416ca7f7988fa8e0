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
 * ⟨VIEW-CHANGE, v+1, n, C, P, i⟩σi (Castro-Liskov; paper §5.1): i votes to replace the leader and move to view
 * {@code newView}. C proves i's last stable checkpoint {@code stableSeq} (2f+1 matching CHECKPOINTs; empty for 0); P
 * holds, for every sequence number above it that i prepared, the prepared certificate of the latest view: the
 * PRE-PREPARE and 2f matching PREPAREs from distinct backups.
 */
public record ViewChange(long newView, int sender, long stableSeq, List<Frame> checkpointProof, List<Prepared> prepared)
        implements Message {

    /** A prepared certificate: a PRE-PREPARE frame and 2f matching PREPARE frames. */
    public record Prepared(Frame prePrepare, List<Frame> prepares) {
        public Prepared {
            PbftMessages.check(prePrepare.message() instanceof PbftPrePrepare, "prepared certificate needs a PRE-PREPARE");
            for (Frame p : prepares) {
                PbftMessages.check(p.message() instanceof PbftPrepare, "prepared certificate votes must be PREPAREs");
            }
            prepares = List.copyOf(prepares);
        }

        public PbftPrePrepare prePrepareMessage() {
            return (PbftPrePrepare) prePrepare.message();
        }
    }

    public ViewChange {
        PbftMessages.check(newView >= 1, "new view must be >= 1: " + newView);
        PbftMessages.replica(sender, "sender");
        PbftMessages.nonNegative(stableSeq, "stable seq");
        for (Frame c : checkpointProof) {
            PbftMessages.check(c.message() instanceof Checkpoint, "checkpoint proof holds a " + c.kind());
        }
        checkpointProof = List.copyOf(checkpointProof);
        prepared = List.copyOf(prepared);
    }

    @Override
    public MessageKind kind() {
        return PbftMessages.VIEW_CHANGE;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    /** Every frame nested in this message (for the edge's signature checks). */
    public List<Frame> nestedFrames() {
        List<Frame> all = new ArrayList<>(checkpointProof);
        for (Prepared p : prepared) {
            all.add(p.prePrepare());
            all.addAll(p.prepares());
        }
        return all;
    }

    @Override
    public int sizeHint() {
        int size = 32 + PbftMessages.framesSize(checkpointProof);
        for (Prepared p : prepared) {
            size += 4 + p.prePrepare().length() + PbftMessages.framesSize(p.prepares());
        }
        return size;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(newView).u16(sender).i64(stableSeq);
        PbftMessages.writeFrames(w, checkpointProof);
        w.u32(prepared.size());
        for (Prepared p : prepared) {
            w.blob(p.prePrepare().bytes());
            PbftMessages.writeFrames(w, p.prepares());
        }
    }

    public static ViewChange decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long newView = r.nonNegative("new view");
        int sender = r.replica("sender", limits.replicaCount());
        long stable = r.nonNegative("stable seq");
        List<Frame> proof = PbftMessages.readFrames(r, limits, limits.replicaCount(), PbftMessages.CHECKPOINT, "checkpoint proof");
        int count = r.count("prepared certificates", limits.maxListEntries(), 8);
        List<Prepared> prepared = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<Frame> pp = PbftMessages.readFramesFromBlob(r, limits, PbftMessages.PRE_PREPARE, "pre-prepare frame");
            List<Frame> prepares = PbftMessages.readFrames(r, limits, limits.replicaCount(), PbftMessages.PREPARE, "prepare frames");
            prepared.add(new Prepared(pp.get(0), prepares));
        }
        return new ViewChange(newView, sender, stable, proof, prepared);
    }

    @Override
    public String toString() {
        return "PBFT-VIEW-CHANGE(to v" + newView + ", from " + sender + ", stable " + stableSeq + ", " + prepared.size()
                + " prepared)";
    }
}
