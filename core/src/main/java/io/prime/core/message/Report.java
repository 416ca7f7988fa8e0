package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/**
 * ⟨REPORT, v, execARU, numSeq, i⟩ (§5.3, state dissemination): server i's execution ARU when it preinstalled view v
 * and the number of PC-SET messages that follow. Carried by reliable broadcast with tag ⟨i, v, 0⟩; never sent alone.
 */
public record Report(long view, long execAru, int numSeq, int sender) implements Message {
    public Report {
        Ids.nonNegative(view, "view");
        Ids.nonNegative(execAru, "exec aru");
        Ids.nonNegative(numSeq, "numSeq");
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.REPORT;
    }

    @Override
    public int batchSigner() {
        return -1;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).i64(execAru).u32(numSeq).u16(sender);
    }

    public static Report decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        long execAru = r.nonNegative("exec aru");
        int numSeq = r.count("numSeq", limits.maxListEntries(), 0);
        return new Report(view, execAru, numSeq, r.replica("sender", limits.replicaCount()));
    }

    @Override
    public String toString() {
        return "REPORT(v" + view + ", execAru " + execAru + ", " + numSeq + " PCs, from " + sender + ")";
    }
}
