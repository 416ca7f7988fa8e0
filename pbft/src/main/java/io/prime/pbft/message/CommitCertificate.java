package io.prime.pbft.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;

import java.util.List;

/**
 * Proof that sequence number {@code seq} committed, with the bodies: 2f+1 signed COMMITs naming D(batch) in one view,
 * and the batch's client updates in order (their digests hash to D(batch)). Sent to a replica that is behind
 * ({@link PbftCatchupRequest}); self-verifying, so one correct answer is enough.
 */
public record CommitCertificate(int sender, long seq, List<Frame> commits, List<ClientUpdate> updates) implements Message {
    public CommitCertificate {
        PbftMessages.replica(sender, "sender");
        PbftMessages.check(seq >= 1, "seq must be >= 1: " + seq);
        for (Frame c : commits) {
            PbftMessages.check(c.message() instanceof PbftCommit, "certificate votes must be COMMITs, not " + c.kind());
        }
        commits = List.copyOf(commits);
        updates = List.copyOf(updates);
    }

    @Override
    public MessageKind kind() {
        return PbftMessages.COMMIT_CERTIFICATE;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        int size = 16 + PbftMessages.framesSize(commits);
        for (ClientUpdate u : updates) {
            size += u.sizeHint();
        }
        return size;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).i64(seq);
        PbftMessages.writeFrames(w, commits);
        PbftMessages.writeUpdates(w, updates);
    }

    public static CommitCertificate decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        long seq = r.nonNegative("seq");
        List<Frame> commits = PbftMessages.readFrames(r, limits, limits.replicaCount(), PbftMessages.COMMIT, "commit frames");
        return new CommitCertificate(sender, seq, commits, PbftMessages.readUpdates(r, limits));
    }

    @Override
    public String toString() {
        return "PBFT-COMMIT-CERTIFICATE(from " + sender + ", seq " + seq + ", " + updates.size() + " updates)";
    }
}
