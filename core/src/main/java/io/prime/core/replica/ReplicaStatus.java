package io.prime.core.replica;

import java.util.List;

/**
 * A snapshot of a replica's progress for reports and metrics.
 *
 * @param view            current view
 * @param leader          leader of the current view
 * @param orderedAru      highest global sequence number with everything up to it ordered
 * @param executedSeq     highest global sequence number whose eligible updates have all been applied
 * @param executedUpdates number of client updates applied
 * @param blacklisted     servers this replica has blacklisted (§4.2)
 */
public record ReplicaStatus(long view, int leader, long orderedAru, long executedSeq, long executedUpdates, List<Integer> blacklisted) {
    public ReplicaStatus {
        blacklisted = List.copyOf(blacklisted);
    }
}
