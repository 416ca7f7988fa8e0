package io.prime.core.preorder;

/** The preorder slots of one origin: those not yet garbage collected, keyed by preorder sequence number. */
final class OriginLog {
    final int origin;
    final SeqRing<PreorderSlot> slots = new SeqRing<>();
    /** Everything at or below this sequence number has been collected. */
    long collectedUpTo;
    /** Highest sequence number of this origin executed locally (execution is in order per origin). */
    long executedUpTo;

    OriginLog(int origin) {
        this.origin = origin;
    }

    PreorderSlot get(long seq) {
        return slots.get(seq);
    }

    PreorderSlot getOrCreate(long seq) {
        return slots.computeIfAbsent(seq, PreorderSlot::new);
    }
}
