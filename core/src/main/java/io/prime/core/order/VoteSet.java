package io.prime.core.order;

import io.prime.core.codec.Frame;
import io.prime.core.crypto.Digest;

import java.util.Arrays;

/**
 * Votes (PREPAREs or COMMITs) for one global sequence number, grouped by the PRE-PREPARE digest they name. Each
 * sender counts once; a second vote for a different digest is equivocation and is refused. The signed frames are
 * kept so that certificates can be shown to others (catch-up, view change).
 */
final class VoteSet {
    enum Result { NEW, DUPLICATE, CONFLICT }

    private final Frame[] frames;
    private final Digest[] votedDigest;
    private long votersMask;

    VoteSet(int n) {
        this.frames = new Frame[n];
        this.votedDigest = new Digest[n];
    }

    Result add(int sender, Digest digest, Frame frame) {
        long bit = 1L << sender;
        if ((votersMask & bit) != 0) {
            return votedDigest[sender].equals(digest) ? Result.DUPLICATE : Result.CONFLICT;
        }
        votersMask |= bit;
        votedDigest[sender] = digest;
        frames[sender] = frame;
        return Result.NEW;
    }

    /** Attaches the signed frame of a vote recorded before its frame existed (this replica's own votes). */
    void attachFrame(int sender, Digest digest, Frame frame) {
        if (votedDigest[sender] != null && votedDigest[sender].equals(digest) && frames[sender] == null) {
            frames[sender] = frame;
        }
    }

    /** Senders that voted for {@code digest}, excluding those in {@code excludeMask}. */
    int count(Digest digest, long excludeMask) {
        int c = 0;
        for (int i = 0; i < votedDigest.length; i++) {
            if ((excludeMask & (1L << i)) == 0 && votedDigest[i] != null && votedDigest[i].equals(digest)) {
                c++;
            }
        }
        return c;
    }

    /** A digest with at least {@code quorum} votes (not counting {@code excludeMask}), or null. */
    Digest quorumDigest(int quorum, long excludeMask) {
        for (int i = 0; i < votedDigest.length; i++) {
            Digest d = votedDigest[i];
            if (d != null && count(d, excludeMask) >= quorum) {
                return d;
            }
        }
        return null;
    }

    /** The signed frames of votes for {@code digest}, in sender order. */
    Frame[] framesFor(Digest digest) {
        return Arrays.stream(frames).filter(f -> f != null).filter(f -> {
            int s = senderOf(f);
            return votedDigest[s] != null && votedDigest[s].equals(digest);
        }).toArray(Frame[]::new);
    }

    private static int senderOf(Frame f) {
        return f.message().batchSigner();
    }
}
