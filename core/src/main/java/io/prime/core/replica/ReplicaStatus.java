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
 * @param tatLeaderMicros     TAT_leader (§4.2, Fig. 4), -1 where the core has none (not measured yet, or no SUSPECT-LEADER)
 * @param tatAcceptableMicros TAT_acceptable, -1 likewise
 */
public record ReplicaStatus(long view, int leader, long orderedAru, long executedSeq, long executedUpdates, List<Integer> blacklisted,
                            long tatLeaderMicros, long tatAcceptableMicros) {
    public ReplicaStatus {
        blacklisted = List.copyOf(blacklisted);
    }

    /** A status without turnaround times (protocols without SUSPECT-LEADER). */
    public ReplicaStatus(long view, int leader, long orderedAru, long executedSeq, long executedUpdates, List<Integer> blacklisted) {
        this(view, leader, orderedAru, executedSeq, executedUpdates, blacklisted, -1, -1);
    }
}
