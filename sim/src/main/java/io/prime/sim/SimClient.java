package io.prime.sim;

import io.prime.core.crypto.Signer;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Reply;

import java.util.SplittableRandom;

/**
 * A closed-loop client (§7): submit one update, wait for f+1 matching replies (or its own server's reply under the
 * HOME policy), record the latency, submit the next. After a timeout without enough replies it resends the same
 * update to every replica, as a BFT client does.
 */
final class SimClient {
    final long id;
    final int home;
    final Signer signer;
    final SplittableRandom random;
    long nextRequest = 1;
    /** The outstanding update, or null between updates. */
    ClientUpdate outstanding;
    long submittedNanos;
    /** When the outstanding update is resent to every replica; one timer event per client ({@code timerQueued}). */
    long timeoutAtNanos;
    boolean timerQueued;
    Reply[] replies;
    long completed;
    long retries;

    SimClient(long id, int home, Signer signer, SplittableRandom random, int replicas) {
        this.id = id;
        this.home = home;
        this.signer = signer;
        this.random = random;
        this.replies = new Reply[replicas];
    }

    ClientUpdate newUpdate(int updateBytes) {
        byte[] payload = new byte[updateBytes];
        random.nextBytes(payload);
        long request = nextRequest++;
        byte[] signature = signer.sign(ClientUpdate.signedBytes(id, request, payload));
        outstanding = new ClientUpdate(id, request, payload, signature);
        java.util.Arrays.fill(replies, null);
        return outstanding;
    }

    /** Records a reply; returns true when enough matching replies complete the outstanding update. */
    boolean onReply(int replica, Reply reply, int needed, boolean homeOnly) {
        if (outstanding == null || reply.requestNumber() != outstanding.requestNumber() || reply.clientId() != id) {
            return false;
        }
        if (homeOnly) {
            return replica == home;
        }
        replies[replica] = reply;
        int matching = 0;
        for (Reply r : replies) {
            if (r != null && r.matches(reply)) {
                matching++;
            }
        }
        return matching >= needed;
    }
}
