package io.prime.core.durable;

import io.prime.core.checkpoint.CheckpointState;
import io.prime.core.message.AruVector;
import io.prime.core.message.Message;
import io.prime.core.message.OrderCertificate;
import io.prime.core.message.PoRequest;
import io.prime.core.message.ReplayCertificate;

/**
 * What a replica must find again after a restart so that it neither loses nor contradicts anything it did before
 * (not in the paper, which assumes servers do not crash and recover; the rules are PBFT's, Castro and Liskov §4.5).
 * The core emits these in {@link io.prime.core.replica.Outputs#records()}; the host stores them durably <em>before</em>
 * it sends the step's messages, and after a restart hands them back, in order, to
 * {@link io.prime.core.replica.PrimeReplica#restore}.
 *
 * <ul>
 *   <li>{@link Snapshot}: the replica's own checkpoint state. It starts a new log: every record before it is obsolete,
 *       and the core repeats right after it whatever of the older records still matters (the compaction bundle).</li>
 *   <li>{@link Request}: a PO-REQUEST this replica accepted (its own or an origin's). Write-ahead for the claims its
 *       PO-ACKs and PO-ARUs make: a PO-ARU says "I hold these", and peers do not resend what a server claims to hold.</li>
 *   <li>{@link Certified}: such a request collected its preorder certificate here.</li>
 *   <li>{@link Ordered}: the commit certificate (or the view change's replay certificate) of a global sequence number
 *       this replica executed, so it executes the same again and can show it to replicas that ask.</li>
 *   <li>{@link Commitments}: what it signed that must never be contradicted: its votes (PRE-PREPARE, PREPARE, COMMIT)
 *       per view, the view-change messages per view, the next preorder sequence number and the last PO-ARU vector.</li>
 * </ul>
 */
public sealed interface DurableRecord {
    /** Own checkpoint state at {@code state.seq()}: taken at a checkpoint, or installed by a state transfer. */
    record Snapshot(CheckpointState state, byte[] encoded, boolean installed) implements DurableRecord {
    }

    /**
     * An accepted PO-REQUEST with its unsigned encoding (what its digest covers); {@code certified} if its digest is
     * known to be the certified one (rebuilt by reconciliation).
     */
    record Request(PoRequest request, byte[] encoded, boolean certified) implements DurableRecord {
    }

    /** A PO-REQUEST this replica holds became certified (2f acknowledgements besides the origin's, §4.1). */
    record Certified(int origin, long poSeq) implements DurableRecord {
    }

    /**
     * The proof that global sequence number {@code seq} was ordered: an {@link OrderCertificate}, or the
     * {@link ReplayCertificate} of the view-change window that bound it (one record for the whole window).
     */
    record Ordered(long seq, Message certificate) implements DurableRecord {
        public Ordered {
            if (!(certificate instanceof OrderCertificate) && !(certificate instanceof ReplayCertificate)) {
                throw new IllegalArgumentException("not an ordering certificate: " + certificate.kind());
            }
        }
    }

    /**
     * What this replica has signed, as high-water marks.
     *
     * @param votedView    the highest view in which it sent a PRE-PREPARE, PREPARE or COMMIT
     * @param maxVotedSeq  the highest sequence number it voted on in {@code votedView}
     * @param vcView       the highest view for which it sent view-change messages (reliable broadcast, VC-LIST,
     *                     VC-PARTIAL-SIG, REPLAY, REPLAY-PREPARE, REPLAY-COMMIT); -1 if none
     * @param nextPoSeq    the next preorder sequence number it would give its own PO-REQUEST
     * @param poAruSent    the vector of the last PO-ARU it signed (a later one must be at least as high, §4.2)
     */
    record Commitments(long votedView, long maxVotedSeq, long vcView, long nextPoSeq, AruVector poAruSent)
            implements DurableRecord {
        public static Commitments initial(int replicas) {
            return new Commitments(-1, 0, -1, 1, AruVector.zeros(replicas));
        }
    }
}
