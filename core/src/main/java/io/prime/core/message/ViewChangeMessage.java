package io.prime.core.message;

/**
 * A message of the view change (§5): reliable broadcast (RB-INIT, RB-ECHO, RB-READY), VC-LIST, VC-PARTIAL-SIG,
 * VC-PROOF, REPLAY, REPLAY-PREPARE and REPLAY-COMMIT, each for the view it is changing to.
 */
public interface ViewChangeMessage extends Message {
    long view();
}
