package io.prime.core.replica;

import io.prime.core.message.ClientUpdate;
import io.prime.core.message.UpdateId;

/**
 * One client update applied to the state machine, reported for observers (invariant checkers, metrics). The
 * {@code executionIndex} counts applied updates from 1: SAFETY says two correct replicas never apply different
 * updates at the same index.
 *
 * @param executionIndex position in this replica's executed sequence (1-based)
 * @param globalSeq      the global sequence number of the PRE-PREPARE that made the update eligible
 * @param origin         the server that preordered it
 * @param poSeq          its preorder sequence number at that origin
 * @param update         the client update itself (immutable), so observers can compare content
 */
public record Executed(long executionIndex, long globalSeq, int origin, long poSeq, ClientUpdate update) {
    public UpdateId updateId() {
        return update.id();
    }
}
