package io.prime.core.suspect;

import io.prime.core.quorum.Quorums;

/**
 * The quorum arithmetic of SUSPECT-LEADER (Fig. 4), as pure functions tested against brute force. Vectors hold one
 * value per server (N = 3f+1); {@link Long#MAX_VALUE} stands for infinity.
 *
 * <ul>
 *   <li>Line C2-C3: α = Sorted_TATs[2f+1], the (2f+1)-th lowest of TATs_If_Leader, i.e. the lowest of the f+1
 *       highest: at least one of those comes from a correct server, so α <= B (proof of Property 4.1).</li>
 *   <li>Line E2-E3: TAT_acceptable = the (2f+1)-th lowest of TAT_Leader_UBs, by the same argument.</li>
 *   <li>Line E4-E5: TAT_leader = Sorted_TATs[f+1], the (f+1)-th lowest of Reported_TATs. A server suspects the
 *       leader only when 2f+1 servers report turnarounds above TAT_acceptable, so f liars and a few slow correct
 *       servers cannot depose a correct leader (Property 4.2: the f+1 correct servers that get timely turnarounds
 *       from it keep the (f+1)-th lowest down); a leader that stays in power gives timely turnarounds to f+1
 *       servers, at least one of them correct (the paper's argument for BOUNDED-DELAY after Property 4.1).</li>
 * </ul>
 */
public final class TatQuorum {
    private TatQuorum() {
    }

    /** Fig. 4, C2-C3. */
    public static long alpha(long[] tatsIfLeader, int f) {
        return Quorums.kthLowest(tatsIfLeader, 2 * f + 1);
    }

    /** Fig. 4, E2-E3. */
    public static long tatAcceptable(long[] tatLeaderUbs, int f) {
        return Quorums.kthLowest(tatLeaderUbs, 2 * f + 1);
    }

    /** Fig. 4, E4-E5. */
    public static long tatLeader(long[] reportedTats, int f) {
        return Quorums.kthLowest(reportedTats, f + 1);
    }

    /** Fig. 4, E6: suspect the leader when TAT_leader > TAT_acceptable. */
    public static boolean suspect(long[] tatLeaderUbs, long[] reportedTats, int f) {
        return tatLeader(reportedTats, f) > tatAcceptable(tatLeaderUbs, f);
    }

    /** Fig. 4, B10: the turnaround time j would compute for this server as leader: rtt * K_Lat + Δpp. */
    public static long tatIfLeader(long rttMicros, double kLat, long deltaPpMicros) {
        double t = rttMicros * kLat + deltaPpMicros;
        return t >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(t);
    }
}
