package io.prime.core.app;

/**
 * The replicated application. Prime applies every ordered client update exactly once, in the same order at every
 * correct replica, so the application must be deterministic: same updates in the same order, same results and same
 * snapshots. No wall clock, no randomness, no iteration over hash-ordered collections.
 */
public interface StateMachine {
    /** Applies one update and returns the reply sent to its client. */
    byte[] execute(ExecutionContext context, byte[] payload);

    /** A canonical encoding of the whole application state. */
    byte[] snapshot();

    /** Replaces the state with one produced by {@link #snapshot()}. */
    void restore(byte[] snapshot);
}
