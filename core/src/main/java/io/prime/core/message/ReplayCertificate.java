package io.prime.core.message;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

import java.util.List;

/**
 * REPLAY-CERTIFICATE (catch-up, not in the paper): proof of how a view change's replay window was decided, for a
 * replica that missed it. The leader's signed REPLAY (whose threshold signature proves the list and startSeq), 2f+1
 * signed REPLAY-COMMITs naming the REPLAY and the outcome digest, and the PRE-PREPAREs bound in the window (the others
 * are no-ops). The receiver recomputes the outcome digest from them, so it needs none of the listed servers' state.
 */
public record ReplayCertificate(int sender, Frame replay, List<Frame> commits, long from, List<Frame> bindings) implements Message {
    public ReplayCertificate {
        Ids.replica(sender, "sender");
        Ids.nonNegative(from, "from");
        if (!(replay.message() instanceof Replay)) {
            throw new IllegalArgumentException("a replay certificate holds a REPLAY, not " + replay.kind());
        }
        for (Frame c : commits) {
            if (!(c.message() instanceof ReplayCommit)) {
                throw new IllegalArgumentException("replay certificate votes must be REPLAY-COMMITs, not " + c.kind());
            }
        }
        for (Frame b : bindings) {
            if (!(b.message() instanceof PrePrepare)) {
                throw new IllegalArgumentException("replay bindings are PRE-PREPAREs, not " + b.kind());
            }
        }
        commits = List.copyOf(commits);
        bindings = List.copyOf(bindings);
    }

    public Replay replayMessage() {
        return (Replay) replay.message();
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.REPLAY_CERTIFICATE;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        int size = 22 + replay.length();
        for (Frame f : commits) {
            size += 4 + f.length();
        }
        for (Frame f : bindings) {
            size += 4 + f.length();
        }
        return size;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).blob(replay.bytes()).u32(commits.size());
        for (Frame f : commits) {
            w.blob(f.bytes());
        }
        w.i64(from).u32(bindings.size());
        for (Frame f : bindings) {
            w.blob(f.bytes());
        }
    }

    public static ReplayCertificate decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        FrameCodec nested = new FrameCodec(PrimeMessages.registry(), limits);
        Frame replay = nested.decode(r.blob("replay frame", limits.maxFrameBytes()));
        if (!(replay.message() instanceof Replay)) {
            throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "replay certificate holds a " + replay.kind());
        }
        int count = r.count("commit frames", limits.replicaCount(), 4);
        Frame[] commits = new Frame[count];
        for (int i = 0; i < count; i++) {
            commits[i] = nested.decode(r.blob("commit frame", limits.maxFrameBytes()));
            if (!(commits[i].message() instanceof ReplayCommit)) {
                throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "replay certificate vote is a " + commits[i].kind());
            }
        }
        long from = r.nonNegative("from");
        int bound = r.count("bindings", limits.maxListEntries(), 4);
        Frame[] bindings = new Frame[bound];
        for (int i = 0; i < bound; i++) {
            bindings[i] = nested.decode(r.blob("binding frame", limits.maxFrameBytes()));
            if (!(bindings[i].message() instanceof PrePrepare)) {
                throw new MalformedFrameException(MalformedFrameException.Reason.VALUE_OUT_OF_RANGE, "replay binding is a " + bindings[i].kind());
            }
        }
        return new ReplayCertificate(sender, replay, List.of(commits), from, List.of(bindings));
    }

    @Override
    public String toString() {
        return "REPLAY-CERTIFICATE(from " + sender + ", " + replay + ", window after " + from + ", "
                + bindings.size() + " bound)";
    }
}
