package io.prime.sim.check;

/** A correctness invariant failed: the run stops and reports how to replay it. */
public final class InvariantViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String invariant;

    public InvariantViolation(String invariant, String detail) {
        super(invariant + " violated: " + detail);
        this.invariant = invariant;
    }

    /** "SAFETY", "VALIDITY" or "EXACTLY-ONCE". */
    public String invariant() {
        return invariant;
    }
}
