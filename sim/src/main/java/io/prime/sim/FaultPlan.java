package io.prime.sim;

import java.util.List;

/**
 * Seeded network faults, active only during the unstable period [{@code startMicros}, {@code endMicros}); after it
 * the network is stable (PRIME-STABILITY, §2) and the liveness and BOUNDED-DELAY checks apply.
 *
 * @param lossProbability      each server-to-server message is dropped with this probability
 * @param duplicateProbability each message is delivered twice with this probability
 * @param reorderProbability   each message ignores link FIFO order and takes up to {@code reorderMaxMicros} extra
 * @param reorderMaxMicros     extra delay for reordered messages
 * @param partitions           scheduled partitions: messages between different groups are dropped while active
 * @param startMicros          start of the unstable period (simulated time)
 * @param endMicros            end of the unstable period
 */
public record FaultPlan(
        double lossProbability,
        double duplicateProbability,
        double reorderProbability,
        long reorderMaxMicros,
        List<Partition> partitions,
        long startMicros,
        long endMicros) {

    /**
     * Servers in {@code isolated} cannot exchange messages with the others between start and end; with
     * {@code outgoingOnly} (a "mute": a denial of service on their uplinks) only what they send to the others is lost,
     * and they still hear everything.
     */
    public record Partition(long startMicros, long endMicros, long isolatedMask, boolean outgoingOnly) {
        /** A partition in both directions. */
        public Partition(long startMicros, long endMicros, long isolatedMask) {
            this(startMicros, endMicros, isolatedMask, false);
        }

        /** What {@code isolated} sends to the others is lost between start and end; they still receive. */
        public static Partition mute(long startMicros, long endMicros, long isolatedMask) {
            return new Partition(startMicros, endMicros, isolatedMask, true);
        }

        /** Whether a message from {@code from} to {@code to} at {@code nowMicros} is cut off. */
        public boolean separates(int from, int to, long nowMicros) {
            if (nowMicros < startMicros || nowMicros >= endMicros) {
                return false;
            }
            boolean ia = (isolatedMask & (1L << from)) != 0;
            boolean ib = (isolatedMask & (1L << to)) != 0;
            return outgoingOnly ? ia && !ib : ia != ib;
        }
    }

    /** This plan with {@code extra} partitions added (the unstable window is unchanged). */
    public FaultPlan withPartitions(List<Partition> extra) {
        List<Partition> all = new java.util.ArrayList<>(partitions);
        all.addAll(extra);
        return new FaultPlan(lossProbability, duplicateProbability, reorderProbability, reorderMaxMicros, all, startMicros,
                endMicros);
    }

    public FaultPlan {
        checkProbability(lossProbability, "loss");
        checkProbability(duplicateProbability, "duplicate");
        checkProbability(reorderProbability, "reorder");
        if (reorderMaxMicros < 0 || startMicros < 0 || endMicros < startMicros) {
            throw new IllegalArgumentException("fault window and reorder delay must be non-negative and ordered");
        }
        partitions = List.copyOf(partitions);
    }

    private static void checkProbability(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " probability must be in [0, 1]: " + p);
        }
    }

    public static FaultPlan none() {
        return new FaultPlan(0, 0, 0, 0, List.of(), 0, 0);
    }

    public boolean activeAt(long nowMicros) {
        return nowMicros >= startMicros && nowMicros < endMicros;
    }

    public boolean any() {
        return endMicros > startMicros && (lossProbability > 0 || duplicateProbability > 0 || reorderProbability > 0
                || !partitions.isEmpty());
    }

    /** Time after which the network is stable. */
    public long stableFromMicros() {
        long end = any() ? endMicros : 0;
        for (Partition p : partitions) {
            end = Math.max(end, p.endMicros());
        }
        return end;
    }
}
